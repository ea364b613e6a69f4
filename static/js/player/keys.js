// Keyboard and touch. Keys: , and . step a frame, [ and ] set the loop's A and B, \ clears it
// (Media Chrome adds space/k, arrows, m, f, c on the picture). Touch: a horizontal swipe on the
// paused picture steps a frame each way.
import { isTextEntry } from "./dom.js";

const SWIPE = 30; // px of horizontal travel that makes a swipe

/** Handle a player key; return whether it was one. */
export function playerKey(player, event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return false;
  const action = {
    ",": () => player.stepFrames(-1),
    ".": () => player.stepFrames(1),
    "[": () => player.loop.setA(),
    "]": () => player.loop.setB(),
    "\\": () => player.loop.clear(),
  }[event.key];
  if (!action) return false;
  event.preventDefault();
  action();
  return true;
}

/** Bind the player's keys and swipes. */
export function bindInput(player) {
  player.figure.addEventListener("keydown", (event) => playerKey(player, event));
  let from = null;
  const picture = player.controller;
  picture.addEventListener("pointerdown", (event) => {
    from = event.pointerType === "touch" && player.video.paused ? event.clientX : null;
  });
  picture.addEventListener("pointerup", (event) => {
    if (from == null) return;
    const dx = event.clientX - from;
    from = null;
    if (Math.abs(dx) >= SWIPE) player.stepFrames(dx < 0 ? 1 : -1);
  });
}
