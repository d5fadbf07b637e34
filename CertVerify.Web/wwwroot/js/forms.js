// Progressive enhancement for the console: a <form data-api="/api/..."> is sent to that JSON API endpoint (the same
// one API clients use) with the CSRF token, and the answer's problem details are shown next to the fields.
//   data-method   HTTP method (default POST)
//   data-confirm  a question to confirm first
//   data-then     "reload" (default), "stay", or an address to go to; {name} is filled from the JSON answer
//   data-body     "file": send the file chosen in the form's file input as the body itself (its type as
//                 Content-Type) instead of JSON, for endpoints that take a file (e.g. PUT /api/organisation/logo)
// Fields: empty ones are left out; checkboxes send true/false; type=number sends a number;
// data-json fields are parsed as JSON; data-keyvalue fields (a textarea of "key=value" lines) become an object;
// a name like "metadata.grade" builds a nested object.
// Errors: a problem's errors go to the [data-error-for] slot of their field (or of its first part: "metadata.grade"
// goes to "metadata"), the rest to the .form-errors summary.
(() => {
    "use strict";

    const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content;

    /** Thrown when a field cannot be turned into JSON; shown like a 400 naming that field. */
    class FieldProblem extends Error {
        constructor(field, message) { super(message); this.problem = { errors: { [field]: [message] } }; }
    }

    function keyValues(field) {
        const result = {};
        field.value.split(/\r?\n/).forEach((line, i) => {
            if (line.trim() === "") return;
            const at = line.indexOf("=");
            if (at < 0) throw new FieldProblem(field.name, `Line ${i + 1}: write key=value.`);
            const key = line.slice(0, at).trim();
            if (Object.hasOwn(result, key)) throw new FieldProblem(field.name, `Line ${i + 1}: the key "${key}" is given twice.`);
            result[key] = line.slice(at + 1).trim();
        });
        return result;
    }

    function bodyOf(form) {
        const body = {};
        for (const field of form.elements) {
            if (!field.name || field.disabled || field.type === "submit" || field.type === "button") continue;
            if (field.type === "radio" && !field.checked) continue;
            let value = field.type === "checkbox" ? field.checked : field.value;
            if (value === "") continue;
            if (field.type === "number") value = Number(value);
            if (field.dataset.json !== undefined) {
                try { value = JSON.parse(value); } catch { throw new FieldProblem(field.name, "This is not valid JSON."); }
            }
            if (field.dataset.keyvalue !== undefined) value = keyValues(field);
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
        const slots = [...form.querySelectorAll("[data-error-for]")];
        const slotFor = name => slots.find(e => e.dataset.errorFor.toLowerCase() === name.toLowerCase());
        // JSON that could not be read names its field ("field") rather than listing errors.
        const errors = problem.errors ?? (problem.field && slotFor(problem.field) ? { [problem.field]: [problem.detail ?? problem.title] } : {});
        for (const [name, messages] of Object.entries(errors)) {
            const slot = slotFor(name) ?? slotFor(name.split(".")[0]);
            if (slot) {
                slot.textContent = messages.join(" ");
                slot.hidden = false;
                form.elements.namedItem(slot.dataset.errorFor)?.setAttribute?.("aria-invalid", "true");
            } else {
                unplaced.push(`${name}: ${messages.join(" ")}`);
            }
        }
        if (summary) {
            summary.textContent = [Object.keys(errors).length ? "" : (problem.detail ?? problem.title ?? "The request failed."), ...unplaced]
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
            } catch (error) {
                if (!(error instanceof FieldProblem)) throw error;
                showProblem(form, error.problem);
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
