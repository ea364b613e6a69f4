// RunPhys clip player: upgrades each server-rendered <figure class="clip"> into an analysis
// player (modules in ./player/: source loading, frame clock, A/B loop, notes and chapters,
// controls, keyboard and touch). Without this script the page keeps a plain <video controls>.
// Upgrading fetches no video: a clip loads its file (and hls.js) when it is first used.
import { ClipPlayer } from "./player/clip.js";
import { playerKey } from "./player/keys.js";
import { formatTime, parseTime } from "./time.js";

export { button, el, icon, isTextEntry } from "./player/dom.js";
export { formatTime, parseTime }; // compare.js and tests take them from here

/** Map of figure id → player, for tests and compare.js. */
export const players = new Map();
let lastUsed = null;

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
  if (player && Number.isFinite(t)) {
    player.seek(t);
    player.load();
  }
}

function onDocumentKey(event) {
  // Player keys also work with nothing focused, for the clip used last (or the first one).
  if (event.target !== document.body || event.defaultPrevented) return;
  const player = lastUsed ?? players.values().next().value;
  if (player && !player.figure.closest(".compare")) playerKey(player, event);
}

function upgradeAll() {
  for (const figure of document.querySelectorAll("figure.clip")) {
    if (!figure.querySelector("video") || players.has(figure.id)) continue;
    const player = new ClipPlayer(figure);
    players.set(player.id, player);
    // Only a clip with drawings loads their layer (kept out of the page's first script).
    if (figure.dataset.drawings) player.drawingsReady = import("./player/drawings.js").then((m) => m.attach(player));
    const used = () => { lastUsed = player; };
    figure.addEventListener("pointerdown", used);
    figure.addEventListener("focusin", used);
  }
  startFromUrl();
  document.addEventListener("keydown", onDocumentKey);
  return players;
}

/** Resolves with the players map once every clip on the page is upgraded. */
export const ready = new Promise((resolve) => {
  const start = () => resolve(upgradeAll());
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
});

window.RunPhysPlayer = { players, ready, formatTime, parseTime };
