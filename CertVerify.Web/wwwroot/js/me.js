// The recipient's pages (/me): copy buttons for share links, and the focus back on a certificate whose visibility
// was just changed (the page reloads after the change).
//   <button data-copy="input-id"> copies that input's value; <p data-copy-status="input-id"> says what happened.
(() => {
    "use strict";

    async function copy(button) {
        const field = document.getElementById(button.dataset.copy);
        const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
        if (!field) return;
        try {
            await navigator.clipboard.writeText(field.value);
            if (status) status.textContent = "Link copied.";
        } catch {
            // No clipboard access (permission, older browser): leave the link selected for the keyboard shortcut.
            field.focus();
            field.select();
            if (status) status.textContent = "Press Ctrl+C (⌘C on a Mac) to copy the selected link.";
        }
    }

    document.querySelectorAll("button[data-copy]").forEach(button => {
        button.hidden = false;
        button.addEventListener("click", () => copy(button));
    });

    // Reading a link is easier when clicking into it selects all of it.
    document.querySelectorAll(".copy-field input[readonly]").forEach(input =>
        input.addEventListener("focus", () => input.select()));

    const changed = document.querySelector(".my-certificate.changed form.visibility button[type=submit]");
    if (changed) changed.focus();
})();
