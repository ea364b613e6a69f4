// The studio's comparison set-up by scrubbing: both clips side by side; unlocked, each is
// scrubbed and stepped on its own (its own controls and keys) to the moment (a foot strike);
// "Lock" saves the two sync points through the JSON API (source timeline: played + trim start)
// and both then play and step together (compare.js); locked, either can be nudged by a frame
// (saved at once). Without JavaScript the typed-seconds form above does the same, slower.
import { compared } from "../compare.js";
import { button, el } from "../player/dom.js";
import { formatTime } from "../time.js";

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? "";
const section = document.getElementById("compare-setup");

async function api(method, url, body) {
  const response = await fetch(url, {
    method, credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
    body: JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.detail || data.error || data.title || `HTTP ${response.status}`);
  return data;
}

class Setup {
  constructor(comparison) {
    this.cmp = comparison;
    const d = section.dataset;
    this.start = { before: Number(d.beforeStart) || 0, after: Number(d.afterStart) || 0 };
    this.status = el("p", { class: "setup-status", role: "status" });
    this.lockButton = button(null, { class: "primary setup-lock" }, "Lock sync points here");
    this.unlockButton = button(null, { class: "setup-unlock" }, "Unlock to scrub each clip");
    this.lockButton.addEventListener("click", () => this.lock());
    this.unlockButton.addEventListener("click", () => this.unlock());
    const nudge = (side, n, text) => {
      const b = button(null, { class: "setup-nudge", title: `Nudge the ${side} clip ${n < 0 ? "back" : "forward"} one frame` }, text);
      b.addEventListener("click", () => this.nudge(side, n));
      return b;
    };
    this.nudges = el("span", { class: "setup-nudges", role: "group", "aria-label": "Nudge by a frame" },
      nudge("before", -1, "Before −1 frame"), nudge("before", 1, "Before +1 frame"),
      nudge("after", -1, "After −1 frame"), nudge("after", 1, "After +1 frame"));
    this.bar = el("div", { class: "setup-bar" }, this.lockButton, this.unlockButton, this.nudges, this.status);
    section.after(this.bar);
    for (const side of ["before", "after"]) {
      this.player(side).video.addEventListener("seeked", () => this.showPositions());
    }
    if (d.locked === "true") this.showLocked();
    else this.unlock();
  }

  player(side) { return side === "before" ? this.cmp.before : this.cmp.after; }

  /** Played seconds of the frame on screen in each clip (the moment the physio chose). */
  position(side) { return Math.round(this.player(side).clipTime() * 1000) / 1000; }

  showPositions() {
    if (this.cmp.active) return;
    this.status.textContent = `Before at ${formatTime(this.position("before"), 3)}, after at ${formatTime(this.position("after"), 3)}.`;
  }

  unlock() {
    this.cmp.unlock();
    for (const side of ["before", "after"]) this.player(side).load(); // scrubbing needs the files
    this.lockButton.hidden = false;
    this.unlockButton.hidden = true;
    this.nudges.hidden = true;
    this.status.textContent = "Unlocked: scrub or step each clip to the same moment, then lock.";
  }

  async lock() {
    for (const side of ["before", "after"]) this.player(side).video.pause();
    await this.save(this.position("before"), this.position("after"));
  }

  async nudge(side, n) {
    const offsets = { before: this.cmp.beforeOffset, after: this.cmp.afterOffset };
    offsets[side] = Math.max(0, offsets[side] + n / this.player(side).fps);
    await this.save(offsets.before, offsets.after);
  }

  /** Save the sync points (played seconds) as source seconds; then both play in step. */
  async save(before, after) {
    const d = section.dataset;
    const body = {
      before_clip_id: Number(d.beforeId), after_clip_id: Number(d.afterId),
      before_offset: Math.round((before + this.start.before) * 1000) / 1000,
      after_offset: Math.round((after + this.start.after) * 1000) / 1000,
    };
    this.status.textContent = "Saving…";
    try {
      const saved = d.comparisonId
        ? await api("PATCH", `/api/v1/comparisons/${d.comparisonId}`, body)
        : await api("POST", `/api/v1/cases/${d.caseId}/comparisons`, { ...body, title: d.title || "Before and after" });
      d.comparisonId = String(saved.id);
      d.locked = "true";
      if (!this.cmp.active) this.cmp.lock();
      this.cmp.setOffsets(saved.before_offset - this.start.before, saved.after_offset - this.start.after);
      this.cmp.seek(0);
      this.showLocked();
      this.status.textContent = `Locked and saved: before at ${formatTime(this.cmp.beforeOffset, 3)}, after at ${formatTime(this.cmp.afterOffset, 3)}.`;
      this.syncForm();
    } catch (error) {
      this.status.textContent = `Not saved: ${error.message}`;
    }
  }

  showLocked() {
    this.lockButton.hidden = true;
    this.unlockButton.hidden = false;
    this.nudges.hidden = false;
  }

  /** Keep the typed-seconds form above in agreement with what was saved. */
  syncForm() {
    const set = (name, value) => {
      const input = document.querySelector(`form [name="${name}"]`);
      if (input) input.value = value;
    };
    set("before_offset", this.cmp.beforeOffset.toFixed(3));
    set("after_offset", this.cmp.afterOffset.toFixed(3));
    set("before_clip_id", section.dataset.beforeId);
    set("after_clip_id", section.dataset.afterId);
  }
}

if (section) {
  compared.then((map) => {
    const comparison = map.get(section);
    if (comparison) window.RunPhysSetup = new Setup(comparison);
  });
}
