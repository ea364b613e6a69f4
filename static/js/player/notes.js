// Notes and chapters: each note link seeks and plays; notes become chapters on the time range;
// the note playing is marked; each note has a button looping its range (through the A/B loop).
import { button, icon } from "./dom.js";
import { formatTime } from "../time.js";

const NOTE_PAD = 1.5; // seconds either side of a note without data-end

export class Notes {
  constructor(player) {
    this.player = player;
    this.list = [...player.figure.querySelectorAll(".notes a.note-link[data-t]")]
      .map((link) => ({ link, t: Number(link.dataset.t), end: Number(link.dataset.end) || NaN }))
      .filter((n) => Number.isFinite(n.t))
      .sort((a, b) => a.t - b.t);
    if (!this.list.length) return;
    this.track = player.video.addTextTrack("chapters", "Notes");
    for (const note of this.list) this.bind(note);
    player.video.addEventListener("timeupdate", () => this.markActive());
    player.figure.addEventListener("runphys:loop", (event) => {
      for (const n of this.list) n.loopButton.setAttribute("aria-pressed", String(event.detail.note === n));
    });
    this.updateChapters();
  }

  bind(note) {
    const player = this.player;
    const { link, t } = note;
    const hasEnd = Number.isFinite(note.end) && note.end > t;
    note.start = hasEnd ? t : Math.max(0, t - NOTE_PAD); // the range a loop repeats
    note.stop = hasEnd ? note.end : t + NOTE_PAD;
    link.addEventListener("click", (event) => {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      if (new URL(link.href, location.href).pathname === location.pathname) history.replaceState(null, "", link.href);
      const seek = new CustomEvent("runphys:noteseek", { bubbles: true, cancelable: true, detail: { player, t } });
      if (!player.figure.dispatchEvent(seek)) return; // compare.js keeps both clips in step itself
      player.seek(t);
      player.play();
    });
    const text = link.closest("li")?.querySelector(".note-text")?.textContent.trim() ?? "";
    note.title = text || link.textContent.trim();
    note.loopButton = button(`Loop ${formatTime(note.start, 1)} to ${formatTime(note.stop, 1)}`,
      { class: "note-loop", "aria-pressed": "false" }, icon("loop"));
    note.loopButton.addEventListener("click", () => {
      if (player.loop.note === note) player.loop.clear();
      else player.loop.set(note.start, note.stop, note);
    });
    link.after(" ", note.loopButton);
  }

  // Notes become chapters on the time range: each runs from its time to the next note.
  updateChapters() {
    const track = this.track, player = this.player;
    if (!track) return;
    for (const cue of [...(track.cues ?? [])]) track.removeCue(cue);
    const total = Number.isFinite(player.duration) ? player.duration : this.list.at(-1).stop;
    const s = player.scale;
    const points = this.list.filter((n) => n.t < total);
    if (points.length && points[0].t > 0) track.addCue(new VTTCue(0, points[0].t * s, player.figure.querySelector("figcaption")?.textContent.trim() || "Start"));
    points.forEach((n, i) => {
      const end = i + 1 < points.length ? points[i + 1].t : total;
      if (end > n.t) track.addCue(new VTTCue(n.t * s, end * s, n.title));
    });
  }

  markActive() {
    const t = this.player.clipTime();
    const paused = this.player.video.paused;
    for (const note of this.list) {
      const active = !paused && t >= note.start && t < note.stop;
      note.link.closest("li")?.classList.toggle("is-active", active);
      if (active) note.link.setAttribute("aria-current", "true");
      else note.link.removeAttribute("aria-current");
    }
  }
}
