// RunPhys clip player: upgrades each server-rendered <figure class="clip"> into an analysis
// player (Media Chrome controls, frame stepping, slow motion, note chapters and loops).
// Without this script the page still has a plain <video controls> with MP4 sources.
import "../vendor/media-chrome-4.19.4/media-chrome.js";
import { formatTime, parseTime } from "./time.js";

const HLS_MODULE = "../vendor/hls.js-1.7.4/hls.min.mjs";
const RATES = [0.25, 0.5, 1];
const NOTE_PAD = 1.5; // seconds either side of a note without data-end
const SVG = "http://www.w3.org/2000/svg";
const ICONS = {
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zm8 0h4v14h-4z",
  back: "M6 5h2v14H6zM18 5v14L9 12z",
  forward: "M16 5h2v14h-2zM6 5v14l9-7z",
  loop: "M7 7h10v3l4-4-4-4v3H5v6h2zm10 10H7v-3l-4 4 4 4v-3h12v-6h-2z",
};

/** Map of figure id → player, for tests and compare.js. */
export const players = new Map();
let lastUsed = null;

export { formatTime, parseTime }; // compare.js and tests take them from here

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

// keysused stops Media Chrome's controller treating Enter/Space on our buttons as hotkeys.
export function button(label, attrs = {}, ...content) {
  return el("button", { type: "button", keysused: "Enter Space", ...(label ? { "aria-label": label } : {}), ...attrs }, ...content);
}

export function isTextEntry(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) &&
    target.type !== "range" && target.type !== "button" && target.type !== "checkbox";
}

class ClipPlayer {
  constructor(figure, Hls) {
    const data = figure.dataset;
    this.figure = figure;
    this.video = figure.querySelector("video");
    this.id = figure.id || (figure.id = `clip-${data.clipId}`);
    // Frame rates of the files played (the MP4s and HLS variants; the slow-motion file, which
    // shows every captured frame), each file's frame k from k / fps seconds.
    this.fps = Number(data.fps) || 30;
    this.duration = Number(data.duration) || NaN;
    this.slowmoUrl = data.slowmo || null;
    this.factor = Number(data.slowmoFactor) || 1;
    this.slowmoFps = Number(data.slowmoFps) || this.fps;
    this.hlsUrl = data.hls && Hls?.isSupported() ? data.hls : null;
    this.Hls = Hls;
    this.hls = null;
    this.slowmo = false;
    this.rate = 1;
    this.pending = null; // media time to seek to once metadata is known
    this.loop = null; // {note, start, end} in clip time
    this.notes = [...figure.querySelectorAll(".notes a.note-link[data-t]")]
      .map((link) => ({ link, t: Number(link.dataset.t), end: Number(link.dataset.end) || NaN }))
      .filter((n) => Number.isFinite(n.t))
      .sort((a, b) => a.t - b.t);

    // Pages render clips with preload="none" so a long case paints fast; once the analysis player
    // is in use, clip durations, seeking and frame steps need the metadata.
    if (this.video.preload === "none") this.video.preload = "metadata";
    this.buildControls();
    this.buildNotes();
    this.bindMedia();
    if (this.hlsUrl) this.loadSource(0);
    else if (this.video.readyState >= HTMLMediaElement.HAVE_METADATA) this.onMetadata();
  }

  get scale() { return this.slowmo ? this.factor : 1; }
  get frameRate() { return this.slowmo ? this.slowmoFps : this.fps; }
  get mode() { return this.slowmo ? "slowmo" : this.hls ? "hls" : "mp4"; }

  /** Current position on the clip's normal timeline (slow motion divided back out). */
  clipTime() { return (this.pending ?? this.video.currentTime) / this.scale; }

  /** Seek to t seconds of the clip's normal timeline. */
  seek(t) {
    const video = this.video;
    let target = Math.max(0, t * this.scale);
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) {
      this.pending = target;
      return;
    }
    if (Number.isFinite(video.duration)) target = Math.min(target, video.duration);
    video.currentTime = target;
  }

  /** Pause and move n frames (negative: back) from the frame on screen. */
  stepFrames(n) {
    const video = this.video;
    const fps = this.frameRate;
    video.pause();
    // From the frame on screen, else (a seek under way, e.g. a held-down key) from the
    // frame at the position asked for.
    let frame = this.shownFrame() ?? Math.floor((this.pending ?? video.currentTime) * fps + 1e-3);
    frame += n;
    if (Number.isFinite(video.duration)) frame = Math.min(frame, Math.ceil(video.duration * fps) - 1);
    frame = Math.max(0, frame);
    // Aim at the middle of the frame: Chromium shows the previous frame for some seeks
    // that land exactly on a frame's start time.
    const target = (frame + 0.5) / fps;
    if (video.readyState < HTMLMediaElement.HAVE_METADATA) this.pending = target;
    else video.currentTime = target;
  }

  /** Set the playback rate (kept across source switches). */
  setRate(rate) {
    this.rate = rate;
    this.video.defaultPlaybackRate = rate;
    this.video.playbackRate = rate;
  }

  /** Switch to the true slow-motion file (or back), keeping the same moment on screen. */
  setSlowmo(on) {
    if (!this.slowmoUrl || on === this.slowmo) return;
    const t = this.clipTime();
    const playing = !this.video.paused;
    this.slowmo = on;
    this.slowmoButton.setAttribute("aria-pressed", String(on));
    this.figure.classList.toggle("is-slowmo", on);
    this.updateChapters();
    if (this.thumbTrack) this.thumbTrack.track.mode = on ? "disabled" : "hidden";
    this.loadSource(t * this.scale);
    if (playing) this.video.play().catch(() => {});
  }

  loadSource(startAt) {
    const video = this.video;
    this.hls?.destroy();
    this.hls = null;
    this.pending = startAt;
    if (this.slowmo) {
      video.src = this.slowmoUrl;
    } else if (this.hlsUrl) {
      const hls = new this.Hls({ startPosition: startAt });
      hls.on(this.Hls.Events.ERROR, (_event, detail) => {
        if (!detail.fatal || this.hls !== hls) return;
        console.warn("RunPhys player: HLS failed, using MP4", detail.details);
        this.hlsUrl = null;
        this.loadSource(video.currentTime || startAt);
      });
      hls.loadSource(this.hlsUrl);
      hls.attachMedia(video);
      this.hls = hls;
    } else {
      video.removeAttribute("src"); // back to the <source> children
      video.load();
    }
  }

  bindMedia() {
    const video = this.video;
    video.addEventListener("loadedmetadata", () => this.onMetadata());
    video.addEventListener("ratechange", () => {
      // Media Chrome's hotkeys (< >) change the rate too: reflect whatever is in force.
      this.rate = video.playbackRate;
      video.defaultPlaybackRate = this.rate; // so a source switch keeps it
      for (const b of this.rateButtons) b.setAttribute("aria-pressed", String(Number(b.dataset.rate) === video.playbackRate));
    });
    video.addEventListener("timeupdate", () => this.markActiveNote());
    video.addEventListener("seeking", () => {
      const t = this.clipTime();
      if (this.loop && !this.loopSeeking && (t < this.loop.start - 0.1 || t > this.loop.end + 0.3)) this.setLoop(null);
      this.loopSeeking = false;
    });
    video.addEventListener("play", () => this.watchLoop());
    this.trackPresentedFrames();
    const used = () => { lastUsed = this; };
    this.figure.addEventListener("pointerdown", used);
    this.figure.addEventListener("focusin", used);
    this.figure.addEventListener("keydown", (event) => this.onKey(event));
  }

  /** Index of the frame on screen in the current file, or null while not known. */
  shownFrame() {
    const fps = this.frameRate;
    const t = this.pending ?? this.video.currentTime;
    // A frame more than one frame away from the position is from before a seek: stale.
    if (this.presented == null || Math.abs(this.presented - t) >= 1.01 / fps) return null;
    return Math.round(this.presented * fps);
  }

  // Remember the media time of the frame last shown, so stepping starts from what is seen.
  trackPresentedFrames() {
    const video = this.video;
    this.presented = null;
    if (!video.requestVideoFrameCallback) return;
    const onFrame = (_now, frame) => {
      this.presented = frame.mediaTime;
      this.frameCallback = video.requestVideoFrameCallback(onFrame);
    };
    video.addEventListener("loadstart", () => {
      this.presented = null;
      if (this.frameCallback != null) video.cancelVideoFrameCallback(this.frameCallback);
      this.frameCallback = video.requestVideoFrameCallback(onFrame);
    });
    this.frameCallback = video.requestVideoFrameCallback(onFrame);
  }

  onMetadata() {
    const video = this.video;
    video.playbackRate = this.rate;
    if (this.pending != null) {
      const target = Math.min(this.pending, video.duration || this.pending);
      this.pending = null;
      if (Math.abs(video.currentTime - target) > 1e-3) video.currentTime = target;
    }
    if (!Number.isFinite(this.duration)) this.duration = video.duration / this.scale;
    this.updateChapters();
  }

  onKey(event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return;
    if (event.key === "," || event.key === ".") {
      event.preventDefault();
      this.stepFrames(event.key === "," ? -1 : 1);
    }
  }

  buildControls() {
    const video = this.video;
    const controller = el("media-controller", { class: "rp-player" });
    if (Number.isFinite(this.duration)) controller.setAttribute("defaultduration", String(this.duration));
    const w = Number(video.getAttribute("width")), h = Number(video.getAttribute("height"));
    if (w && h) controller.style.setProperty("aspect-ratio", `${w} / ${h}`);
    video.replaceWith(controller);
    video.slot = "media";
    video.removeAttribute("controls");
    controller.append(video);

    const thumbs = this.figure.dataset.thumbnails;
    if (thumbs) {
      this.thumbTrack = el("track", { kind: "metadata", label: "thumbnails", src: thumbs, default: "" });
      video.append(this.thumbTrack);
      this.thumbTrack.track.mode = "hidden"; // load the cues without showing them
    }

    this.rateButtons = RATES.map((r) => button(null, {
      class: "rp-rate", "data-rate": String(r), "aria-pressed": String(r === 1),
    }, `${r}×`));
    this.rateButtons.forEach((b) => b.addEventListener("click", () => this.setRate(Number(b.dataset.rate))));
    const back = button("Previous frame (,)", { class: "rp-step" }, icon("back"));
    const forward = button("Next frame (.)", { class: "rp-step" }, icon("forward"));
    back.addEventListener("click", () => this.stepFrames(-1));
    forward.addEventListener("click", () => this.stepFrames(1));

    const bar = el("media-control-bar", { class: "rp-buttons" },
      el("media-play-button", { notooltip: "" }),
      back, forward,
      el("media-time-display", { showduration: "", notoggle: "" }),
      el("media-mute-button", { notooltip: "" }),
      el("span", { class: "rp-rates", role: "group", "aria-label": "Playback speed" }, ...this.rateButtons));
    if (this.slowmoUrl) {
      this.slowmoButton = button(`Slow-mo: true slow motion, ${this.factor}× slower from high-speed frames`,
        { class: "rp-slowmo", "aria-pressed": "false" }, "Slow-mo");
      this.slowmoButton.addEventListener("click", () => this.setSlowmo(!this.slowmo));
      bar.append(this.slowmoButton);
    }
    if (video.querySelector('track[kind="subtitles"], track[kind="captions"]')) {
      bar.append(el("media-captions-button", { notooltip: "" }));
    }
    bar.append(el("media-fullscreen-button", { notooltip: "" }));
    controller.append(el("media-control-bar", { class: "rp-timeline" }, el("media-time-range")), bar);
    this.controller = controller;
    // Media Chrome labels every player "video player" and gives its captions toggle
    // aria-checked on role=button; both fail axe, so correct them once connected.
    const caption = this.figure.dataset.label || this.figure.querySelector("figcaption")?.textContent.trim();
    controller.setAttribute("aria-label", uniqueLabel(caption ? `Video player: ${caption}` : "Video player"));
    bar.querySelector("media-captions-button")?.setAttribute("role", "switch");
  }

  buildNotes() {
    if (!this.notes.length) return;
    this.chapters = this.video.addTextTrack("chapters", "Notes");
    for (const note of this.notes) {
      const { link, t } = note;
      const hasEnd = Number.isFinite(note.end) && note.end > t;
      note.start = hasEnd ? t : Math.max(0, t - NOTE_PAD); // the range a loop repeats
      note.stop = hasEnd ? note.end : t + NOTE_PAD;
      link.addEventListener("click", (event) => {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        if (new URL(link.href, location.href).pathname === location.pathname) history.replaceState(null, "", link.href);
        const seek = new CustomEvent("runphys:noteseek", { bubbles: true, cancelable: true, detail: { player: this, t } });
        if (!this.figure.dispatchEvent(seek)) return; // compare.js keeps both clips in step itself
        this.seek(t);
        this.video.play().catch(() => {});
      });
      const text = link.closest("li")?.querySelector(".note-text")?.textContent.trim() ?? "";
      note.title = text || link.textContent.trim();
      note.loopButton = button(`Loop ${formatTime(note.start, 1)} to ${formatTime(note.stop, 1)}`,
        { class: "note-loop", "aria-pressed": "false" }, icon("loop"));
      note.loopButton.addEventListener("click", () => this.setLoop(this.loop?.note === note ? null : note));
      link.after(" ", note.loopButton);
    }
    this.updateChapters();
  }

  // Notes become chapters on the time range: each runs from its time to the next note.
  updateChapters() {
    const track = this.chapters;
    if (!track) return;
    for (const cue of [...(track.cues ?? [])]) track.removeCue(cue);
    const total = Number.isFinite(this.duration) ? this.duration : this.notes.at(-1).stop;
    const s = this.scale;
    const points = this.notes.filter((n) => n.t < total);
    if (points.length && points[0].t > 0) track.addCue(new VTTCue(0, points[0].t * s, this.figure.querySelector("figcaption")?.textContent.trim() || "Start"));
    points.forEach((n, i) => {
      const end = i + 1 < points.length ? points[i + 1].t : total;
      if (end > n.t) track.addCue(new VTTCue(n.t * s, end * s, n.title));
    });
  }

  markActiveNote() {
    const t = this.clipTime();
    for (const note of this.notes) {
      const active = !this.video.paused && t >= note.start && t < note.stop;
      note.link.closest("li")?.classList.toggle("is-active", active);
      if (active) note.link.setAttribute("aria-current", "true");
      else note.link.removeAttribute("aria-current");
    }
  }

  setLoop(note) {
    if (this.loop) this.loop.note.loopButton.setAttribute("aria-pressed", "false");
    this.loop = note ? { note, start: note.start, end: note.stop } : null;
    if (!note) return;
    note.loopButton.setAttribute("aria-pressed", "true");
    this.loopSeeking = true;
    this.seek(note.start);
    this.video.play().catch(() => {});
  }

  // Check the loop end every frame while playing (timeupdate is only ~4 Hz).
  watchLoop() {
    const video = this.video;
    const check = () => {
      if (!this.loop || video.paused) return;
      if (this.clipTime() >= this.loop.end || video.ended) {
        this.loopSeeking = true;
        this.seek(this.loop.start);
        if (video.ended) video.play().catch(() => {});
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }
}

// Each player is a landmark (region): screen readers list them by name, so names must differ.
const usedLabels = new Map();
function uniqueLabel(label) {
  const n = (usedLabels.get(label) ?? 0) + 1;
  usedLabels.set(label, n);
  return n === 1 ? label : `${label} (${n})`;
}

function safeDecode(text) {
  try { return decodeURIComponent(text); } catch { return text; }
}

function startFromUrl() {
  const hash = location.hash.slice(1).split("&");
  const named = hash.map((part) => document.getElementById(safeDecode(part)))
    .find((node) => node?.matches("figure.clip"));
  const fromHash = hash.find((part) => part.startsWith("t="))?.slice(2);
  const t = parseTime(fromHash ?? new URLSearchParams(location.search).get("t"));
  const player = named ? players.get(named.id) : players.values().next().value;
  if (player && Number.isFinite(t)) player.seek(t);
}

function onDocumentKey(event) {
  // Frame keys also work with nothing focused, for the clip used last (or the first one).
  if (event.target !== document.body || event.defaultPrevented) return;
  const player = lastUsed ?? players.values().next().value;
  if (player && !player.figure.closest(".compare")) player.onKey(event);
}

async function upgradeAll() {
  const figures = [...document.querySelectorAll("figure.clip")].filter((f) => f.querySelector("video"));
  let Hls = null;
  if (figures.some((f) => f.dataset.hls)) {
    try {
      ({ default: Hls } = await import(HLS_MODULE));
    } catch (error) {
      console.warn("RunPhys player: hls.js unavailable, using MP4", error);
    }
  }
  for (const figure of figures) {
    if (players.has(figure.id)) continue;
    const player = new ClipPlayer(figure, Hls);
    players.set(player.id, player);
  }
  startFromUrl();
  document.addEventListener("keydown", onDocumentKey);
  return players;
}

/** Resolves with the players map once every clip on the page is upgraded. */
export const ready = new Promise((resolve) => {
  const start = () => upgradeAll().then(resolve);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
});

window.RunPhysPlayer = { players, ready, formatTime, parseTime };
