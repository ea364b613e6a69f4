// The clip page: the one player (frame steps, frame clock, slow motion, A/B loop), a note at the
// frame on screen (button or the N key), a note's time button seeks there.
import { ready } from "../player.js";
import { formatTime } from "../time.js";
import { isTextEntry } from "../player/dom.js";
import { watchAll } from "./upload.js";

document.documentElement.classList.add("js");
const figure = document.getElementById("studio-clip");
const now = document.getElementById("now");
const t = document.getElementById("new-t");
const text = document.getElementById("new-text");

function bind(player) {
  const noteHere = () => {
    player.video.pause();
    t.value = player.clipTime().toFixed(3);
    text.focus();
  };
  player.video.addEventListener("timeupdate", () => { now.textContent = formatTime(player.clipTime(), 1); });
  document.getElementById("note-here").addEventListener("click", noteHere);
  document.addEventListener("keydown", (event) => {
    if (event.key.toLowerCase() === "n" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTextEntry(event.target)) {
      event.preventDefault();
      noteHere();
    }
  });
  for (const button of document.querySelectorAll("button.seek")) {
    button.addEventListener("click", () => {
      player.seek(Number(button.dataset.t));
      player.play();
    });
  }
}

if (figure) ready.then((players) => bind(players.get(figure.id)));
watchAll();
// A clip that becomes playable while the page is open: reload once to show the player.
document.addEventListener("clip-status", (event) => {
  if (!figure && (event.detail.status === "ready" || event.detail.hls)) window.location.reload();
});
