// The API keys page: when a key is created (forms.js sends the form to POST /api/keys), its one and only copy is
// shown with a copy button; reloading the page (the "I have stored it" link) lists it with the others.
(() => {
    "use strict";

    const form = document.querySelector("[data-key-create]");
    const panel = document.querySelector("[data-key-secret]");
    if (!form || !panel) return;
    const field = panel.querySelector("#new-key");
    const status = panel.querySelector("[data-copy-status]");

    form.addEventListener("api:success", event => {
        field.value = event.detail.key;
        panel.querySelector("[data-key-name]").textContent = `“${event.detail.name}”`;
        document.querySelector("[data-key-create-card]").hidden = true;
        panel.hidden = false;
        panel.querySelector("#secret-heading").focus();
    });

    panel.querySelector("[data-copy]").addEventListener("click", async () => {
        try {
            await navigator.clipboard.writeText(field.value);
            status.textContent = "Copied to the clipboard.";
        } catch {
            // No clipboard access (permissions, an insecure origin): leave the key selected for Ctrl+C.
            field.focus();
            field.select();
            status.textContent = "Could not copy automatically: the key is selected, press Ctrl+C (⌘C on a Mac).";
        }
    });
})();
