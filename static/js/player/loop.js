// A/B loop of any range: set A and B at the frame on screen (keys [ and ], or the buttons), clear
// with \ or the button; a note's loop button sets both ends around the note. While a loop is set,
// playing repeats it; seeking well outside it clears it.
import { button, el } from "./dom.js";
import { formatTime } from "../time.js";

export class AbLoop {
  constructor(player) {
    this.player = player;
    this.a = null; // clip times
    this.b = null;
    this.note = null; // the note whose range is looped, if any
    this.jumping = false;
    this.aButton = button("Loop start (A) at this frame ([)", { class: "rp-ab", "aria-pressed": "false" }, "A");
    this.bButton = button("Loop end (B) at this frame (])", { class: "rp-ab", "aria-pressed": "false" }, "B");
    this.clearButton = button("Clear the loop (\\)", { class: "rp-ab", disabled: "" }, "×");
    this.aButton.addEventListener("click", () => this.setA());
    this.bButton.addEventListener("click", () => this.setB());
    this.clearButton.addEventListener("click", () => this.clear());
    this.group = el("span", { class: "rp-loop", role: "group", "aria-label": "A/B loop" }, this.aButton, this.bButton, this.clearButton);
    const video = player.video;
    video.addEventListener("seeking", () => {
      const t = player.clipTime();
      if (this.active && !this.jumping && (t < this.a - 0.1 || t > this.b + 0.3)) this.clear();
      this.jumping = false;
    });
    video.addEventListener("play", () => this.watch());
  }

  get active() { return this.a != null && this.b != null && this.b > this.a; }

  setA(t = this.player.frameTime()) {
    this.note = null;
    this.a = t;
    if (this.b != null && this.b <= t) this.b = null;
    this.render();
  }

  setB(t = this.player.frameTime()) {
    this.note = null;
    this.b = t;
    if (this.a == null || this.a >= t) this.a = 0;
    this.render();
    this.jumping = true;
    this.player.seek(this.a);
    this.player.play();
  }

  /** Loop from start to end (a note's range) and play it. */
  set(start, end, note = null) {
    this.a = start;
    this.b = end;
    this.note = note;
    this.render();
    this.jumping = true;
    this.player.seek(start);
    this.player.play();
  }

  clear() {
    this.a = this.b = this.note = null;
    this.render();
  }

  render() {
    const label = (t) => formatTime(t, 3);
    this.aButton.setAttribute("aria-pressed", String(this.a != null));
    this.bButton.setAttribute("aria-pressed", String(this.b != null));
    this.aButton.title = this.a != null ? `A at ${label(this.a)}` : "";
    this.bButton.title = this.b != null ? `B at ${label(this.b)}` : "";
    this.clearButton.toggleAttribute("disabled", this.a == null && this.b == null);
    this.player.figure.classList.toggle("is-looping", this.active);
    this.player.figure.dispatchEvent(new CustomEvent("runphys:loop", { detail: { a: this.a, b: this.b, note: this.note } }));
  }

  // Check the loop end every frame while playing (timeupdate is only ~4 Hz).
  watch() {
    const player = this.player, video = player.video;
    const check = () => {
      if (!this.active || video.paused) return;
      if (player.clipTime() >= this.b || video.ended) {
        this.jumping = true;
        player.seek(this.a);
        if (video.ended) video.play().catch(() => {});
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }
}
