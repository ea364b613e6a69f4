// Zoom and pan of the picture: one CSS transform on the player's stage (.rp-stage), the element
// that holds the <video> (inside Media Chrome's controller) and the drawings layer, so a drawing
// stays on the body point it marks. The stage sits in a viewport (.rp-view) that clips it: the
// control bars are outside the viewport and stay where they are at any zoom.
// Input: ctrl/⌘ + wheel (any wheel once zoomed), pinch with two fingers, a drag once zoomed,
// keys + and − (zoom), 0 (reset), shift + arrows (pan once zoomed; plain arrows stay Media
// Chrome's seek). Works while paused or playing.
// State is kept in fractions of the viewport (scale, x, y: the stage's offset), so compare.js can
// put a second picture of another size into the same state.

const MAX = 8;
const STEP = 1.25; // one key press or wheel notch
const PAN = 0.1; // one shift+arrow: a tenth of the viewport

export class Zoom {
  constructor(player, view, stage) {
    this.player = player;
    this.view = view;
    this.stage = stage;
    this.scale = 1;
    this.x = 0; // stage offset, fractions of the viewport (≤ 0)
    this.y = 0;
    this.pointers = new Map();
    this.bind();
  }

  get zoomed() { return this.scale > 1.001; }

  /** Zoom by `factor` keeping the point at (fx, fy) (fractions of the viewport) where it is. */
  zoomBy(factor, fx = 0.5, fy = 0.5) {
    const scale = Math.min(Math.max(this.scale * factor, 1), MAX);
    const k = scale / this.scale;
    this.set(scale, fx - (fx - this.x) * k, fy - (fy - this.y) * k);
  }

  /** Pan by (dx, dy) fractions of the viewport. */
  panBy(dx, dy) { this.set(this.scale, this.x + dx, this.y + dy); }

  reset() { this.set(1, 0, 0); }

  /** Put the picture in a state (clamped so the stage always covers the viewport). */
  set(scale, x, y, { quiet = false } = {}) {
    this.scale = Math.min(Math.max(scale, 1), MAX);
    this.x = Math.min(0, Math.max(1 - this.scale, x));
    this.y = Math.min(0, Math.max(1 - this.scale, y));
    this.apply();
    if (!quiet) {
      this.player.figure.dispatchEvent(new CustomEvent("runphys:zoom", {
        bubbles: true, detail: { player: this.player, scale: this.scale, x: this.x, y: this.y },
      }));
    }
  }

  apply() {
    const { stage, view } = this;
    if (!this.zoomed) {
      stage.style.removeProperty("transform");
    } else {
      // Percentages of translate() are of the stage's own box, which is the viewport's size.
      stage.style.transform = `translate(${this.x * 100}%, ${this.y * 100}%) scale(${this.scale})`;
    }
    view.classList.toggle("is-zoomed", this.zoomed);
    view.dataset.zoom = this.scale.toFixed(3);
  }

  /** A point of the page (client px) as fractions of the viewport. */
  at(clientX, clientY) {
    const box = this.view.getBoundingClientRect();
    return [(clientX - box.left) / box.width, (clientY - box.top) / box.height];
  }

  /** Handle a zoom key; return whether it was one. */
  key(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    const pan = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] }[event.key];
    if (pan && event.shiftKey && this.zoomed) this.panBy(...pan);
    else if (event.key === "+" || event.key === "=") this.zoomBy(STEP);
    else if (event.key === "-" || event.key === "−" || event.key === "_") this.zoomBy(1 / STEP);
    else if (event.key === "0") this.reset();
    else return false;
    event.preventDefault();
    event.stopPropagation(); // shift+arrows must not reach Media Chrome's seek keys
    return true;
  }

  bind() {
    const view = this.view;
    view.addEventListener("wheel", (event) => {
      if (!(event.ctrlKey || event.metaKey || this.zoomed)) return; // plain wheel scrolls the page
      event.preventDefault();
      const [fx, fy] = this.at(event.clientX, event.clientY);
      const notches = Math.max(-3, Math.min(3, -event.deltaY / (event.deltaMode ? 3 : 100)));
      this.zoomBy(STEP ** notches, fx, fy);
    }, { passive: false });

    view.addEventListener("pointerdown", (event) => {
      if (event.defaultPrevented || (event.pointerType === "mouse" && event.button !== 0)) return;
      this.pointers.set(event.pointerId, [event.clientX, event.clientY]);
      this.moved = false;
      this.gesture = null;
    });
    view.addEventListener("pointermove", (event) => {
      const last = this.pointers.get(event.pointerId);
      if (!last) return;
      const before = [...this.pointers.values()];
      this.pointers.set(event.pointerId, [event.clientX, event.clientY]);
      const now = [...this.pointers.values()];
      const box = view.getBoundingClientRect();
      if (now.length >= 2) {
        // Pinch: zoom by the change of distance around the fingers' midpoint, pan with it.
        const [a0, b0] = before, [a1, b1] = now;
        const d0 = Math.hypot(a0[0] - b0[0], a0[1] - b0[1]), d1 = Math.hypot(a1[0] - b1[0], a1[1] - b1[1]);
        const mid0 = this.at((a0[0] + b0[0]) / 2, (a0[1] + b0[1]) / 2);
        const mid1 = this.at((a1[0] + b1[0]) / 2, (a1[1] + b1[1]) / 2);
        if (d0 > 0) this.zoomBy(d1 / d0, mid0[0], mid0[1]);
        this.panBy(mid1[0] - mid0[0], mid1[1] - mid0[1]);
        this.moved = true;
        this.player.swipeFrom = null; // a pinch is not a swipe
      } else if (this.zoomed) {
        const dx = event.clientX - last[0], dy = event.clientY - last[1];
        if (!this.moved && Math.hypot(dx, dy) < 3) {
          this.pointers.set(event.pointerId, last); // not a drag yet
          return;
        }
        this.moved = true;
        this.player.swipeFrom = null; // a drag on a zoomed picture pans, it does not step
        this.panBy(dx / box.width, dy / box.height);
      }
    });
    const end = (event) => { this.pointers.delete(event.pointerId); };
    view.addEventListener("pointerup", end);
    view.addEventListener("pointercancel", end);
    view.addEventListener("lostpointercapture", end);
    // A drag that panned is not a click (Media Chrome toggles play on a click on the picture).
    view.addEventListener("click", (event) => {
      if (this.moved) {
        event.stopPropagation();
        event.preventDefault();
        this.moved = false;
      }
    }, true);
    view.addEventListener("dblclick", (event) => {
      if (this.zoomed) {
        event.stopPropagation();
        this.reset();
      }
    }, true);
  }
}
