// The template editor. The design JSON textarea is the design: each form control shows one key of it (or, empty, the
// default it comes to, as its placeholder) and writes only that key, so keys of the designer's own are kept. The
// preview is the server's renderer: 400 ms after the last change the design is sent to POST /api/templates/preview,
// an older request still on its way is aborted, and the PNG that comes back replaces the image. Saving is forms.js's
// job (the textarea is the form's "design" field).
(() => {
    "use strict";

    const form = document.querySelector("[data-template-editor]");
    if (!form) return;
    const defaults = JSON.parse(form.dataset.defaults);
    const textarea = form.querySelector("#design");
    const jsonError = form.querySelector('[data-error-for="design"]');
    const controls = [...form.querySelectorAll("[data-path]")];
    const groups = [...form.querySelectorAll("[data-design-controls]")];
    const preview = document.querySelector("[data-preview]");
    const image = preview.querySelector("[data-preview-image]");
    const status = preview.querySelector("[data-preview-status]");
    const problems = preview.querySelector("[data-preview-problems]");
    const samples = [...preview.querySelectorAll("[data-sample]")];
    const DEBOUNCE_MS = 400;

    const isObject = value => typeof value === "object" && value !== null && !Array.isArray(value);
    const get = (object, path) => path.split(".").reduce((o, key) => isObject(o) ? o[key] : undefined, object);
    const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

    let design = {};

    function set(path, value) {
        const keys = path.split(".");
        let target = design;
        for (const key of keys.slice(0, -1)) {
            if (!isObject(target[key])) target[key] = {};
            target = target[key];
        }
        target[keys.at(-1)] = value;
    }

    /** Removes the key, and the objects (a field, "fields") it leaves empty. */
    function remove(path) {
        const keys = path.split(".");
        const chain = [design];
        for (const key of keys.slice(0, -1)) {
            const next = chain.at(-1)[key];
            if (!isObject(next)) return;
            chain.push(next);
        }
        delete chain.at(-1)[keys.at(-1)];
        for (let i = chain.length - 1; i > 0 && Object.keys(chain[i]).length === 0; i--) delete chain[i - 1][keys[i - 1]];
    }

    /** What the renderer uses where the design says nothing: a field's colour follows the page's accent or text colour. */
    function defaultOf(path) {
        const page = defaults[design.orientation === "portrait" ? "portrait" : "landscape"];
        const value = get(page, path);
        if (path.endsWith(".color")) {
            for (const key of ["accentColor", "textColor"]) {
                if (value === page[key] && typeof design[key] === "string") return design[key];
            }
        }
        return value;
    }

    /** A colour as <input type=color> takes it (#rrggbb), or null: opacity is dropped, #rgb spelled out. */
    function pickable(colour) {
        if (typeof colour !== "string") return null;
        if (/^#[0-9a-f]{6}$/i.test(colour)) return colour.toLowerCase();
        if (/^#[0-9a-f]{8}$/i.test(colour)) return "#" + colour.slice(3).toLowerCase();
        if (/^#[0-9a-f]{3}$/i.test(colour)) return "#" + [...colour.slice(1)].map(c => c + c).join("").toLowerCase();
        return null;
    }

    /** Shows the design in the controls; the one being typed in keeps its text. */
    function showDesign() {
        for (const control of controls) {
            const path = control.dataset.path;
            const value = get(design, path);
            const fallback = defaultOf(path);
            if (control.type === "checkbox") {
                control.checked = typeof value === "boolean" ? value : control.dataset.default === "true";
            } else if (control.tagName === "SELECT") {
                const wanted = value === undefined ? "" : String(value);
                control.value = [...control.options].some(o => o.value === wanted) ? wanted : control.options[0].value;
            } else {
                control.placeholder = fallback === undefined ? "" : String(fallback);
                if (control !== document.activeElement) {
                    control.value = (control.type === "number" ? typeof value === "number" : typeof value === "string") ? value : "";
                }
            }
            const picker = form.querySelector(`[data-picker-for="${control.id}"]`);
            if (picker) picker.value = pickable(value) ?? pickable(fallback) ?? "#000000";
        }
    }

    /** Writes one control's value into the design: its default (or nothing) removes the key. */
    function apply(control) {
        const path = control.dataset.path;
        if (control.type === "checkbox") {
            if (String(control.checked) === control.dataset.default) remove(path); else set(path, control.checked);
        } else if (control.value.trim() === "") {
            remove(path);
        } else if (control.type === "number") {
            set(path, Number(control.value));
        } else if (control.value === "true" || control.value === "false") {
            set(path, control.value === "true");
        } else {
            set(path, control.value.trim());
        }
        textarea.value = JSON.stringify(design, null, 2);
    }

    /** Reads the textarea; while it is not a JSON object the controls are disabled and the preview waits. */
    function readJson() {
        let parsed, problem = null;
        try {
            parsed = JSON.parse(textarea.value);
            if (!isObject(parsed)) problem = "The design must be a JSON object: { ... }.";
        } catch (error) {
            problem = `This is not valid JSON: ${error.message}`;
        }
        groups.forEach(g => g.disabled = problem !== null);
        jsonError.textContent = problem ?? "";
        jsonError.hidden = problem === null;
        if (problem === null) textarea.removeAttribute("aria-invalid"); else textarea.setAttribute("aria-invalid", "true");
        if (problem !== null) {
            status.textContent = "Fix the design JSON to update the preview.";
            return false;
        }
        design = parsed;
        showDesign();
        return true;
    }

    // ---- The preview ----

    let timer = null;
    let current = null;
    let shown = null;

    function schedule(delay = DEBOUNCE_MS) {
        clearTimeout(timer);
        timer = setTimeout(render, delay);
    }

    function showProblems(problem) {
        form.querySelectorAll("[data-preview-invalid]").forEach(c => { c.removeAttribute("aria-invalid"); c.removeAttribute("data-preview-invalid"); });
        samples.forEach(s => s.removeAttribute("aria-invalid"));
        problems.replaceChildren();
        const errors = Object.entries(problem?.errors ?? {});
        if (problem && errors.length === 0) errors.push(["", [problem.detail ?? problem.title ?? "The preview failed."]]);
        for (const [key, messages] of errors) {
            const item = document.createElement("li");
            item.textContent = messages.join(" ");
            problems.append(item);
            const [root, ...rest] = key.split(".");
            const control = root === "design" ? controls.find(c => c.dataset.path === rest.join("."))
                : root === "sample" ? samples.find(s => s.dataset.sample.toLowerCase() === rest.join(".").toLowerCase()) : null;
            if (control) {
                control.setAttribute("aria-invalid", "true");
                control.setAttribute("data-preview-invalid", "");
                const details = control.closest("details");
                if (details) details.open = true;
            }
        }
        problems.hidden = errors.length === 0;
    }

    async function render() {
        current?.abort();
        const request = current = new AbortController();
        const sample = Object.fromEntries(samples.map(s => [s.dataset.sample, s.value]));
        preview.setAttribute("aria-busy", "true");
        status.textContent = "Updating the preview…";
        try {
            const response = await fetch("/api/templates/preview", {
                method: "POST",
                headers: { "Content-Type": "application/json", "Accept": "image/png, application/problem+json", "X-CSRF-TOKEN": csrfToken() },
                body: JSON.stringify({ design, sample }),
                signal: request.signal,
            });
            if (response.ok) {
                const address = URL.createObjectURL(await response.blob());
                image.addEventListener("load", () => { if (shown) URL.revokeObjectURL(shown); shown = address; }, { once: true });
                image.src = address;
                image.classList.remove("stale");
                status.textContent = "";
                showProblems(null);
            } else if (response.status === 503 || response.status === 429) {
                // Busy (renders queued) or over the rate limit: try again when the server says.
                const seconds = Math.max(1, Number(response.headers.get("Retry-After")) || 2);
                status.textContent = `The server is busy; the preview will update in ${seconds} s.`;
                schedule(seconds * 1000);
            } else {
                image.classList.add("stale");
                status.textContent = "The preview shows the last design that could be drawn.";
                showProblems(await response.json().catch(() => ({ detail: `The preview failed (${response.status}).` })));
            }
        } catch (error) {
            if (error.name === "AbortError") return; // a newer preview took over
            status.textContent = "The server could not be reached; the preview will update after the next change.";
        } finally {
            if (current === request) preview.removeAttribute("aria-busy");
        }
    }

    // ---- Wiring ----

    for (const control of controls) {
        control.addEventListener(control.type === "checkbox" || control.tagName === "SELECT" ? "change" : "input", () => {
            apply(control);
            showDesign(); // placeholders and pickers follow: defaults depend on the orientation and page colours
            schedule();
        });
    }

    for (const picker of form.querySelectorAll("[data-picker-for]")) {
        picker.addEventListener("input", () => {
            const text = document.getElementById(picker.dataset.pickerFor);
            text.value = picker.value.toUpperCase();
            text.dispatchEvent(new Event("input"));
        });
    }

    textarea.addEventListener("input", () => { if (readJson()) schedule(); });
    samples.forEach(s => s.addEventListener("input", () => schedule()));

    if (readJson()) render();
})();
