// Keyboard and touch. Keys: , and . step a frame, [ and ] set the loop's A and B, \ clears it,
// + and − zoom, 0 resets the zoom, shift + arrows pan a zoomed picture (zoom.js; Media Chrome adds
// space/k, arrows, m, f, c on the picture). Touch: a horizontal swipe on the paused, unzoomed
// picture steps a frame each way (zoomed, a drag pans and two fingers pinch).
import { isTextEntry } from "./dom.js";

const SWIPE = 30; // px of horizontal travel that makes a swipe

/** Handle a player key; return whether it was one. */
export function playerKey(player, event) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTextEntry(event.target)) return false;
  if (player.zoom?.key(event)) return true;
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
  // Capture phase: shift+arrows must reach the zoom before Media Chrome's seek keys.
  player.figure.addEventListener("keydown", (event) => {
    if (event.shiftKey && event.key.startsWith("Arrow") && !isTextEntry(event.target)) player.zoom?.key(event);
  }, true);
  const picture = player.controller;
  picture.addEventListener("pointerdown", (event) => {
    player.swipeFrom = event.pointerType === "touch" && player.video.paused && !player.zoom?.zoomed ? event.clientX : null;
  });
  picture.addEventListener("pointerup", (event) => {
    const from = player.swipeFrom;
    if (from == null) return;
    const dx = event.clientX - from;
    player.swipeFrom = null;
    if (Math.abs(dx) >= SWIPE) player.stepFrames(dx < 0 ? 1 : -1);
  });
}
