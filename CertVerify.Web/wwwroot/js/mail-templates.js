// The mail template editor's preview: the form's wording is sent to POST /api/mail/templates/{kind}/preview (nothing is
// saved) and the answer shown: the subject, the plain text, and the whole HTML message in a sandboxed frame (no scripts).
// The frame lives under this site's Content-Security-Policy, which refuses inline styles and images from elsewhere: the
// message is shown without them (its style attributes dropped, a remote image as its alt text) rather than breaking it.
// Saving and resetting are forms.js's job.
(() => {
    "use strict";

    const form = document.querySelector("[data-mail-template]");
    const output = document.querySelector("[data-mail-preview-output]");
    if (!form || !output) return;
    const problems = output.querySelector("[data-preview-problems]");
    const result = output.querySelector("[data-preview-result]");
    const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

    function showProblems(messages) {
        problems.replaceChildren(...messages.map(message => Object.assign(document.createElement("li"), { textContent: message })));
        problems.hidden = messages.length === 0;
        result.hidden = messages.length > 0;
    }

    /** The message as this site's policy lets it show: no style attributes, images from elsewhere as their alt text. */
    function allowedHere(html) {
        // Dropped before parsing: even an inert parsed document reports each style attribute to the policy.
        const unstyled = html.replace(/\sstyle\s*=\s*("[^"]*"|'[^']*')/gi, "");
        const message = new DOMParser().parseFromString(unstyled, "text/html");
        message.querySelectorAll("img").forEach(img => {
            if (new URL(img.getAttribute("src") ?? "", location.href).origin !== location.origin) img.replaceWith(`[${img.alt}]`);
        });
        return "<!DOCTYPE html>" + message.documentElement.outerHTML;
    }

    async function preview() {
        const body = { subject: form.elements.subject.value, text: form.elements.text.value, html: form.elements.html.value };
        output.hidden = false;
        try {
            const response = await fetch(form.dataset.preview, {
                method: "POST",
                headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRF-TOKEN": csrfToken() },
                body: JSON.stringify(body),
            });
            const answer = await response.json().catch(() => ({}));
            if (!response.ok) {
                const errors = Object.entries(answer.errors ?? {}).flatMap(([field, messages]) => messages.map(m => `${field}: ${m}`));
                showProblems(errors.length ? errors : [answer.detail ?? answer.title ?? "The preview failed."]);
                return;
            }
            showProblems([]);
            output.querySelector("[data-preview-subject]").textContent = answer.subject;
            output.querySelector("[data-preview-text]").textContent = answer.text;
            output.querySelector("[data-preview-html]").srcdoc = allowedHere(answer.html);
        } catch {
            showProblems(["The server could not be reached. Try again."]);
        }
        output.scrollIntoView({ behavior: "smooth", block: "start" });
    }

    form.querySelector("[data-mail-preview]").addEventListener("click", preview);
})();
