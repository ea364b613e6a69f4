// Drawing tools on the studio clip page (issue 12): on a paused frame, draw a line, arrow, angle,
// angle to the vertical / horizontal, circle, text or freehand line over the picture; the value is
// shown live; saved through the JSON API (session + X-CSRFToken) to the note at the moment on
// screen, or to a new note made at that frame. Select a drawing (click it or its button in the
// list) to drag its points, move it with the arrow keys, recolour, relabel or delete it (Delete).
// The layer itself is static/js/player/drawings.js, as readers see it.
import { ready } from "../player.js";
import { attach, describe, measure } from "../player/drawings.js";
import { isTextEntry } from "../player/dom.js";

const NEEDS = { line: 2, arrow: 2, angle: 3, vertical: 2, horizontal: 2, circle: 2, text: 1, freehand: 500 };
const SHOWN_WITHOUT_END = 1.0; // as runphys.drawings
const section = document.getElementById("draw");
const figure = document.getElementById("studio-clip");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const $ = (id) => document.getElementById(id);

async function api(method, url, body) {
  const response = await fetch(`/api/v1${url}`, {
    method, credentials: "same-origin",
    headers: { "X-CSRFToken": csrf, Accept: "application/json",
      ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(data?.error || `HTTP ${response.status}`);
  return data;
}

class Studio {
  constructor(player, layer, clip) {
    Object.assign(this, { player, layer, clip, tool: null, draft: null, selected: null, drag: null });
    this.svg = layer.svg;
    this.status = $("draw-status");
    this.color = $("draw-color");
    this.label = $("draw-label");
    this.remove = $("draw-delete");
    this.list = $("draw-list");
    this.setNotes(clip.notes);
    layer.extra = () => (this.draft ? [this.draft] : []);
    layer.onUpdate = (box) => this.afterRender(box);
    for (const b of section.querySelectorAll(".draw-tool")) b.addEventListener("click", () => this.pick(b.dataset.kind));
    this.remove.addEventListener("click", () => this.deleteSelected());
    this.color.addEventListener("change", () => this.selected && this.save(this.selected, { color: this.color.value }));
    this.label.addEventListener("change",
      () => this.selected && this.save(this.selected, { label: this.label.value.trim() }));
    this.svg.addEventListener("pointercancel", () => { this.drag = null; });
    for (const type of ["pointerdown", "pointermove", "pointerup", "click"]) {
      this.svg.addEventListener(type, (event) => this.onPointer(event));
    }
    document.addEventListener("keydown", (event) => this.onKey(event));
    // Notes added, moved or deleted in place (studio/notes*.js) send the clip's notes (API NoteOut
    // list) in "runphys:notes"; drawings then attach to them and follow their ranges.
    document.addEventListener("runphys:notes", (event) => this.takeNotes(event.detail.notes));
    document.addEventListener("rp:note-selected", () => { // notes.js: a note was added, moved or picked
      api("GET", `/clips/${this.clip.id}/notes`).then((data) => this.takeNotes(data.notes), () => {});
    });
    for (const type of ["seeked", "pause", "play"]) player.video.addEventListener(type, () => this.refresh());
    section.hidden = false;
    this.refresh();
  }

  /** Notes from the API with the played range their drawings are on screen. */
  setNotes(notes) {
    this.layer.notes = notes.filter((n) => n.played_t != null).map((n) => ({
      id: n.id, t: n.played_t, end: n.played_t + ((n.end ?? n.t + SHOWN_WITHOUT_END) - n.t), drawings: n.drawings,
    }));
  }

  takeNotes(notes) {
    this.clip.notes = notes.map((n) => ({ drawings: [], ...n }));
    this.setNotes(this.clip.notes);
    this.refresh();
  }

  get aspect() { return this.layer.aspect; }

  pick(kind) {
    this.tool = this.tool === kind ? null : kind;
    this.draft = null;
    this.select(null);
    this.player.video.pause();
    for (const b of section.querySelectorAll(".draw-tool")) b.setAttribute("aria-pressed", String(b.dataset.kind === this.tool));
    this.say(this.tool ? `${describe(this.tool, null, "")}: draw on the picture.` : "");
    this.refresh();
  }

  say(text) { this.status.textContent = text; }

  refresh() {
    // Drawing: the whole picture takes the pointer; otherwise only drawings and handles (studio.css),
    // and a click elsewhere on the picture plays or pauses as usual.
    this.svg.style.pointerEvents = this.tool ? "auto" : "none";
    this.svg.style.touchAction = this.tool ? "none" : ""; // a finger draws instead of scrolling the page
    figure.classList.toggle("is-drawing", Boolean(this.tool));
    this.layer.update();
    const here = this.layer.current();
    if (this.selected && !here.includes(this.selected)) this.select(null);
    const focused = this.list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
    this.list.replaceChildren(...here.map((d) => {
      const b = document.createElement("button");
      Object.assign(b, { type: "button", className: "small" });
      b.textContent = d.description;
      b.dataset.id = String(d.id);
      b.setAttribute("aria-pressed", String(d === this.selected));
      b.addEventListener("click", () => this.select(d));
      const li = document.createElement("li");
      li.append(b);
      return li;
    }));
    if (focused) this.list.querySelector(`[data-id="${focused}"]`)?.focus(); // keys keep working on it
  }

  select(d, quiet = false) {
    const was = this.selected;
    this.selected = d;
    this.remove.disabled = !d;
    if (!d && was && this.label.value === was.label) this.label.value = "";
    if (d) {
      this.color.value = d.color;
      this.label.value = d.label;
      if (!quiet) this.say(`Selected: ${d.description}. Drag its points, arrow keys move it, Delete removes it.`);
    }
    for (const b of this.list.querySelectorAll("button")) {
      b.setAttribute("aria-pressed", String(d != null && b.dataset.id === String(d.id)));
    }
    this.layer.update();
  }

  /** Handles on the selected drawing's points. */
  afterRender(box) {
    this.svg.querySelector(".rp-handles")?.remove();
    const d = this.selected;
    if (!d) return;
    const g = document.createElementNS("http://www.w3.org/2000/svg", "g");
    g.setAttribute("class", "rp-handles");
    d.points.forEach(([x, y], i) => {
      if (d.kind === "freehand" && i > 0 && i < d.points.length - 1) return;
      const c = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      for (const [k, v] of Object.entries({ cx: box.x + x * box.w, cy: box.y + y * box.h, r: 9, fill: "#fff",
        stroke: "#1d4ed8", "stroke-width": 3, "data-point": i, style: "cursor:move" })) c.setAttribute(k, v);
      g.append(c);
    });
    this.svg.append(g);
  }

  /** A pointer's position as [x, y] in 0..1 of the picture (through zoom's transform too). */
  at(event) {
    const rect = this.svg.getBoundingClientRect();
    const scale = rect.width / (this.svg.clientWidth || 1);
    const box = this.layer.box();
    const x = ((event.clientX - rect.left) / scale - box.x) / box.w;
    const y = ((event.clientY - rect.top) / scale - box.y) / box.h;
    const clamp = (v) => Math.round(Math.min(1, Math.max(0, v)) * 1e4) / 1e4;
    return [clamp(x), clamp(y)];
  }

  onPointer(event) {
    const onDrawing = event.target.closest?.(".rp-drawing, [data-point]");
    if (!this.tool && !onDrawing && !this.drag) return;
    event.stopPropagation(); // not a play/pause click or a frame-stepping swipe on the picture
    if (event.type === "click") return;
    const p = this.at(event);
    if (this.tool) return this.drawing(event, p);
    if (event.type === "pointerdown") {
      const handle = event.target.closest?.("[data-point]");
      if (handle && this.selected) {
        this.drag = { d: this.selected, i: Number(handle.dataset.point) };
        this.svg.setPointerCapture(event.pointerId);
        return;
      }
      const id = event.target.closest?.(".rp-drawing")?.dataset.id;
      this.select(this.layer.current().find((d) => String(d.id) === id) ?? null);
    } else if (event.type === "pointermove" && this.drag) {
      const { d, i } = this.drag;
      d.points[i] = p;
      this.liveValue(d);
    } else if (event.type === "pointerup" && this.drag) {
      const { d } = this.drag;
      this.drag = null;
      this.save(d, { points: d.points });
    }
  }

  liveValue(d) {
    d.value = measure(d.kind, d.points, this.aspect);
    d.description = describe(d.kind, d.value, d.label);
    this.say(d.description);
    this.layer.update();
  }

  drawing(event, p) {
    const kind = this.tool, need = NEEDS[kind];
    let d = this.draft;
    if (event.type === "pointerdown") {
      this.player.video.pause();
      this.svg.setPointerCapture(event.pointerId);
      if (!d) {
        d = this.draft = { kind, points: [p, p], color: this.color.value, label: this.label.value.trim(), down: p };
        if (need === 1) d.points = [p];
      } else {
        d.points[d.points.length - 1] = p; // a click places the point following the pointer
      }
      d.down = p;
      d.pressed = true;
    } else if (event.type === "pointermove" && d) {
      if (kind === "freehand") { if (d.pressed) d.points.push(p); } else d.points[d.points.length - 1] = p;
    } else if (event.type === "pointerup" && d) {
      d.pressed = false;
      const moved = Math.hypot(p[0] - d.down[0], p[1] - d.down[1]) > 0.004;
      if (kind !== "freehand" && need > 1 && !moved && d.points.length === 2 && this.sameFirst(d)) {
        return this.liveValue(d); // a click placed the first point: the next click places the next
      }
      if (kind === "freehand" || d.points.length >= need) return this.finish(d);
      d.points.push(p); // an angle's first leg dragged: the third point follows the pointer
    }
    if (d) this.liveValue(d);
  }

  sameFirst(d) {
    return d.points[0][0] === d.points[1][0] && d.points[0][1] === d.points[1][1];
  }

  /** The note on screen (the latest whose range holds this moment), or a new one at this frame. */
  async noteHere(d) {
    const t = this.player.clipTime();
    const half = 0.5 / this.player.frameRate;
    const holds = (n) => t >= n.t - half && t <= n.end + half;
    const chosen = window.RunPhysNotes?.selectedNote?.(); // the note selected in the list (notes.js)
    const here = this.layer.notes.find((n) => n.id === chosen?.id && holds(n)) ?? this.layer.notes.filter(holds).at(-1);
    if (here) return here.id;
    const text = describe(d.kind, d.value, d.label);
    let note;
    if (window.RunPhysNotes?.createNoteHere) { // in-place notes: its list shows the new note at once
      note = await api("GET", `/notes/${await window.RunPhysNotes.createNoteHere(text)}`);
    } else { // the API takes source times: played + the version's start (runphys.timeline.source_time)
      const source = Math.round((t + (this.clip.output_start || 0)) * 1e4) / 1e4;
      note = await api("POST", `/clips/${this.clip.id}/notes`, { t: source, text });
    }
    this.clip.notes.push(note);
    // for in-place note authoring (studio/notes*.js): a note was added without a reload
    document.dispatchEvent(new CustomEvent("runphys:note-added", { detail: { note, by: "draw" } }));
    return note.id;
  }

  async finish(d) {
    this.draft = null;
    const body = { kind: d.kind, points: d.points.slice(0, 500), color: d.color, label: d.label };
    try {
      if (d.kind === "text" && !d.label) throw new Error("Type the text in Label first.");
      const noteId = await this.noteHere({ ...d, value: measure(d.kind, d.points, this.aspect) });
      const saved = await api("POST", `/notes/${noteId}/drawings`, body);
      this.clip.notes.find((n) => n.id === noteId).drawings.push(saved);
      this.setNotes(this.clip.notes);
      this.say(`Saved: ${saved.description}.`); // the tool stays picked for the next one (Escape ends)
      this.refresh();
    } catch (error) {
      this.say(`Not saved: ${error.message}`);
      this.refresh();
    }
  }

  async save(d, change) {
    try {
      const saved = await api("PATCH", `/drawings/${d.id}`, change);
      Object.assign(d, saved);
      this.say(`Saved: ${saved.description}.`);
    } catch (error) {
      this.say(`Not saved: ${error.message}`);
    }
    this.refresh();
    this.select(d, true);
  }

  async deleteSelected() {
    const d = this.selected;
    if (!d) return;
    try {
      await api("DELETE", `/drawings/${d.id}`);
      for (const n of this.clip.notes) n.drawings = n.drawings.filter((x) => x.id !== d.id);
      this.setNotes(this.clip.notes);
      this.select(null);
      this.say(`Deleted: ${d.description}.`);
    } catch (error) {
      this.say(`Not deleted: ${error.message}`);
    }
    this.refresh();
  }

  onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
    if (event.key === "Escape" && (this.tool || this.draft || this.selected)) {
      event.preventDefault();
      if (this.tool) this.pick(null);
      else this.select(null);
      return;
    }
    const d = this.selected;
    // keys on the drawing tools, the picture or the page itself (a note row's Delete is notes.js')
    const ours = section.contains(event.target) || figure.contains(event.target) || event.target === document.body;
    if (!d || !ours) return;
    if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      this.deleteSelected();
      return;
    }
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (!step || !section.contains(event.target)) return; // arrows elsewhere seek and step as before
    event.preventDefault();
    const [dx, dy] = step.map((v) => v * (event.shiftKey ? 0.02 : 0.005));
    if (d.points.some(([x, y]) => x + dx < 0 || x + dx > 1 || y + dy < 0 || y + dy > 1)) return;
    d.points = d.points.map(([x, y]) => [Math.round((x + dx) * 1e4) / 1e4, Math.round((y + dy) * 1e4) / 1e4]);
    this.liveValue(d);
    clearTimeout(this.nudge);
    this.nudge = setTimeout(() => this.save(d, { points: d.points }), 300);
  }
}

if (section && figure) {
  ready.then(async (players) => {
    const player = players.get(figure.id);
    const clip = await api("GET", `/clips/${section.dataset.clipId}`);
    const layer = await (player.drawingsReady ?? attach(player, {}));
    layer.aspect = clip.width && clip.height ? clip.width / clip.height
      : clip.renditions[0] ? clip.renditions[0].width / clip.renditions[0].height : layer.aspect;
    window.RunPhysDraw = new Studio(player, layer, clip);
  });
}
