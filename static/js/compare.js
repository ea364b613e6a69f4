// Before/after comparison: one set of controls drives two clips held in step at their sync
// points (data-before-offset / data-after-offset seconds into each clip). The "before" clip is
// the master; a per-frame loop keeps "after" within a frame of it while both play.
import { ready, button, el, formatTime, icon, isTextEntry } from "./player.js";

const RATES = [0.25, 0.5, 1];
const HARD_SEEK = 0.3; // seconds of drift beyond which nudging the rate would take too long
const CATCH_UP = 0.3; // seconds of wall time in which a small drift is nudged away

class Comparison {
  constructor(section, before, after) {
    this.section = section;
    this.before = before;
    this.after = after;
    this.beforeOffset = Number(section.dataset.beforeOffset) || 0;
    this.afterOffset = Number(section.dataset.afterOffset) || 0;
    this.rate = 1;
    this.running = false;
    section.classList.add("is-synced");
    for (const p of [before, after]) {
      p.controller.setAttribute("nohotkeys", "");
      p.stepCaptured = false; // both step frames of the files they play, in step
    }
    after.video.muted = true; // two soundtracks a fraction apart only distract

    this.buildControls(section.querySelector(".compare-controls") ?? section.appendChild(el("div", { class: "compare-controls" })));
    this.bind();
    this.updateRange();
    this.seek(0);
  }

  /** Shared time: seconds from the sync point, read from the "before" clip. */
  time() { return this.before.clipTime() - this.beforeOffset; }

  /** One frame of the coarser clip: the tolerance for "in step". */
  get frame() { return 1 / Math.min(this.before.fps, this.after.fps); }

  updateRange() {
    const { before, after } = this;
    this.start = Math.max(-this.beforeOffset, -this.afterOffset);
    this.end = Math.min(before.duration - this.beforeOffset, after.duration - this.afterOffset);
    if (!Number.isFinite(this.end)) this.end = 0;
    Object.assign(this.slider, { min: String(this.start), max: String(this.end) });
    this.showTime();
  }

  seek(t) {
    t = Math.min(Math.max(t, this.start), this.end);
    this.before.seek(t + this.beforeOffset);
    this.after.seek(t + this.afterOffset);
    this.showTime(t);
  }

  play() {
    if (this.time() >= this.end - this.frame) this.seek(this.start);
    for (const p of [this.before, this.after]) {
      p.video.playbackRate = this.rate;
      p.play();
    }
  }

  pause() {
    this.before.video.pause();
    this.after.video.pause();
    this.align();
  }

  /** Put "after" exactly where "before" is (used whenever playback stops or jumps). */
  align() {
    const want = this.time() + this.afterOffset;
    const video = this.after.video;
    video.playbackRate = this.rate;
    if (Math.abs(video.currentTime - want) > 1e-3) this.after.seek(want);
    this.showTime();
  }

  /** Load both clips' files (nothing is fetched before the comparison is used). */
  load() {
    return Promise.all([this.before.load(), this.after.load()]);
  }

  step(n) {
    this.load();
    this.before.stepFrames(n);
    this.after.video.pause();
    const t = Math.min(Math.max(this.time(), this.start), this.end);
    if (t !== this.time()) this.before.seek(t + this.beforeOffset);
    this.align();
  }

  setRate(rate) {
    this.rate = rate;
    for (const p of [this.before, this.after]) p.setRate(rate);
    for (const b of this.rateButtons) b.setAttribute("aria-pressed", String(Number(b.dataset.rate) === rate));
  }

  // Per presented frame of "before": nudge or jump "after" back into step, stop at the end.
  sync = () => {
    const b = this.before.video, a = this.after.video;
    if (b.paused) {
      this.running = false;
      return;
    }
    if (this.time() >= this.end) {
      this.pause();
      this.seek(this.end);
    } else if (!a.seeking && !a.paused) {
      const drift = a.currentTime - (this.time() + this.afterOffset);
      if (Math.abs(drift) > HARD_SEEK) a.currentTime = this.time() + this.afterOffset;
      let want = this.rate;
      if (Math.abs(drift) <= HARD_SEEK && Math.abs(drift) >= this.frame / 8) {
        want = Math.min(Math.max(this.rate - drift / CATCH_UP, this.rate / 2), this.rate * 1.5);
      }
      // Changing the rate every frame makes the media pipeline stutter: only act on a real change.
      if (Math.abs(a.playbackRate - want) > this.rate * 0.02 || (want === this.rate && a.playbackRate !== want)) {
        a.playbackRate = want;
      }
    }
    this.showTime();
    this.schedule();
  };

  schedule() {
    const b = this.before.video;
    if (b.requestVideoFrameCallback) b.requestVideoFrameCallback(this.sync);
    else requestAnimationFrame(this.sync);
  }

  bind() {
    const { before, after } = this;
    for (const [p, other] of [[before, after], [after, before]]) {
      // Media Chrome still toggles playback on a click on the picture: follow it on both.
      p.video.addEventListener("play", () => {
        if (other.video.paused) other.video.play().catch(() => {});
        if (!this.running) {
          this.running = true;
          this.schedule();
        }
        this.showPlaying(true);
      });
      p.video.addEventListener("pause", () => {
        if (!other.video.paused) other.video.pause();
        if (before.video.paused && after.video.paused) {
          this.align();
          this.showPlaying(false);
        }
      });
      p.video.addEventListener("loadedmetadata", () => this.updateRange());
    }
    before.video.addEventListener("seeked", () => {
      if (before.video.paused) this.align();
    });
    this.section.addEventListener("runphys:noteseek", (event) => {
      event.preventDefault();
      const offset = event.detail.player === after ? this.afterOffset : this.beforeOffset;
      this.seek(event.detail.t - offset);
      this.play();
    });
    // Capture phase: these keys act on both clips, never on one of them.
    this.section.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
      if (event.key === "," || event.key === ".") this.step(event.key === "," ? -1 : 1);
      else if ((event.key === " " || event.key === "k") && !(event.target instanceof HTMLButtonElement)) {
        if (before.video.paused) this.play();
        else this.pause();
      } else return;
      event.preventDefault();
      event.stopPropagation();
    }, true);
  }

  buildControls(box) {
    this.playButton = button("Play both", { class: "compare-play" }, icon("play"));
    this.playButton.addEventListener("click", () => (this.before.video.paused ? this.play() : this.pause()));
    const back = button("Previous frame, both clips (,)", {}, icon("back"));
    const forward = button("Next frame, both clips (.)", {}, icon("forward"));
    back.addEventListener("click", () => this.step(-1));
    forward.addEventListener("click", () => this.step(1));
    this.rateButtons = RATES.map((r) => button(null, { "data-rate": String(r), "aria-pressed": String(r === 1) }, `${r}×`));
    this.rateButtons.forEach((b) => b.addEventListener("click", () => this.setRate(Number(b.dataset.rate))));
    this.slider = el("input", {
      type: "range", step: String(this.frame), value: "0", "aria-label": "Position from the sync point, both clips",
    });
    this.slider.addEventListener("input", () => this.seek(Number(this.slider.value)));
    this.slider.addEventListener("pointerdown", () => { this.dragging = true; });
    this.slider.addEventListener("pointerup", () => { this.dragging = false; });
    this.output = el("output", { "aria-hidden": "true" });
    box.replaceChildren(this.playButton, back, forward, this.slider, this.output,
      el("span", { role: "group", "aria-label": "Playback speed, both clips" }, ...this.rateButtons));
  }

  showPlaying(playing) {
    this.playButton.setAttribute("aria-label", playing ? "Pause both" : "Play both");
    this.playButton.replaceChildren(icon(playing ? "pause" : "play"));
  }

  showTime(t = this.time()) {
    if (!this.dragging) this.slider.value = String(t);
    const text = `${formatTime(t, 2)} / ${formatTime(this.end, 2)}`;
    this.slider.setAttribute("aria-valuetext", text);
    this.output.textContent = text;
  }
}

/** Map of compare section → Comparison, for tests. */
export const comparisons = new Map();

ready.then((players) => {
  for (const section of document.querySelectorAll("section.compare")) {
    const [before, after] = [...section.querySelectorAll(":scope > figure.clip")].map((f) => players.get(f.id));
    if (before && after) comparisons.set(section, new Comparison(section, before, after));
  }
  window.RunPhysPlayer.comparisons = comparisons;
});
