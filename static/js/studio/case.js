// The case editor: files picked or dropped upload at once, each with its own caption and view; an
// interrupted upload resumes where the server stopped; clip rows refresh live; clips reorder by drag (mouse, touch).
import { errorText, formatBytes, startUpload, watchAll, watchStatus } from "./upload.js";

document.documentElement.classList.add("js");
const stages = document.querySelector(".stages");
const endpoint = stages?.dataset.tusEndpoint;
const chunkSize = Number(stages?.dataset.chunkSize) || undefined;
const maxSize = Number(stages?.dataset.maxSize) || Infinity;
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const VIEWS = ["side", "behind", "front", "other"];
let active = 0; // uploads in flight: leaving the page now would interrupt them

function el(tag, attrs = {}, text = "") {
  const node = Object.assign(document.createElement(tag), attrs);
  if (text) node.textContent = text;
  return node;
}

function fromHtml(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html.trim();
  return holder.content.firstElementChild;
}

window.addEventListener("beforeunload", (event) => {
  if (active > 0) {
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to ask
  }
});

/** Save a clip's caption and view; returns the server's answer (with the clip's fresh row). */
async function saveLabel(clipId, caption, view) {
  const body = new FormData();
  body.append("csrf_token", csrf);
  body.append("caption", caption);
  body.append("view", view);
  const response = await fetch(`/studio/clips/${clipId}/label`, {
    method: "POST", credentials: "same-origin", body, headers: { Accept: "application/json" },
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || "The caption was not saved.");
  return data;
}

/** Put a clip's row (HTML from the server) into its stage's list, in the server's order of clip ids. */
function placeRow(list, html, order) {
  const row = fromHtml(html);
  const old = document.getElementById(row.id);
  if (old) old.replaceWith(row);
  else list.append(row);
  const rank = new Map(order.map((id, i) => [String(id), i]));
  const rows = [...list.querySelectorAll(":scope > li.clip-row")];
  rows.sort((a, b) => (rank.get(a.dataset.clipId) ?? rows.length) - (rank.get(b.dataset.clipId) ?? rows.length));
  list.append(...rows);
  enableDrag(row);
  watchAll(row);
  return row;
}

/** The server's upload of this file, if an earlier one was interrupted (listed on the page). */
function interruptedUpload(form, file) {
  for (const item of form.querySelectorAll(".interrupted li")) {
    if (item.dataset.name === file.name && Number(item.dataset.size) === file.size) return item;
  }
  return null;
}

function uploadFile(form, file) {
  const list = form.querySelector(".upload-list");
  const item = el("li", { className: "upload-item" });
  const bar = el("progress", { max: 100, value: 0 });
  bar.setAttribute("aria-label", `Uploading ${file.name}`);
  const text = el("span", { className: "upload-text" }, "Starting…");
  const caption = el("input", { type: "text", maxLength: 300, className: "caption", placeholder: "optional" });
  const view = el("select", { className: "view" });
  for (const v of VIEWS) view.append(el("option", { value: v }, v[0].toUpperCase() + v.slice(1)));
  const fields = el("div", { className: "row" });
  const captionLabel = el("label", {}, "Caption ");
  captionLabel.append(caption);
  const viewLabel = el("label", {}, "View ");
  viewLabel.append(view);
  fields.append(captionLabel, viewLabel);
  item.append(el("span", { className: "upload-name" }, file.name), bar, text, fields);
  list.append(item);
  if (file.size > maxSize) {
    text.textContent = `Too large: ${formatBytes(file.size)} (limit ${formatBytes(maxSize)}).`;
    item.classList.add("failed");
    return;
  }
  const metadata = { stage_id: form.dataset.stageId, caption: "", view: "side" };
  const previous = interruptedUpload(form, file);
  // The rate counts only bytes sent by this page: after a resume, the first progress is the base.
  let base = null;
  active += 1;
  startUpload(file, {
    endpoint, chunkSize, metadata, uploadUrl: previous?.dataset.uploadUrl,
    onProgress: (sent, total) => {
      const now = performance.now();
      if (base === null) base = { sent, at: now };
      const pct = Math.floor((sent / total) * 100);
      bar.value = pct;
      const rate = (sent - base.sent) / Math.max((now - base.at) / 1000, 0.1);
      text.textContent = `${pct}% · ${formatBytes(sent)} of ${formatBytes(total)}` +
        (rate > 0 && sent < total ? ` · ${Math.ceil((total - sent) / rate)} s left` : "");
      item.classList.remove("retrying");
    },
    onRetry: () => {
      item.classList.add("retrying");
      text.textContent = `Connection lost at ${bar.value}% — resuming…`;
    },
    onSuccess: async (clipId) => {
      active -= 1;
      previous?.remove();
      bar.value = 100;
      item.classList.add("done");
      text.textContent = "Uploaded; processing.";
      if (!clipId) return;
      const rows = form.closest(".stage-edit").querySelector("ol.clips");
      try {
        // what was typed while the file uploaded: the row takes it over, editable there
        const data = await saveLabel(clipId, caption.value, view.value);
        placeRow(rows, data.html_row, data.order);
        item.remove();
      } catch (err) {
        text.textContent = `Uploaded, but: ${err.message}`;
        item.classList.add("failed");
      }
    },
    onError: (err) => {
      active -= 1;
      item.classList.add("failed");
      text.textContent = errorText(err);
    },
  });
}

function uploadAll(form, files) {
  for (const file of files) uploadFile(form, file);
}

for (const form of document.querySelectorAll("form.upload")) {
  const input = form.querySelector("input.files");
  const zone = form.querySelector(".drop-zone");
  input.addEventListener("change", () => {
    uploadAll(form, [...input.files]);
    input.value = "";
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("dragover", (event) => {
    if (![...event.dataTransfer.types].includes("Files")) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    zone.classList.add("over");
  });
  form.addEventListener("dragleave", (event) => {
    if (!form.contains(event.relatedTarget)) zone.classList.remove("over");
  });
  form.addEventListener("drop", (event) => {
    if (!event.dataTransfer.files.length) return;
    event.preventDefault();
    zone.classList.remove("over");
    uploadAll(form, [...event.dataTransfer.files].filter((f) => f.type.startsWith("video/") || !f.type));
  });
}

// A row's caption and view save in place (the form also works without JavaScript).
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains("clip-label")) return;
  event.preventDefault();
  const row = form.closest("li.clip-row");
  const button = form.querySelector("button");
  try {
    const data = await saveLabel(row.dataset.clipId, form.elements.caption.value, form.elements.view.value);
    const fresh = placeRow(row.parentElement, data.html_row, data.order);
    fresh.querySelector(".clip-label button").focus();
  } catch (err) {
    button.textContent = "Not saved";
    button.title = err.message;
  }
});

// Live rows: thumbnail, status, buttons and the "N of M clips ready" checklist follow processing.
document.addEventListener("clip-status", (event) => {
  const { detail } = event;
  const row = document.getElementById(`clip-${detail.id}`);
  if (row?.matches("li.clip-row") && row.dataset.status !== detail.status) {
    const fresh = fromHtml(detail.html_row);
    for (const part of [".thumb", ".tools", ".clip-name"]) {
      const now = row.querySelector(part);
      const next = fresh.querySelector(part);
      if (now && next) now.replaceWith(next);
    }
    row.dataset.status = detail.status;
    enableDrag(row);
  }
  const checklist = document.querySelector("ul.checklist");
  if (checklist && detail.html_checklist) checklist.replaceWith(fromHtml(detail.html_checklist));
});

// Drag-and-drop enhances the ↑/↓ buttons: drag a clip by its picture among its stage's clips.
let dragged = null;

function enableDrag(row) {
  const handle = row.querySelector(".thumb");
  if (handle) {
    handle.draggable = true;
    handle.title = "Drag to reorder";
  }
}

for (const list of document.querySelectorAll("ol.clips")) {
  const stageId = list.closest(".stage-edit").id.replace("stage-", "");
  list.addEventListener("dragstart", (event) => {
    dragged = event.target.closest?.("li.clip-row");
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
  const saveOrder = async () => {
    const clips = [...list.querySelectorAll("li.clip-row")].map((li) => Number(li.dataset.clipId));
    const response = await fetch(`/studio/stages/${stageId}/order`, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ clips }),
    });
    if (!response.ok) window.location.reload(); // show the order the server kept
  };
  list.addEventListener("dragend", async () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    await saveOrder();
  });
  // Touch (and pen): HTML drag and drop does not follow a finger, so pointer events move the row.
  // The picture has touch-action: none (CSS): a finger on it drags, elsewhere the page scrolls.
  let touched = null;
  list.addEventListener("pointerdown", (event) => {
    if (event.pointerType === "mouse" || !event.target.closest?.(".clip-row .thumb")) return;
    touched = event.target.closest("li.clip-row");
    touched.classList.add("dragging");
    event.preventDefault();
  });
  // the finger leaves the list's rows while it moves: follow it on the window
  window.addEventListener("pointermove", (event) => {
    if (!touched) return;
    const over = document.elementsFromPoint(event.clientX, event.clientY)
      .map((el) => el.closest("li.clip-row")).find((li) => li && li !== touched);
    if (!over || over.parentElement !== touched.parentElement) return;
    const box = over.getBoundingClientRect();
    over.parentElement.insertBefore(touched, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  const drop = async (event) => {
    if (!touched) return;
    touched.classList.remove("dragging");
    touched = null;
    if (event.type === "pointerup") await saveOrder();
    else window.location.reload(); // cancelled: show the order the server keeps
  };
  window.addEventListener("pointerup", drop);
  window.addEventListener("pointercancel", drop);
  for (const row of list.querySelectorAll("li.clip-row")) enableDrag(row);
}
watchAll();
