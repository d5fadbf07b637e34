// The QR scanner of the verify page: the camera reads the code printed on a certificate and opens its verdict.
// BarcodeDetector where the browser has it, the bundled jsQR otherwise. Without JavaScript the section stays
// hidden and the code form does the job. window.certverifyScan(text) opens the verdict for a scanned text
// (used by tests and by anything else that reads QR codes).
(() => {
    "use strict";
    const root = document.querySelector("[data-scanner]");
    if (!root) return;
    const start = root.querySelector("[data-scan-start]");
    const stop = root.querySelector("[data-scan-stop]");
    const video = root.querySelector("video");
    const status = root.querySelector("[data-scan-status]");
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("2d", { willReadFrequently: true });
    let stream = null;
    let detector = null;
    if ("BarcodeDetector" in window) {
        try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch { detector = null; }
    }

    // A certificate's QR code holds its verification link; a bare code works too. Only the code is taken, and it
    // always opens on this site.
    function open(text) {
        const value = String(text ?? "").trim();
        const match = /\/verify\/([^/?#]+)/.exec(value);
        const code = decodeURIComponent(match ? match[1] : value).slice(0, 64);
        if (!code) return;
        window.location.assign("/verify/" + encodeURIComponent(code));
    }
    window.certverifyScan = open;

    function say(message) { status.textContent = message; }

    function end() {
        stream?.getTracks().forEach(track => track.stop());
        stream = null;
        video.hidden = true;
        stop.hidden = true;
        start.hidden = false;
    }

    async function decode() {
        if (detector) return (await detector.detect(video))[0]?.rawValue;
        if (!window.jsQR || !video.videoWidth) return null;
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        return window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" })?.data;
    }

    async function scan() {
        if (!stream) return;
        try {
            const text = await decode();
            if (text) {
                say("Found a code. Opening it…");
                end();
                open(text);
                return;
            }
        } catch {
            // A frame that cannot be read yet; try the next one.
        }
        setTimeout(scan, 150);
    }

    start.addEventListener("click", async () => {
        if (!navigator.mediaDevices?.getUserMedia) {
            say("This browser cannot use a camera on this page. Type the code instead.");
            return;
        }
        try {
            stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        } catch (error) {
            say(error?.name === "NotAllowedError"
                ? "Camera access was denied. Allow it in the browser's site settings, or type the code instead."
                : "No camera could be started. Type the code instead.");
            return;
        }
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        await video.play().catch(() => {});
        say("Point the camera at the QR code on the certificate.");
        scan();
    });
    stop.addEventListener("click", () => { end(); say("Scanning stopped."); });
    root.hidden = false;
})();
