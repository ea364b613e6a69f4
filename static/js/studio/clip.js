// The clip page: the one player (frame steps, frame clock, slow motion, A/B loop) and the time
// on screen; notes are authored in place by ./notes.js (N adds one at the frame on screen).
import { ready } from "../player.js";
import { formatTime } from "../time.js";
import { watchAll } from "./upload.js";

document.documentElement.classList.add("js");
const figure = document.getElementById("studio-clip");
const now = document.getElementById("now");

function bind(player) {
  player.video.addEventListener("timeupdate", () => { now.textContent = formatTime(player.clipTime(), 1); });
}

if (figure) ready.then((players) => bind(players.get(figure.id)));
watchAll();
// A clip that becomes playable while the page is open: reload once to show the player.
document.addEventListener("clip-status", (event) => {
  if (!figure && (event.detail.status === "ready" || event.detail.hls)) window.location.reload();
});
