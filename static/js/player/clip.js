// One clip's player: transport (play, seek, rate, slow motion) and frame stepping, put together
// from the source, frame clock, A/B loop, notes, controls and input modules.
// Times: "clip time" is the clip's normal timeline (what notes and ?t= links use); the slow
// rendition's media time is clip time × factor. Drawings and compare modes hang on this object
// later (player.controller holds the picture, player.stage the zoomed layer that holds it and the
// drawings; player.clock says which frame is on screen).
import { FrameClock } from "./clock.js";
import { buildControls } from "./controls.js";
import { el } from "./dom.js";
import { bindInput } from "./keys.js";
import { AbLoop } from "./loop.js";
import { Notes } from "./notes.js";
import { Source } from "./source.js";
import { Zoom } from "./zoom.js";

export class ClipPlayer {
  constructor(figure) {
    const data = figure.dataset;
    this.figure = figure;
    this.video = figure.querySelector("video");
    this.id = figure.id || (figure.id = `clip-${data.clipId}`);
    // Frame rates of the files played (the MP4s and HLS variants; the slow-motion file, which
    // shows every captured frame), each file's frame k from k / fps seconds.
    this.fps = Number(data.fps) || 30;
    this.duration = Number(data.duration) || NaN;
    this.factor = Number(data.slowmoFactor) || 1;
    this.slowmoFps = Number(data.slowmoFps) || this.fps;
    this.captureFps = Math.max(this.fps, Number(data.captureFps) || 0);
    this.stride = Math.max(1, Math.round(this.captureFps / this.fps)); // captured frames per played frame
    this.source = new Source(this.video, { hls: data.hls, slowmo: data.slowmo });
    this.source.onFallback = (t) => { this.hold(); this.attach(t); };
    this.slowmo = false;
    this.rate = 1;
    this.pending = null; // media time to seek to once metadata is known
    this.slowEnd = Infinity; // clip time where the slow rendition ends, once known
    this.loading = null;
    this.stepCaptured = true; // a high-speed clip steps captured frames (compare.js turns it off)

    this.clock = new FrameClock(this);
    this.loop = new AbLoop(this);
    Object.assign(this, buildControls(this));
    this.zoom = new Zoom(this, this.view, this.stage);
    this.notes = new Notes(this);
    bindInput(this);
    this.bindMedia();
  }

  get scale() { return this.slowmo ? this.factor : 1; }
  get frameRate() { return this.slowmo ? this.slowmoFps : this.fps; }
  get mode() { return this.source.attached === "slowmo" ? "slowmo" : this.source.hls ? "hls" : "mp4"; }
  get hls() { return this.source.hls; }
  get Hls() { return this.source.Hls; }
  get highSpeed() { return Boolean(this.source.slowmoUrl) && this.stride > 1; }

  /** Start loading the clip's file (once); resolves when its metadata is known. */
  load() {
    this.loading ??= new Promise((resolve) => {
      this.video.addEventListener("loadedmetadata", resolve, { once: true });
      this.attach(this.pending ?? 0);
    });
    return this.loading;
  }

  attach(startAt) {
    this.pending = startAt;
    return this.source.attach(this.slowmo, startAt).then(() => {
      if (this.wantPlay) this.video.play().catch(() => {});
    });
  }

  play() {
    this.load();
    this.video.play().catch(() => {});
  }

  /** Current position on the clip's normal timeline (slow motion divided back out). */
  clipTime() { return (this.pending ?? this.video.currentTime) / this.scale; }

  /** Clip time of the captured frame on screen. */
  frameTime() { return this.clock.capturedFrame() / this.captureFps; }

  shownFrame() { return this.clock.shownFrame(); }

  /** Seek to t seconds of the clip's normal timeline (loads nothing by itself). */
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

  /** Pause and move n frames (negative: back) from the frame on screen. A high-speed clip steps
   * captured frames: it switches to the slow rendition, where each frame is one captured frame. */
  stepFrames(n) {
    const video = this.video;
    video.pause();
    this.wantPlay = false;
    if (this.highSpeed && this.stepCaptured && !this.slowmo) {
      const captured = this.clock.capturedFrame() + n;
      if (captured >= 0 && captured / this.captureFps < this.slowEnd) {
        this.stepping = n; // if the slow rendition ends before `captured`, onMetadata steps played frames
        this.setSlowmo(true, (captured + 0.5) / this.slowmoFps);
        return;
      }
    }
    this.load();
    const fps = this.frameRate;
    let frame = this.clock.shownFrame() ?? Math.floor((this.pending ?? video.currentTime) * fps + 1e-3);
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

  /** Switch to the slow-motion file (or back), keeping the moment on screen (or going to `at`,
   * media time of the file switched to). */
  setSlowmo(on, at = null) {
    if (!this.source.slowmoUrl || on === this.slowmo) return;
    const t = this.clipTime();
    const playing = !this.video.paused;
    this.slowmo = on;
    this.slowmoButton.setAttribute("aria-pressed", String(on));
    this.figure.classList.toggle("is-slowmo", on);
    this.notes.updateChapters();
    const thumbs = this.video.querySelector("track[kind=metadata]");
    if (thumbs) thumbs.track.mode = on ? "disabled" : "hidden";
    this.wantPlay = playing;
    this.loading = null;
    this.pending = at ?? t * this.scale;
    this.hold();
    this.load();
  }

  /** Keep the frame on screen while another file is attached. A new file shows nothing, then
   * (often) its first frame, before the seek to the moment asked for lands: the picture would
   * blink to the clip's start. A still of the frame covers it until the new file shows that moment. */
  hold() {
    const video = this.video;
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !video.videoWidth) return;
    const still = this.still ??= el("canvas", { class: "rp-still", slot: "centered-chrome", noautohide: "", "aria-hidden": "true" });
    still.width = video.videoWidth;
    still.height = video.videoHeight;
    still.getContext("2d").drawImage(video, 0, 0, still.width, still.height);
    still.style.transform = video.style.transform; // zoom's transform, if it put one on the video
    still.style.transformOrigin = video.style.transformOrigin;
    if (!still.isConnected) this.controller.prepend(still); // under the drawings layer
    still.hidden = false;
    clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => this.release(), 10000); // a file that never comes: let go
  }

  /** Show the video again (the still goes). */
  release() {
    clearTimeout(this.holdTimer);
    if (this.still) this.still.hidden = true;
  }

  get holding() { return Boolean(this.still && !this.still.hidden); }

  /** On each frame presented and each seek ended: once the moment asked for is on screen, drop
   * the still (playing, once the seek to it is over: the new file's frames are then on screen). */
  settle() {
    if (!this.holding) return;
    const video = this.video;
    const landed = !video.seeking && this.pending == null && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA;
    const shown = !video.requestVideoFrameCallback ? landed
      : this.clock.shownFrame() != null || (landed && !video.paused && this.clock.presented != null);
    if (shown) this.release();
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
    // A play before the file is attached (Media Chrome's button, the picture): load, then play.
    video.addEventListener("play", () => {
      if (!this.source.attached) {
        this.wantPlay = true;
        this.load();
      }
    });
    video.addEventListener("pause", () => { this.wantPlay = false; });
    video.addEventListener("error", () => this.release());
    const thumbs = this.figure.dataset.thumbnails;
    if (thumbs) {
      const track = document.createElement("track");
      Object.assign(track, { kind: "metadata", label: "thumbnails", src: thumbs, default: true });
      video.append(track);
      track.track.mode = "hidden"; // load the cues without showing them
    }
  }

  onMetadata() {
    const video = this.video;
    video.playbackRate = this.rate;
    if (this.slowmo) this.slowEnd = video.duration / this.factor;
    const step = this.stepping;
    this.stepping = null;
    if (step && this.slowmo && this.pending > video.duration) {
      // The slow rendition holds only the start of the clip: past it, step the played file's frames.
      const captured = this.pending * this.slowmoFps - 0.5;
      const frame = step > 0 ? Math.ceil(captured / this.stride) : Math.floor(captured / this.stride);
      this.setSlowmo(false, (frame + 0.5) / this.fps);
      return;
    }
    if (this.pending != null) {
      const target = Math.min(this.pending, video.duration || this.pending);
      this.pending = null;
      if (Math.abs(video.currentTime - target) > 1e-3) video.currentTime = target;
    }
    if (!Number.isFinite(this.duration)) this.duration = video.duration / this.scale;
    this.notes.updateChapters();
    this.clock.show();
  }
}
