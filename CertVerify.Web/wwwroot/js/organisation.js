// The organisation page: previews the chosen logo file before it is uploaded (a blob: address, which the
// Content-Security-Policy allows), and says at once when it is too large. The server checks everything again.
(() => {
    "use strict";

    const input = document.getElementById("logo");
    const preview = document.querySelector("[data-logo-chosen]");
    if (!input || !preview) return;
    const error = document.querySelector('[data-error-for="logo"]');
    let address = null;

    input.addEventListener("change", () => {
        if (address) URL.revokeObjectURL(address);
        address = null;
        preview.hidden = true;
        error.hidden = true;
        input.removeAttribute("aria-invalid");
        const file = input.files?.[0];
        if (!file) return;
        if (file.size > Number(input.dataset.maxBytes)) {
            error.textContent = `This file is ${Math.ceil(file.size / 1024)} KB: the logo may be at most ${Number(input.dataset.maxBytes) / 1024} KB.`;
            error.hidden = false;
            input.setAttribute("aria-invalid", "true");
            return;
        }
        address = URL.createObjectURL(file);
        preview.src = address;
        preview.hidden = false;
    });
})();
