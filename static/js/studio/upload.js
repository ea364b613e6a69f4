// Resumable uploads through tus-js-client (vendored UMD build: window.tus) and live clip status.
// An upload survives a dropped connection (retries resume from the server's offset) and a page
// reload (the upload URL is kept in localStorage under a fingerprint of the file and its target).

const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const DONE = new Set(["ready", "failed"]);

export function formatBytes(n) {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Start (or resume) one upload; returns the tus.Upload. */
/** With uploadUrl (an interrupted upload the server listed), it continues from the server's offset. */
export function startUpload(file, { endpoint, chunkSize, metadata, uploadUrl, onProgress, onSuccess, onError, onRetry }) {
  const target = metadata.clip_id ? `clip${metadata.clip_id}` : `stage${metadata.stage_id}`;
  const upload = new window.tus.Upload(file, {
    endpoint,
    uploadUrl: uploadUrl || null,
    chunkSize: chunkSize || Infinity,
    retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
    metadata: { filename: file.name, filetype: file.type || "application/octet-stream", ...metadata },
    headers: { "X-CSRFToken": csrfToken() },
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    fingerprint: (f) => Promise.resolve(["runphys", target, f.name, f.size, f.lastModified].join("/")),
    onProgress,
    onShouldRetry: (err, attempt, options) => {
      const status = err.originalResponse ? err.originalResponse.getStatus() : 0;
      if (onRetry) onRetry(err, attempt);
      return !(status >= 400 && status < 500 && status !== 409 && status !== 423 && status !== 429);
    },
    onSuccess: (payload) => {
      const response = payload?.lastResponse;
      const clipUrl = response ? response.getHeader("Location-Clip") : null;
      onSuccess(clipUrl ? Number(clipUrl.split("/").pop()) : null);
    },
    onError,
  });
  if (uploadUrl) upload.start();
  else {
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }
  return upload;
}

/** A human reason from a tus error. */
export function errorText(err) {
  const response = err.originalResponse;
  const body = response ? response.getBody() : "";
  return body && body.length < 300 ? body : "The upload failed; check your connection and try again.";
}

const polling = new Map();

/** Keep a .clip-status element up to date until its clip is ready or failed. */
export function watchStatus(element) {
  const id = element.dataset.clipId;
  if (!id || DONE.has(element.dataset.status) || polling.has(id)) return;
  const tick = async () => {
    let data;
    try {
      const response = await fetch(`/studio/clips/${id}/status.json`, { credentials: "same-origin", cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch {
      polling.set(id, setTimeout(tick, 5000)); // offline for a moment: try again later
      return;
    }
    const current = document.querySelector(`.clip-status[data-clip-id="${id}"]`);
    if (current) {
      const holder = document.createElement("div");
      holder.innerHTML = data.html_status;
      const fresh = holder.firstElementChild;
      current.replaceWith(fresh);
      bindReplace(fresh);
      fresh.dispatchEvent(new CustomEvent("clip-status", { bubbles: true, detail: data }));
    }
    if (DONE.has(data.status)) polling.delete(id);
    else polling.set(id, setTimeout(tick, 1500));
  };
  polling.set(id, setTimeout(tick, 500));
}

/** "Replace file" on a failed clip: upload a new original for the same clip. */
export function bindReplace(statusElement) {
  const input = statusElement.querySelector(".replace-input");
  if (!input) return;
  const endpoint = document.querySelector("[data-tus-endpoint]")?.dataset.tusEndpoint;
  const chunkSize = Number(document.querySelector("[data-chunk-size]")?.dataset.chunkSize) || undefined;
  input.addEventListener("change", () => {
    const file = input.files[0];
    if (!file) return;
    const progress = Object.assign(document.createElement("progress"), { max: 100, value: 0 });
    const note = Object.assign(document.createElement("span"), { textContent: `Uploading ${file.name}…` });
    statusElement.append(progress, note);
    startUpload(file, {
      endpoint, chunkSize, metadata: { clip_id: statusElement.dataset.clipId },
      onProgress: (sent, total) => { progress.value = Math.round((sent / total) * 100); },
      onSuccess: () => {
        statusElement.dataset.status = "queued";
        note.textContent = "Uploaded; processing again.";
        watchStatus(statusElement);
      },
      onError: (err) => { note.textContent = errorText(err); },
    });
  });
}

export function watchAll(root = document) {
  for (const element of root.querySelectorAll(".clip-status")) {
    watchStatus(element);
    bindReplace(element);
  }
}
