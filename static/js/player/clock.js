// Frame clock: which frame is on screen (from requestVideoFrameCallback), counted in captured
// frames, and its time to the frame. A high-speed clip counts captured frames and shows capture
// time, real seconds of the run (as Kinovea does with its capture frame rate): in slow motion each
// frame of the slow rendition is one captured frame; at normal speed one played frame stands for
// `stride` captured frames.
import { el } from "./dom.js";
import { formatTime } from "../time.js";

export class FrameClock {
  constructor(player) {
    this.player = player;
    this.presented = null; // media time of the frame last presented
    this.output = el("output", { class: "rp-clock", "aria-live": "off", "aria-label": "Frame and time" }, "frame 0 · 0:00.000");
    const video = player.video;
    if (video.requestVideoFrameCallback) {
      const onFrame = (_now, frame) => {
        this.presented = frame.mediaTime;
        this.show();
        this.callback = video.requestVideoFrameCallback(onFrame);
      };
      video.addEventListener("loadstart", () => {
        this.presented = null;
        if (this.callback != null) video.cancelVideoFrameCallback(this.callback);
        this.callback = video.requestVideoFrameCallback(onFrame);
      });
      this.callback = video.requestVideoFrameCallback(onFrame);
    }
    video.addEventListener("seeked", () => this.show());
  }

  /** Index of the frame on screen in the file attached, or null while not known. */
  shownFrame() {
    const p = this.player;
    const fps = p.frameRate;
    const t = p.pending ?? p.video.currentTime;
    // While a seek runs, the frame presented is from before it (a second step pressed before the
    // first one's frame is shown must count from the first one's target); a frame more than one
    // frame away from the position is from before a seek too: stale.
    if (this.presented == null || p.video.seeking || Math.abs(this.presented - t) >= 1.01 / fps) return null;
    return Math.round(this.presented * fps);
  }

  /** The captured frame on screen (or at the position asked for). */
  capturedFrame() {
    const p = this.player;
    const frame = this.shownFrame() ?? Math.floor((p.pending ?? p.video.currentTime) * p.frameRate + 1e-3);
    return p.slowmo ? frame : frame * p.stride;
  }

  show() {
    const p = this.player;
    const frame = this.capturedFrame();
    const time = formatTime(frame / p.captureFps, 3);
    this.output.textContent = `frame ${frame} · ${time}`;
    this.output.dataset.frame = String(frame);
    p.settle?.();
  }
}
