// Bulk issue page (/console/bulk). The server is the only CSV reader: the file is uploaded with ?dryRun=true and the
// answer (rows as read, per-row errors, how many are valid) is the preview; "Issue" uploads the same file again
// without dryRun, and with notify=false when the batch's "Email the recipients" box is unticked. XMLHttpRequest rather
// than fetch, for the upload progress of large files.
(() => {
    "use strict";

    const form = document.querySelector("[data-bulk]");
    if (!form) return;

    const $ = selector => document.querySelector(selector);
    const fileInput = form.querySelector("input[type=file]");
    const fileError = $("[data-bulk-file-error]");
    const problemBox = $("[data-bulk-problem]");
    const progressBox = $("[data-bulk-progress]");
    const progress = progressBox.querySelector("progress");
    const progressText = $("[data-bulk-progress-text]");
    const checkButton = $("[data-bulk-check]");
    const preview = $("[data-bulk-preview]");
    const commitButton = $("[data-bulk-commit]");
    const notifyBox = $("[data-bulk-notify]");
    const result = $("[data-bulk-result]");

    /** Files above this size show an upload progress bar. */
    const LargeFile = 64 * 1024;
    const MaxErrorsShown = 200;
    let checkedFile = null;

    const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";

    function megabytes(bytes) {
        return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    }

    function plural(count, one, many) {
        return `${count.toLocaleString()} ${count === 1 ? one : many}`;
    }

    /** Uploads the file as a form (field "file"); resolves with the status and the parsed JSON answer. */
    function upload(file, dryRun) {
        return new Promise((resolve, reject) => {
            const request = new XMLHttpRequest();
            request.open("POST", "/api/certificates/bulk" + (dryRun ? "?dryRun=true" : notifyBox.checked ? "" : "?notify=false"));
            request.setRequestHeader("Accept", "application/json");
            request.setRequestHeader("X-CSRF-TOKEN", csrfToken());
            request.responseType = "json";
            const large = file.size > LargeFile;
            progressBox.hidden = !large;
            progress.max = 1;
            progress.value = 0;
            request.upload.addEventListener("progress", event => {
                if (!event.lengthComputable) return;
                progress.max = event.total;
                progress.value = event.loaded;
                progressText.textContent = `${Math.floor(100 * event.loaded / event.total)}% of ${megabytes(file.size)}`;
            });
            request.upload.addEventListener("load", () => {
                progress.value = progress.max;
                progressText.textContent = `Uploaded ${megabytes(file.size)}; ${dryRun ? "checking" : "issuing"} the rows…`;
            });
            request.addEventListener("load", () => {
                if (large) progressText.textContent = `Uploaded ${megabytes(file.size)}.`;
                resolve({ status: request.status, body: request.response ?? {} });
            });
            request.addEventListener("error", () => reject(new Error("The server could not be reached. Try again.")));
            request.addEventListener("abort", () => reject(new Error("The upload was interrupted. Try again.")));
            const data = new FormData();
            data.append("file", file, file.name);
            request.send(data);
        });
    }

    /** A problem-details answer (a refused file, too large, not allowed) in words. */
    function describeProblem(status, body) {
        if (status === 413) return body.detail ?? "The file is too large.";
        const lines = [];
        if (body.errors && !Array.isArray(body.errors)) {
            for (const [field, messages] of Object.entries(body.errors)) {
                const where = { header: "Header row", body: "File", file: "File" }[field] ?? field;
                lines.push(`${where}: ${messages.join(" ")}`);
            }
        }
        return lines.length ? lines.join(" ") : (body.detail ?? body.title ?? `The upload failed (${status}).`);
    }

    function showProblem(message) {
        problemBox.textContent = message;
        problemBox.hidden = false;
    }

    function clearProblem() {
        problemBox.textContent = "";
        problemBox.hidden = true;
        fileError.textContent = "";
        fileError.hidden = true;
        fileInput.removeAttribute("aria-invalid");
    }

    function cell(row, text, className) {
        const td = row.insertCell();
        td.textContent = text ?? "";
        if (className) td.className = className;
        return td;
    }

    function dateOf(value) {
        if (!value) return "";
        return value.replace(/T00:00:00(\.0+)?(Z|\+00:00)$/, "");
    }

    function fillErrors(errors) {
        const box = $("[data-bulk-errors]");
        const body = box.querySelector("tbody");
        body.replaceChildren();
        for (const error of errors.slice(0, MaxErrorsShown)) {
            const row = body.insertRow();
            cell(row, String(error.row));
            cell(row, error.line == null ? "" : String(error.line));
            cell(row, error.field);
            cell(row, error.error);
        }
        const more = $("[data-bulk-errors-more]");
        more.hidden = errors.length <= MaxErrorsShown;
        more.textContent = `…and ${plural(errors.length - MaxErrorsShown, "more error", "more errors")}.`;
        box.hidden = errors.length === 0;
    }

    function fillRows(rows, errors) {
        const invalid = new Set(errors.map(e => e.row));
        const body = preview.querySelector(".bulk-rows tbody");
        body.replaceChildren();
        for (const r of rows) {
            const row = body.insertRow();
            if (invalid.has(r.row)) row.className = "row-invalid";
            cell(row, String(r.row));
            cell(row, r.recipientName);
            cell(row, r.recipientEmail);
            cell(row, r.title);
            cell(row, dateOf(r.issuedAt), "date");
            cell(row, dateOf(r.expiresAt), "date");
            cell(row, r.template);
            cell(row, Object.entries(r.metadata ?? {}).map(([k, v]) => `${k}=${v}`).join("; "), "metadata");
            cell(row, invalid.has(r.row) ? "✕ error" : "✓ ok", invalid.has(r.row) ? "status status-revoked" : "status status-active");
        }
    }

    function showPreview(report) {
        const total = report.issued + report.rejected;
        $("[data-bulk-summary]").textContent = report.rejected === 0
            ? `${plural(total, "row", "rows")} read; all valid.`
            : `${plural(total, "row", "rows")} read: ${report.issued.toLocaleString()} valid, ${plural(report.rejected, "row", "rows")} with errors.`;
        fillErrors(report.errors);
        const rows = report.preview ?? [];
        $("[data-bulk-rows-note]").textContent = rows.length < total
            ? `The first ${rows.length.toLocaleString()} of ${total.toLocaleString()} rows.`
            : "";
        fillRows(rows, report.errors);
        commitButton.hidden = report.issued === 0;
        commitButton.textContent = `Issue ${plural(report.issued, "certificate", "certificates")}`;
        result.hidden = true;
        preview.hidden = false;
        preview.querySelector("h2").focus();
    }

    function showResult(answer) {
        $("[data-bulk-result-summary]").textContent = answer.rejected === 0
            ? `Issued ${plural(answer.issued, "certificate", "certificates")}.`
            : `Issued ${plural(answer.issued, "certificate", "certificates")}; ${plural(answer.rejected, "row was", "rows were")} not issued (see the errors above).`;
        $("[data-bulk-batch-link]").href = `/console/certificates?batchId=${encodeURIComponent(answer.batchId)}`;
        const body = result.querySelector("tbody");
        body.replaceChildren();
        for (const issued of answer.certificates.slice(0, 1000)) {
            const row = body.insertRow();
            cell(row, String(issued.row));
            const link = document.createElement("a");
            link.href = `/console/certificates/${encodeURIComponent(issued.id)}`;
            link.textContent = issued.code;
            row.insertCell().append(link);
            const verify = document.createElement("a");
            verify.href = issued.verifyUrl;
            verify.textContent = issued.verifyUrl;
            row.insertCell().append(verify);
        }
        commitButton.hidden = true;
        result.hidden = false;
        result.querySelector("h2").focus();
    }

    function busy(on) {
        checkButton.disabled = on;
        commitButton.disabled = on;
        notifyBox.disabled = on;
        fileInput.disabled = on;
    }

    /** Uploads the file; answer(status, body) shows what it understands and returns false for anything else. */
    async function send(file, dryRun, answer) {
        busy(true);
        try {
            const { status, body } = await upload(file, dryRun);
            if (!answer(status, body)) showProblem(describeProblem(status, body));
        } catch (error) {
            showProblem(error.message);
        } finally {
            busy(false);
        }
    }

    form.addEventListener("submit", event => {
        event.preventDefault();
        clearProblem();
        const file = fileInput.files[0];
        if (!file) {
            fileError.textContent = "Choose a CSV file first.";
            fileError.hidden = false;
            fileInput.setAttribute("aria-invalid", "true");
            fileInput.focus();
            return;
        }
        preview.hidden = true;
        result.hidden = true;
        send(file, true, (status, body) => {
            if (status !== 200 || !body.dryRun) return false;
            checkedFile = file;
            showPreview(body);
            return true;
        });
    });

    commitButton.addEventListener("click", () => {
        if (!checkedFile) return;
        clearProblem();
        send(checkedFile, false, (status, body) => {
            if ((status === 201 || status === 207) && body.batchId) {
                showResult(body);
                return true;
            }
            if (status === 400 && Array.isArray(body.errors)) {
                fillErrors(body.errors);
                showProblem("No row could be issued: every row has errors.");
                return true;
            }
            return false;
        });
    });

    function reset() {
        checkedFile = null;
        preview.hidden = true;
        result.hidden = true;
        progressBox.hidden = true;
        clearProblem();
    }

    fileInput.addEventListener("change", reset);
    $("[data-bulk-reset]").addEventListener("click", () => {
        reset();
        fileInput.value = "";
        fileInput.focus();
    });
})();
