// Before/after comparison: one set of controls drives two clips held in step at their sync
// points (data-before-offset / data-after-offset seconds into each clip, played time). The
// "before" clip is the master; a per-frame loop keeps "after" within a frame of it while both play.
// Views (section[data-mode]): side by side (both pictures at the same height, whatever their
// orientation), overlay (the after clip as a ghost over the before one, opacity on a range) and
// wipe (before left of a draggable divider, after right of it); either side can be mirrored.
// A phone starts in wipe, so both clips are seen at once without stacking. Zoom, steps, rates
// and play act on both. Labels and subtitles sit at the top of the pictures, clear of the feet.
import { ready, button, el, formatTime, icon, isTextEntry } from "./player.js";

const MODES = [["side", "Side by side"], ["overlay", "Overlay"], ["wipe", "Wipe"]];
const NARROW = "(max-width: 40rem)";

const RATES = [0.25, 0.5, 1];
const HARD_SEEK = 0.3; // seconds of drift beyond which nudging the rate would take too long
const CATCH_UP = 0.3; // seconds of wall time in which a small drift is nudged away

export class Comparison {
  constructor(section, before, after) {
    this.section = section;
    this.before = before;
    this.after = after;
    this.beforeOffset = Number(section.dataset.beforeOffset) || 0;
    this.afterOffset = Number(section.dataset.afterOffset) || 0;
    this.rate = 1;
    this.running = false;
    this.active = false;
    this.lock();
    after.video.muted = true; // two soundtracks a fraction apart only distract

    this.buildControls(section.querySelector(".compare-controls") ?? section.appendChild(el("div", { class: "compare-controls" })));
    this.buildPictures();
    this.bind();
    this.updateRange();
    this.seek(0);
    this.setMode(matchMedia(NARROW).matches ? "wipe" : "side");
  }

  /** Labels on the pictures, the wipe divider, one scale for both pictures. */
  buildPictures() {
    const { section, before, after } = this;
    const aspect = (p) => {
      const w = Number(p.video.getAttribute("width")), h = Number(p.video.getAttribute("height"));
      return w && h ? w / h : 16 / 9;
    };
    const [a, b] = [aspect(before), aspect(after)];
    // Side by side: columns in proportion to the aspect ratios give both pictures one height.
    section.style.setProperty("--compare-columns", `minmax(0, ${a.toFixed(4)}fr) minmax(0, ${b.toFixed(4)}fr)`);
    // Overlay and wipe: one box as wide as the wider picture; both are fitted to its height.
    section.style.setProperty("--compare-aspect", String(Math.max(a, b)));
    const figures = [...section.children];
    section.style.setProperty("--compare-row", String(figures.indexOf(before.figure) + 1));
    before.figure.classList.add("compare-before");
    after.figure.classList.add("compare-after");
    for (const [p, text] of [[before, "Before"], [after, "After"]]) {
      p.view.append(el("span", { class: "compare-label", "aria-hidden": "true" }, text));
    }
    this.wipe = 50;
    this.divider = el("div", {
      class: "compare-divider", role: "slider", tabindex: "0", "aria-label": "Wipe: before on the left, after on the right",
      "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "50", "aria-valuetext": "50% before",
    }, el("span", { class: "compare-grip", "aria-hidden": "true" }));
    this.line = el("span", { class: "compare-line", "aria-hidden": "true" });
    after.view.parentElement.append(this.line, this.divider);
    this.setWipe(50);
    // Subtitles at the top of the picture: the feet are at the bottom.
    for (const p of [before, after]) {
      for (const track of p.video.textTracks) {
        track.addEventListener("cuechange", () => {
          for (const cue of track.activeCues ?? []) if (cue.line !== 0) cue.line = 0;
        });
      }
    }
  }

  setMode(mode) {
    this.mode = mode;
    this.section.dataset.mode = mode;
    for (const b of this.modeButtons) b.setAttribute("aria-pressed", String(b.dataset.mode === mode));
    this.opacity.parentElement.hidden = mode !== "overlay";
    this.divider.hidden = this.line.hidden = mode !== "wipe";
    this.setOpacity(Number(this.opacity.value));
  }

  setOpacity(value) {
    this.after.view.style.opacity = this.mode === "overlay" ? String(value / 100) : "";
  }

  /** Wipe divider at `percent` of the picture's width from its left. */
  setWipe(percent) {
    this.wipe = Math.min(100, Math.max(0, percent));
    this.section.style.setProperty("--wipe", `${this.wipe}%`);
    this.divider.setAttribute("aria-valuenow", String(Math.round(this.wipe)));
    this.divider.setAttribute("aria-valuetext", `${Math.round(this.wipe)}% before`);
  }

  setMirror(p, on) {
    p.figure.classList.toggle("is-mirrored", on);
    const b = p === this.before ? this.mirrorBefore : this.mirrorAfter;
    b.setAttribute("aria-pressed", String(on));
  }

  toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else this.section.requestFullscreen?.().catch(() => {});
  }

  /** Drive both clips together (the normal state; the studio's set-up unlocks to scrub each). */
  lock() {
    this.active = true;
    this.section.classList.add("is-synced");
    for (const p of [this.before, this.after]) {
      p.controller.setAttribute("nohotkeys", "");
      p.stepCaptured = false; // both step frames of the files they play, in step
      if (p.slowmo) p.setSlowmo(false);
    }
  }

  /** Let each clip be played, scrubbed and stepped on its own, with its own controls. */
  unlock() {
    this.active = false;
    this.pause();
    this.section.classList.remove("is-synced");
    for (const p of [this.before, this.after]) p.controller.removeAttribute("nohotkeys");
  }

  /** New sync points (played seconds into each clip); "after" moves to match "before". */
  setOffsets(beforeOffset, afterOffset) {
    const t = this.time();
    this.beforeOffset = beforeOffset;
    this.afterOffset = afterOffset;
    this.section.dataset.beforeOffset = beforeOffset.toFixed(3);
    this.section.dataset.afterOffset = afterOffset.toFixed(3);
    this.updateRange();
    this.seek(t);
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
    if (b.paused || !this.active) {
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
        if (!this.active) return;
        if (other.video.paused) other.video.play().catch(() => {});
        if (!this.running) {
          this.running = true;
          this.schedule();
        }
        this.showPlaying(true);
      });
      p.video.addEventListener("pause", () => {
        if (!this.active) return;
        if (!other.video.paused) other.video.pause();
        if (before.video.paused && after.video.paused) {
          this.align();
          this.showPlaying(false);
        }
      });
      p.video.addEventListener("loadedmetadata", () => this.updateRange());
    }
    before.video.addEventListener("seeked", () => {
      if (this.active && before.video.paused) this.align();
    });
    this.section.addEventListener("runphys:noteseek", (event) => {
      if (!this.active) return;
      event.preventDefault();
      const offset = event.detail.player === after ? this.afterOffset : this.beforeOffset;
      this.seek(event.detail.t - offset);
      this.play();
    });
    // Zoom one picture, zoom the other the same way (their states are fractions of the views).
    this.section.addEventListener("runphys:zoom", (event) => {
      if (!this.active) return;
      const { player, scale, x, y } = event.detail;
      const other = player === before ? after : before;
      other.zoom.set(scale, x, y, { quiet: true });
    });
    // The wipe divider: drag it, or arrows (shift: bigger steps), Home and End.
    const divider = this.divider;
    const fromPointer = (event) => {
      const box = after.view.getBoundingClientRect();
      this.setWipe(((event.clientX - box.left) / box.width) * 100);
    };
    divider.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      divider.setPointerCapture(event.pointerId);
      this.wiping = true;
    });
    divider.addEventListener("pointermove", (event) => { if (this.wiping) fromPointer(event); });
    divider.addEventListener("pointerup", () => { this.wiping = false; });
    divider.addEventListener("pointercancel", () => { this.wiping = false; });
    divider.addEventListener("keydown", (event) => {
      const by = event.shiftKey ? 10 : 2;
      const to = { ArrowLeft: this.wipe - by, ArrowDown: this.wipe - by, ArrowRight: this.wipe + by,
        ArrowUp: this.wipe + by, Home: 0, End: 100, PageDown: this.wipe - 10, PageUp: this.wipe + 10 }[event.key];
      if (to == null) return;
      event.preventDefault();
      event.stopPropagation();
      this.setWipe(to);
    });
    this.section.addEventListener("fullscreenchange", () => {
      this.fullscreenButton.setAttribute("aria-pressed", String(document.fullscreenElement === this.section));
    });
    // Capture phase: these keys act on both clips, never on one of them.
    this.section.addEventListener("keydown", (event) => {
      if (!this.active) return;
      if (event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
      if (event.target === this.divider) return; // its arrows move the wipe
      // Zoom keys (+ − 0, shift+arrows) zoom both: one picture's zoom is copied to the other.
      if ((!event.shiftKey || this.before.zoom.zoomed) && this.before.zoom.key(event)) return;
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
    this.modeButtons = MODES.map(([mode, label]) => button(null, { "data-mode": mode, "aria-pressed": "false" }, label));
    this.modeButtons.forEach((b) => b.addEventListener("click", () => this.setMode(b.dataset.mode)));
    this.opacity = el("input", { type: "range", min: "0", max: "100", step: "5", value: "50", "aria-label": "Opacity of the after clip" });
    this.opacity.addEventListener("input", () => this.setOpacity(Number(this.opacity.value)));
    this.mirrorBefore = button(null, { "aria-pressed": "false", class: "compare-mirror" }, "Mirror before");
    this.mirrorAfter = button(null, { "aria-pressed": "false", class: "compare-mirror" }, "Mirror after");
    this.mirrorBefore.addEventListener("click", () => this.setMirror(this.before, !this.before.figure.classList.contains("is-mirrored")));
    this.mirrorAfter.addEventListener("click", () => this.setMirror(this.after, !this.after.figure.classList.contains("is-mirrored")));
    this.fullscreenButton = button("Full screen, both clips", { "aria-pressed": "false" }, "Full screen");
    this.fullscreenButton.addEventListener("click", () => this.toggleFullscreen());
    if (!document.fullscreenEnabled) this.fullscreenButton.hidden = true;
    box.replaceChildren(this.playButton, back, forward, this.slider, this.output,
      el("span", { role: "group", "aria-label": "Playback speed, both clips" }, ...this.rateButtons));
    // The view's controls: a second row after the transport.
    this.views = el("div", { class: "compare-views", role: "group", "aria-label": "View of the comparison" },
      el("span", { role: "group", "aria-label": "View" }, ...this.modeButtons),
      el("label", { class: "compare-opacity" }, "After opacity", this.opacity),
      this.mirrorBefore, this.mirrorAfter, this.fullscreenButton);
    box.after(this.views);
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

/** Map of compare section → Comparison, for tests and the studio's set-up. */
export const comparisons = new Map();

/** Resolves with the comparisons map once every comparison on the page is set up. */
export const compared = ready.then((players) => {
  for (const section of document.querySelectorAll("section.compare")) {
    const [before, after] = [...section.querySelectorAll(":scope > figure.clip")].map((f) => players.get(f.id));
    if (before && after) comparisons.set(section, new Comparison(section, before, after));
  }
  window.RunPhysPlayer.comparisons = comparisons;
  return comparisons;
});
