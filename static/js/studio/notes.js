// In-place note authoring on the studio clip page: add, edit, move (±1 frame of the clip's frame
// clock) and delete notes through the JSON API (session + X-CSRFToken), without a reload, so the
// player keeps its playhead. Without JavaScript the page's forms do the same with a reload.
//
// Keys (keyboard first):
//   N               a new note at the frame on screen (pauses; focus goes to its text; Enter saves,
//                   Escape drops it)
//   on a note row:  ← / →  move it one frame earlier / later (the paused picture follows it)
//                   ↑ / ↓  the previous / next note;  Enter or E  edit;  Delete or Backspace  delete
//                   (with Undo);  Space  show the note's frame
//   anywhere:       Alt+← / Alt+→  move the selected note (when focus is not in a text field)
// The player's own keys (, and . step a frame, [ ] \ loop) are left alone.
//
// Times: notes are stored on the SOURCE timeline (runphys/timeline.py); the player works in played
// time (the published version's); played = source − output start (the trim in), both here.
// A note is placed half a captured frame into its frame, where every rendition shows that frame.
//
// Hook for the drawing tools (static/js/studio/draw*.js), with no other coupling:
//   - event "rp:note-selected" dispatched on document, detail {id, t, end, playedT} (t, end: source):
//     a note was selected (focus or click on its row, a new note saved); detail null when none is.
//   - createNoteHere(text = "Drawing") → Promise<number>: saves a note at the frame on screen
//     and resolves with its id (also window.RunPhysNotes.createNoteHere).
//   - selectedNote() → {id, t, end, playedT} | null (also window.RunPhysNotes.selectedNote).
import { ready } from "../player.js";
import { isTextEntry } from "../player/dom.js";
import { formatTime } from "../time.js";

const section = document.getElementById("notes");
const figure = document.getElementById("studio-clip");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const UNDO_SECONDS = 8;

let player = null;
let list = null; // <ol class="note-list">
let status = null; // live region: what just happened, with Undo after a delete
const notes = new Map(); // id → {id, t, end, text, row}
let selected = null; // note id

const outputStart = () => Number(section?.dataset.outputStart) || 0;
const duration = () => player?.duration || Number(section?.dataset.duration) || Infinity;
const played = (source) => Math.round((source - outputStart()) * 1000) / 1000;
const toSource = (t) => Math.round((t + outputStart()) * 1000) / 1000;
const captureFps = () => player?.captureFps || 30;
const noteUrl = (id) => `${section.dataset.noteApi}${id}`;

async function api(method, url, body) {
  const headers = { Accept: "application/json", "X-CSRFToken": csrf };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new Error(data.error || `The server answered ${response.status}.`);
  }
  return response.status === 204 ? null : response.json();
}

function say(text, undo = null) {
  status.replaceChildren(text);
  if (undo) {
    const button = Object.assign(document.createElement("button"), { type: "button", className: "small", textContent: "Undo" });
    button.addEventListener("click", () => { status.replaceChildren(); undo(); }, { once: true });
    status.append(" ", button);
    setTimeout(() => button.isConnected && button.remove(), UNDO_SECONDS * 1000);
  }
}

// ---------------------------------------------------------------------------------- frame math

/** Played time of the frame on screen: half a captured frame into it. */
function hereT() {
  if (!player) return 0;
  player.video.pause();
  const frame = player.clock.capturedFrame();
  return Math.min((frame + 0.5) / captureFps(), duration());
}

/** Played time `n` captured frames from a note's frame (its middle). */
function nudgedT(t, n) {
  const fps = captureFps();
  const frame = Math.floor(t * fps + 1e-6) + n;
  const last = Number.isFinite(duration()) ? Math.ceil(duration() * fps) - 1 : Infinity;
  return Math.min(Math.max(frame, 0), last) / fps + 0.5 / fps;
}

function showFrame(t) {
  if (!player || !player.video.paused) return;
  player.seek(t);
  player.load();
}

// ---------------------------------------------------------------------------------------- rows

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function timeLabel(note) {
  const t = played(note.t);
  return t < -0.05 || t > duration() + 0.05 ? null : formatTime(Math.max(0, t), 3);
}

function render(note) {
  const row = note.row ?? el("li");
  row.tabIndex = 0;
  const at = timeLabel(note);
  Object.assign(row.dataset, { noteId: String(note.id), t: String(note.t) });
  if (note.end != null) row.dataset.end = String(note.end);
  else delete row.dataset.end;
  row.id = `note-${note.id}`;
  row.className = "note-row";
  row.setAttribute("aria-label", `Note at ${at ?? "a trimmed-away moment"}: ${note.text}`);
  row.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight Enter Delete");
  const seek = at == null ? el("span", { class: "muted" }, "Trimmed away")
    : el("button", { type: "button", class: "small seek", "data-t": String(played(note.t)),
      "aria-label": `Play from ${at}`, tabindex: "-1" }, at);
  const tools = el("span", { class: "note-tools" },
    el("button", { type: "button", class: "small nudge", "data-n": "-1", tabindex: "-1" }, "1 frame earlier"),
    el("button", { type: "button", class: "small nudge", "data-n": "1", tabindex: "-1" }, "1 frame later"),
    el("button", { type: "button", class: "small edit", tabindex: "-1" }, "Edit"),
    el("button", { type: "button", class: "small danger delete", tabindex: "-1" }, "Delete"));
  row.replaceChildren(el("div", { class: "note-line" }, seek, el("span", { class: "note-text" }, note.text), tools));
  row.classList.toggle("is-selected", note.id === selected);
  note.row = row;
  return row;
}

/** Put a row where its time belongs in the list. */
function place(row, t) {
  const after = [...list.children].find((other) => other !== row && other.dataset.t && Number(other.dataset.t) > t) ?? null;
  if (row.parentNode !== list || row.nextElementSibling !== after) list.insertBefore(row, after); // moving it drops focus
  list.querySelector("li.muted:not(.note-row)")?.remove(); // "No notes yet."
}

function select(id, { focus = false } = {}) {
  selected = id;
  for (const note of notes.values()) {
    note.row.classList.toggle("is-selected", note.id === id);
    if (note.id === id) note.row.setAttribute("aria-current", "true");
    else note.row.removeAttribute("aria-current");
  }
  const note = notes.get(id);
  if (focus && note) note.row.focus();
  document.dispatchEvent(new CustomEvent("rp:note-selected", { detail: selectedNote() }));
}

export function selectedNote() {
  const note = notes.get(selected);
  return note ? { id: note.id, t: note.t, end: note.end, playedT: played(note.t) } : null;
}

function remember(data) {
  const note = notes.get(data.id) ?? { id: data.id };
  Object.assign(note, { t: data.t, end: data.end ?? null, text: data.text });
  notes.set(note.id, note);
  place(render(note), note.t);
  return note;
}

// ------------------------------------------------------------------------------------- actions

/** Save a note at played time t; resolves with its id. */
async function create(t, text, end = null) {
  const data = await api("POST", section.dataset.clipApi, { t: toSource(t), text, end: end == null ? null : toSource(end) });
  return remember(data).id;
}

export async function createNoteHere(text = "Drawing") {
  const id = await create(hereT(), text);
  select(id);
  return id;
}

/** A draft row at the frame on screen: its text field has focus; Enter saves, Escape drops it. */
function draft() {
  list.querySelector("li.note-draft")?.remove();
  const t = hereT();
  const field = el("textarea", { rows: "1", "aria-label": `Note at ${formatTime(t, 3)}`, class: "draft-text",
    placeholder: "What happens on this frame? Enter saves, Escape cancels." });
  const row = el("li", { class: "note-draft", "data-t": String(toSource(t)) },
    el("div", { class: "note-line" }, el("span", { class: "seek-label" }, formatTime(t, 3)), field,
      el("button", { type: "button", class: "small primary save" }, "Save")));
  place(row, toSource(t));
  field.focus();
  const save = async () => {
    const text = field.value.trim();
    if (!text) { say("A note needs text."); field.focus(); return; }
    field.disabled = true;
    try {
      const id = await create(t, text);
      row.remove();
      say(`Note added at ${formatTime(t, 3)}.`);
      select(id, { focus: true });
    } catch (error) {
      field.disabled = false;
      say(error.message);
      field.focus();
    }
  };
  field.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); save(); }
    if (event.key === "Escape") { event.preventDefault(); row.remove(); say("New note dropped."); }
  });
  row.querySelector("button.save").addEventListener("click", save);
}

async function nudge(id, n) {
  const note = notes.get(id);
  if (!note || note.busy) return;
  const t = nudgedT(played(note.t), n);
  const source = toSource(t);
  const end = note.end == null ? null : Math.max(note.end + (source - note.t), source + 0.001);
  note.busy = true;
  try {
    remember(await api("PATCH", noteUrl(id), { t: source, end }));
    note.row.focus();
    showFrame(t);
    say(`Note moved to ${formatTime(t, 3)}.`);
  } catch (error) {
    say(error.message);
  } finally {
    note.busy = false;
  }
}

function edit(id) {
  const note = notes.get(id);
  if (!note) return;
  const text = el("textarea", { rows: "2", "aria-label": "Note text", class: "edit-text" });
  text.value = note.text;
  const until = el("input", { type: "number", step: "0.001", min: "0", class: "edit-end",
    value: note.end == null ? "" : String(played(note.end)) });
  const form = el("form", { class: "note-edit row" }, text,
    el("label", { class: "field short" }, "Until (optional) ", until),
    el("button", { type: "submit", class: "small primary" }, "Save"),
    el("button", { type: "button", class: "small cancel" }, "Cancel"));
  const done = () => { render(note); note.row.focus(); };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const end = until.value.trim() === "" ? null : toSource(Number(until.value));
    try {
      remember(await api("PATCH", noteUrl(id), { text: text.value.trim(), end }));
      say("Note saved.");
      done();
    } catch (error) {
      say(error.message);
    }
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === text && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    if (event.key === "Escape") { event.preventDefault(); done(); }
  });
  form.querySelector("button.cancel").addEventListener("click", done);
  note.row.querySelector(".note-line").replaceWith(form);
  text.focus();
}

async function remove(id) {
  const note = notes.get(id);
  if (!note) return;
  const next = note.row.nextElementSibling ?? note.row.previousElementSibling;
  let drawings = [];
  try {
    drawings = (await api("GET", noteUrl(id))).drawings ?? []; // for Undo
    await api("DELETE", noteUrl(id));
  } catch (error) {
    say(error.message);
    return;
  }
  notes.delete(id);
  note.row.remove();
  if (selected === id) select(null);
  if (next?.classList.contains("note-row")) select(Number(next.dataset.noteId), { focus: true });
  // Undo saves the note again (text, time and end; a new id), with its drawings.
  say(`Note at ${timeLabel(note) ?? "a trimmed-away moment"} deleted.`, async () => {
    const restored = await create(played(note.t), note.text, note.end == null ? null : played(note.end));
    for (const { kind, points, color, label } of drawings) {
      await api("POST", `${noteUrl(restored)}/drawings`, { kind, points, color, label });
    }
    select(restored, { focus: true }); // the drawing tools reload the clip's notes and drawings
    say("Note restored.");
  });
}

// ---------------------------------------------------------------------------------------- keys

function onRowKey(event) {
  const row = event.target.closest?.("li.note-row");
  if (!row || event.ctrlKey || event.metaKey || isTextEntry(event.target)) return;
  const id = Number(row.dataset.noteId);
  const onRow = event.target === row;
  const action = {
    ArrowLeft: () => nudge(id, -1),
    ArrowRight: () => nudge(id, 1),
    ArrowUp: () => row.previousElementSibling?.focus(),
    ArrowDown: () => row.nextElementSibling?.focus(),
    Enter: () => edit(id),
    e: () => edit(id),
    E: () => edit(id),
    Delete: () => remove(id),
    Backspace: () => remove(id),
    " ": () => showFrame(played(notes.get(id).t)),
  }[event.key];
  if (!action || (!onRow && !/^Arrow/.test(event.key)) || (event.altKey && !/^Arrow(Left|Right)$/.test(event.key))) return;
  event.preventDefault();
  event.stopPropagation();
  action();
}

function onDocumentKey(event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || isTextEntry(event.target)) return;
  if (event.key.toLowerCase() === "n" && !event.altKey) {
    event.preventDefault();
    draft();
  } else if (event.altKey && selected != null && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
    event.preventDefault(); // Alt+← is also the browser's Back
    nudge(selected, event.key === "ArrowLeft" ? -1 : 1);
  }
}

function onClick(event) {
  const button = event.target.closest("button");
  const row = event.target.closest("li.note-row");
  if (!row) return;
  const id = Number(row.dataset.noteId);
  if (selected !== id) select(id);
  if (!button) return;
  if (button.classList.contains("seek")) {
    player?.seek(Number(button.dataset.t));
    player?.play();
  } else if (button.classList.contains("nudge")) nudge(id, Number(button.dataset.n));
  else if (button.classList.contains("edit")) edit(id);
  else if (button.classList.contains("delete")) remove(id);
}

// --------------------------------------------------------------------------------------- start

function start(players) {
  player = figure ? players?.get(figure.id) ?? null : null;
  list = section.querySelector("ol.note-list");
  section.classList.add("is-live");
  status = el("p", { class: "note-status", role: "status" });
  // Help speaks of keys on keyboards, of taps on touch screens (player.css: pointer: coarse).
  const help = el("p", { class: "help note-help" },
    el("span", { class: "help-keys" }, "On a note: ", el("kbd", {}, "←"), " ", el("kbd", {}, "→"),
      " move it a frame, ", el("kbd", {}, "Enter"), " edits, ", el("kbd", {}, "Delete"), " deletes, ",
      el("kbd", {}, "↑"), " ", el("kbd", {}, "↓"), " go to the next; ", el("kbd", {}, "Alt"), "+", el("kbd", {}, "←"),
      " ", el("kbd", {}, "→"), " move the selected note from anywhere."),
    el("span", { class: "help-touch" }, "Tap a note's “1 frame earlier” or “1 frame later” to move it, Edit or Delete to change it."));
  list.before(help, status);
  for (const row of list.querySelectorAll("li[data-note-id]")) {
    const note = { id: Number(row.dataset.noteId), t: Number(row.dataset.t),
      end: row.dataset.end ? Number(row.dataset.end) : null,
      text: row.querySelector(".note-text")?.textContent ?? "", row };
    row.replaceChildren();
    notes.set(note.id, note);
    render(note);
  }
  list.addEventListener("keydown", onRowKey);
  list.addEventListener("click", onClick);
  list.addEventListener("focusin", (event) => {
    const row = event.target.closest("li.note-row");
    if (row && Number(row.dataset.noteId) !== selected) select(Number(row.dataset.noteId));
  });
  document.addEventListener("keydown", onDocumentKey);
  document.getElementById("note-here")?.addEventListener("click", draft);
  // The plain form still works: with JavaScript it saves through the API too.
  const form = document.getElementById("note-form");
  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const t = Number(form.elements["new-t"].value), end = form.elements["new-end"].value;
    try {
      const id = await create(t, form.elements["new-text"].value.trim(), end === "" ? null : Number(end));
      form.reset();
      say(`Note added at ${formatTime(t, 3)}.`);
      select(id);
    } catch (error) {
      say(error.message);
    }
  });
  window.RunPhysNotes = { createNoteHere, selectedNote };
}

if (section?.dataset.clipApi) (figure ? ready : Promise.resolve(null)).then(start);
