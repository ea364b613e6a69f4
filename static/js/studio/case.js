// The case editor: several uploads at once with a progress bar each, then live clip status.
import { errorText, formatBytes, startUpload, watchAll, watchStatus } from "./upload.js";

document.documentElement.classList.add("js");
const stages = document.querySelector(".stages");
const endpoint = stages?.dataset.tusEndpoint;
const chunkSize = Number(stages?.dataset.chunkSize) || undefined;
const maxSize = Number(stages?.dataset.maxSize) || Infinity;

function el(tag, attrs = {}, text = "") {
  const node = Object.assign(document.createElement(tag), attrs);
  if (text) node.textContent = text;
  return node;
}

function addClipRow(form, clipId, name) {
  const list = form.closest(".stage-edit").querySelector("ol.clips");
  const row = el("li", { className: "clip-row", id: `clip-${clipId}` });
  row.dataset.clipId = clipId;
  const main = el("div", { className: "clip-main" });
  main.append(el("a", { className: "clip-name", href: `/studio/clips/${clipId}` }, name));
  const status = el("div", { className: "clip-status" });
  status.dataset.clipId = clipId;
  status.dataset.status = "queued";
  status.append(el("span", { className: "badge status-queued" }, "Queued"));
  main.append(status);
  row.append(el("span", { className: "thumb" }), main);
  list.append(row);
  watchStatus(status);
}

function uploadFile(form, file) {
  const list = form.querySelector(".upload-list");
  const item = el("li", { className: "upload-item" });
  const label = el("span", { className: "upload-name" }, file.name);
  const bar = el("progress", { max: 100, value: 0 });
  bar.setAttribute("aria-label", `Uploading ${file.name}`);
  const text = el("span", { className: "upload-text" }, "Starting…");
  item.append(label, bar, text);
  list.append(item);
  if (file.size > maxSize) {
    text.textContent = `Too large: ${formatBytes(file.size)} (limit ${formatBytes(maxSize)}).`;
    item.classList.add("failed");
    return;
  }
  const metadata = { stage_id: form.dataset.stageId, caption: form.querySelector(".caption").value,
                     view: form.querySelector(".view").value };
  const started = performance.now();
  startUpload(file, {
    endpoint, chunkSize, metadata,
    onProgress: (sent, total) => {
      const pct = Math.floor((sent / total) * 100);
      bar.value = pct;
      const seconds = (performance.now() - started) / 1000;
      const rate = sent / Math.max(seconds, 0.1);
      text.textContent = `${pct}% · ${formatBytes(sent)} of ${formatBytes(total)}` +
        (rate > 0 && sent < total ? ` · ${Math.ceil((total - sent) / rate)} s left` : "");
      item.classList.remove("retrying");
    },
    onRetry: () => {
      item.classList.add("retrying");
      text.textContent = `Connection lost at ${bar.value}% — resuming…`;
    },
    onSuccess: (clipId) => {
      bar.value = 100;
      item.classList.add("done");
      text.textContent = "Uploaded; processing.";
      if (clipId) addClipRow(form, clipId, metadata.caption || file.name);
      setTimeout(() => item.remove(), 4000);
    },
    onError: (err) => {
      item.classList.add("failed");
      text.textContent = errorText(err);
    },
  });
}

for (const form of document.querySelectorAll("form.upload")) {
  const input = form.querySelector("input.files");
  input.addEventListener("change", () => {
    for (const file of input.files) uploadFile(form, file);
    input.value = "";
  });
  form.addEventListener("submit", (event) => event.preventDefault());
}
watchAll();

// Drag-and-drop enhances the ↑/↓ buttons: drop a clip among its stage's clips to reorder them.
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
let dragged = null;
for (const list of document.querySelectorAll("ol.clips")) {
  const stageId = list.closest(".stage-edit").id.replace("stage-", "");
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("li.clip-row");
    if (!dragged) return;
    dragged.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.clipId);
  });
  list.addEventListener("dragover", (event) => {
    const over = event.target.closest("li.clip-row");
    if (!dragged || !over || over === dragged || over.parentElement !== dragged.parentElement) return;
    event.preventDefault();
    const box = over.getBoundingClientRect();
    over.parentElement.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener("dragend", async () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    const clips = [...list.querySelectorAll("li.clip-row")].map((li) => Number(li.dataset.clipId));
    const response = await fetch(`/studio/stages/${stageId}/order`, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ clips }),
    });
    if (!response.ok) window.location.reload(); // show the order the server kept
  });
  for (const row of list.querySelectorAll("li.clip-row")) row.draggable = true;
}
