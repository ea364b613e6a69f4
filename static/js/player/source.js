// Source loading: nothing is fetched until a clip is used (played, stepped, sought from a link).
// The page renders <video preload="none"> with MP4 <source>s; a clip with HLS keeps them aside and
// loads hls.js (once per page) and its manifest only when it is first used.
const HLS_MODULE = new URL("../../vendor/hls.js-1.7.4/hls.light.min.mjs", import.meta.url).href;
let hlsModule = null;

/** hls.js, imported on first use (null where it cannot load or MSE is missing). */
export function loadHls() {
  hlsModule ??= import(HLS_MODULE)
    .then(({ default: Hls }) => (Hls.isSupported() ? Hls : null))
    .catch((error) => {
      console.warn("RunPhys player: hls.js unavailable, using MP4", error);
      return null;
    });
  return hlsModule;
}

/** Whether this browser could play HLS through hls.js (decided without loading it). */
export function mseAvailable() {
  return "MediaSource" in window || "ManagedMediaSource" in window;
}

/** The files of one clip: MP4 sources, HLS, the slow rendition; attaches one of them on demand. */
export class Source {
  constructor(video, { hls, slowmo }) {
    this.video = video;
    this.hlsUrl = hls && mseAvailable() ? hls : null;
    this.slowmoUrl = slowmo || null;
    this.mp4 = [...video.querySelectorAll("source")];
    this.Hls = null;
    this.hls = null;
    this.attached = null; // "mp4" | "hls" | "slowmo" once a file is attached
    // Until used, an HLS clip holds no <source>: a play() then fetches nothing by itself.
    // load() drops the MP4 the element had already selected (preload="none" fetched nothing of it).
    if (this.hlsUrl) {
      this.mp4.forEach((s) => s.remove());
      video.load();
    }
  }

  /** Attach the normal (or slow) file, starting at media time startAt; resolves when asked to load. */
  async attach(slow, startAt) {
    const video = this.video;
    this.hls?.destroy();
    this.hls = null;
    if (slow) {
      this.attached = "slowmo";
      video.preload = "metadata"; // in use now: seeking and frame steps need the metadata
      video.src = this.slowmoUrl;
      return;
    }
    if (this.hlsUrl) {
      this.Hls ??= await loadHls();
      if (this.Hls) {
        const hls = new this.Hls({ startPosition: startAt });
        hls.on(this.Hls.Events.ERROR, (_event, detail) => {
          if (!detail.fatal || this.hls !== hls) return;
          console.warn("RunPhys player: HLS failed, using MP4", detail.details);
          this.useMp4();
          this.onFallback?.(video.currentTime || startAt);
        });
        hls.loadSource(this.hlsUrl);
        hls.attachMedia(video);
        this.hls = hls;
        this.attached = "hls";
        return;
      }
      this.useMp4();
    }
    this.attached = "mp4";
    video.preload = "metadata";
    video.removeAttribute("src"); // back to the <source> children
    video.load();
  }

  /** Give up HLS for the MP4 <source>s. */
  useMp4() {
    this.hls?.destroy();
    this.hls = null;
    if (this.hlsUrl) this.video.append(...this.mp4);
    this.hlsUrl = null;
  }
}
