// Embed page options (autoplay=1 muted, loop=1, ?t= for a comparison), the clip switcher of
// a case embed, and hiding the title bar while playing. player.js handles ?t= of one clip.
import { ready, parseTime } from "./player.js";

const body = document.body;
const autoplay = body.hasAttribute("data-autoplay");
const loop = body.hasAttribute("data-loop");

document.addEventListener("play", () => body.classList.add("is-playing"), true);
document.addEventListener("pause", () => {
  if ([...document.querySelectorAll("video")].every((v) => v.paused)) body.classList.remove("is-playing");
}, true);

const form = document.querySelector("[data-embed-switch]");
if (form) {
  form.querySelector("[data-embed-switch-go]").hidden = true;
  form.querySelector("select").addEventListener("change", () => form.submit());
}

function play(video) {
  video.muted = true; // browsers only let a frame start playback on its own without sound
  return video.play().catch(() => {});
}

ready.then((players) => {
  const section = document.querySelector("section.compare");
  const comparison = section && window.RunPhysPlayer.comparisons?.get(section);
  if (comparison) {
    const t = parseTime(new URLSearchParams(location.search).get("t"));
    if (Number.isFinite(t)) { // shared time from the sync point: a moment asked for loads both
      comparison.seek(t);
      comparison.load();
    }
    if (loop) {
      comparison.before.video.addEventListener("pause", () => {
        if (comparison.time() >= comparison.end - comparison.frame) comparison.play();
      });
    }
    if (autoplay) {
      comparison.before.video.muted = true;
      comparison.play();
    }
    return;
  }
  const player = players.values().next().value;
  if (!player) return;
  if (loop) player.video.loop = true;
  if (autoplay) play(player.video);
});
