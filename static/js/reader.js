// Case pages load the analysis player (player.js, Media Chrome, compare.js) when the reader gets to
// a clip: when one scrolls into view, on the first key press, tap or focus, or at once when the
// address asks for a moment (?t= / #clip-…). Until then every clip is a plain <video controls>
// with MP4 sources, so the page paints and becomes usable without waiting for the player.
const figures = [...document.querySelectorAll("figure.clip")];
let started = false;
let observer = null;

function start() {
  if (started) return;
  started = true;
  observer?.disconnect();
  for (const type of ["keydown", "pointerdown", "focusin"]) document.removeEventListener(type, start, true);
  const module = document.querySelector("section.compare") ? "./compare.js" : "./player.js";
  import(module).catch((error) => console.error("RunPhys player failed to load", error));
}

if (figures.length) {
  const asked = /(^|[?&])t=/.test(location.search) || /^#(clip-|t=|compare-)/.test(location.hash);
  if (asked || !("IntersectionObserver" in window)) {
    start();
  } else {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) start();
    });
    figures.forEach((figure) => observer.observe(figure));
    for (const type of ["keydown", "pointerdown", "focusin"]) document.addEventListener(type, start, true);
  }
}
