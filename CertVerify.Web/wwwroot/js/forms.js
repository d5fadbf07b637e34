// Progressive enhancement for the console: a <form data-api="/api/..."> is sent to that JSON API endpoint (the same
// one API clients use) with the CSRF token, and the answer's problem details are shown next to the fields.
//   data-method   HTTP method (default POST)
//   data-confirm  a question to confirm first
//   data-then     "reload" (default), "stay", or an address to go to; {name} is filled from the JSON answer
//   data-body     "file": send the file chosen in the form's file input as the body itself (its type as
//                 Content-Type) instead of JSON, for endpoints that take a file (e.g. PUT /api/organisation/logo)
// Fields: empty ones are left out; checkboxes send true/false; type=number sends a number;
// data-json fields are parsed as JSON; a name like "metadata.grade" builds a nested object.
(() => {
    "use strict";

    const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content;

    function bodyOf(form) {
        const body = {};
        for (const field of form.elements) {
            if (!field.name || field.disabled || field.type === "submit" || field.type === "button") continue;
            if (field.type === "radio" && !field.checked) continue;
            let value = field.type === "checkbox" ? field.checked : field.value;
            if (value === "") continue;
            if (field.type === "number") value = Number(value);
            if (field.dataset.json !== undefined) value = JSON.parse(value);
            if (field.type === "datetime-local" || field.type === "date") value = new Date(value).toISOString();
            const path = field.name.split(".");
            let target = body;
            for (const key of path.slice(0, -1)) target = target[key] ??= {};
            target[path.at(-1)] = value;
        }
        return body;
    }

    function clearErrors(form) {
        form.querySelectorAll("[data-error-for]").forEach(e => { e.textContent = ""; e.hidden = true; });
        form.querySelectorAll("[aria-invalid]").forEach(e => e.removeAttribute("aria-invalid"));
        const summary = form.querySelector(".form-errors");
        if (summary) { summary.textContent = ""; summary.hidden = true; }
    }

    function showProblem(form, problem) {
        const summary = form.querySelector(".form-errors");
        const unplaced = [];
        for (const [name, messages] of Object.entries(problem.errors ?? {})) {
            const slot = [...form.querySelectorAll("[data-error-for]")]
                .find(e => e.dataset.errorFor.toLowerCase() === name.toLowerCase());
            if (slot) {
                slot.textContent = messages.join(" ");
                slot.hidden = false;
                form.elements.namedItem(slot.dataset.errorFor)?.setAttribute?.("aria-invalid", "true");
            } else {
                unplaced.push(`${name}: ${messages.join(" ")}`);
            }
        }
        if (summary) {
            summary.textContent = [problem.errors ? "" : (problem.detail ?? problem.title ?? "The request failed."), ...unplaced]
                .filter(Boolean).join(" ");
            summary.hidden = summary.textContent === "";
        }
    }

    async function submit(form, event) {
        event.preventDefault();
        if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
        clearErrors(form);
        let body, contentType = "application/json";
        if (form.dataset.body === "file") {
            body = form.querySelector('input[type="file"]')?.files?.[0];
            if (!body) {
                showProblem(form, { detail: "Choose a file first." });
                return;
            }
            contentType = body.type || "application/octet-stream";
        } else {
            try {
                body = JSON.stringify(bodyOf(form));
            } catch {
                showProblem(form, { detail: "A JSON field is not valid JSON." });
                return;
            }
        }
        const buttons = form.querySelectorAll("button");
        buttons.forEach(b => b.disabled = true);
        try {
            const response = await fetch(form.dataset.api, {
                method: form.dataset.method ?? "POST",
                headers: { "Content-Type": contentType, "Accept": "application/json", "X-CSRF-TOKEN": csrfToken() ?? "" },
                body,
            });
            const answer = response.status === 204 ? {} : await response.json().catch(() => ({}));
            if (!response.ok) {
                showProblem(form, answer);
                return;
            }
            form.dispatchEvent(new CustomEvent("api:success", { detail: answer, bubbles: true }));
            const then = form.dataset.then ?? "reload";
            if (then === "reload") window.location.reload();
            else if (then !== "stay") window.location.assign(then.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(answer[name] ?? "")));
        } catch {
            showProblem(form, { detail: "The server could not be reached. Try again." });
        } finally {
            buttons.forEach(b => b.disabled = false);
        }
    }

    document.addEventListener("submit", event => {
        if (event.target instanceof HTMLFormElement && event.target.dataset.api) submit(event.target, event);
    });
})();
