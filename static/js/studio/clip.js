// The clip page: add a note at the playing time (button or the N key), seek to a note.
import { formatTime } from "../time.js";
import { watchAll } from "./upload.js";

document.documentElement.classList.add("js");
const video = document.getElementById("studio-video");
const now = document.getElementById("now");
const t = document.getElementById("new-t");
const text = document.getElementById("new-text");

function noteHere() {
  if (!video) return;
  video.pause();
  t.value = video.currentTime.toFixed(2);
  text.focus();
}

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

const HLS_MODULE = "../../vendor/hls.js-1.7.4/hls.min.mjs";

/** Play the growing first version of a clip still being processed (HLS, no MP4 yet). */
async function attachLive(url) {
  try {
    const { default: Hls } = await import(HLS_MODULE);
    if (Hls.isSupported()) {
      const hls = new Hls({ startPosition: 0 });
      hls.loadSource(url);
      hls.attachMedia(video);
      return;
    }
  } catch (error) {
    console.warn("RunPhys studio: hls.js unavailable", error);
  }
  video.src = url; // Safari plays HLS itself
}

if (video?.dataset.hls) attachLive(video.dataset.hls);

if (video) {
  video.addEventListener("timeupdate", () => { now.textContent = formatTime(video.currentTime, 1); });
  document.getElementById("note-here").addEventListener("click", noteHere);
  document.addEventListener("keydown", (event) => {
    if (event.key.toLowerCase() === "n" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      event.preventDefault();
      noteHere();
    }
  });
  for (const button of document.querySelectorAll("button.seek")) {
    button.addEventListener("click", () => {
      video.currentTime = Number(button.dataset.t);
      video.play().catch(() => {});
    });
  }
}
watchAll();
// A clip that becomes playable while the page is open: reload once to show the player.
document.addEventListener("clip-status", (event) => {
  if (!video && (event.detail.status === "ready" || event.detail.hls)) window.location.reload();
});
