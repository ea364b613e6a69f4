// Drawings over the picture (issue 12): an SVG layer showing every drawing of the notes whose range
// holds the moment on screen, measured angles written beside them, announced to screen readers.
// Data: the figure's data-drawings (runphys.drawings.player_data): {aspect, notes: [{t, end,
// drawings: [{kind, points, color, label, value, description}]}]}, ranges in played (clip) time,
// points in 0..1 of the upright picture. measure() follows runphys/drawings.py to the decimal.
//
// Where the layer lives: inside the picture element `player.controller` (<media-controller
// class="rp-picture">), over the whole of it (slot centered-chrome, inset 0), sharing the video's box.
// Zoom (player/zoom.js) transforms `.rp-stage`, the wrapper of that controller: the <video> and this
// layer move as one and a drawing stays on the body point it marks. A transform put on the <video>
// itself is copied onto the layer (follow()).
const NS = "http://www.w3.org/2000/svg";
export const KINDS = {
  line: "Line", arrow: "Arrow", angle: "Angle", vertical: "Angle to the vertical",
  horizontal: "Angle to the horizontal", circle: "Circle", text: "Text", freehand: "Freehand line",
};

/** Degrees (one decimal, halves up) a drawing measures, or null: as runphys.drawings.measure. */
export function measure(kind, points, aspect) {
  const k = aspect > 0 && Number.isFinite(aspect) ? aspect : 1;
  const vec = (a, b) => [(b[0] - a[0]) * k, b[1] - a[1]];
  let deg;
  if (kind === "angle") {
    if (points.length < 3) return null;
    const [ax, ay] = vec(points[1], points[0]), [bx, by] = vec(points[1], points[2]);
    if ((!ax && !ay) || (!bx && !by)) return null;
    deg = Math.abs(Math.atan2(ax * by - ay * bx, ax * bx + ay * by) * 180 / Math.PI);
  } else if (kind === "vertical" || kind === "horizontal") {
    const [dx, dy] = vec(points[0], points[1]).map(Math.abs);
    if (!dx && !dy) return null;
    deg = (kind === "vertical" ? Math.atan2(dx, dy) : Math.atan2(dy, dx)) * 180 / Math.PI;
  } else return null;
  return Math.floor(deg * 10 + 0.5) / 10;
}

export const formatValue = (v) => (v == null ? "" : `${v.toFixed(1)}°`);

/** "Angle, 152.3°: knee", as runphys.drawings.describe. */
export function describe(kind, value, label) {
  const text = (KINDS[kind] ?? kind) + (value == null ? "" : `, ${formatValue(value)}`);
  return label ? `${text}: ${label}` : text;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text != null) node.textContent = text;
  return node;
}

/** The picture's box inside a w×h element showing it with object-fit: contain (letterboxed). */
export function pictureBox(w, h, aspect) {
  if (!(w > 0 && h > 0 && aspect > 0)) return { x: 0, y: 0, w, h };
  return w / h > aspect ? { x: (w - h * aspect) / 2, y: 0, w: h * aspect, h }
    : { x: 0, y: (h - w / aspect) / 2, w, h: w / aspect };
}

/** One drawing as an SVG group, in the pixels of `box`. */
export function shape(d, box, aspect) {
  const px = ([x, y]) => [box.x + x * box.w, box.y + y * box.h];
  const p = d.points.map(px);
  const color = d.color || "#ffd400";
  const g = svg("g", { class: `rp-drawing rp-${d.kind}`, "data-kind": d.kind, stroke: color, fill: "none",
    "stroke-width": "3", "stroke-linecap": "round", "stroke-linejoin": "round" });
  const seg = (a, b, extra = {}) => g.append(svg("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], ...extra }));
  const write = (at, text, cls) => g.append(svg("text", { x: at[0] + 8, y: at[1] - 8, class: cls, fill: color,
    stroke: "#000", "stroke-width": "3", "paint-order": "stroke", "font-size": "16",
    "font-family": "system-ui, sans-serif" }, text));
  if (d.kind === "angle" && p.length < 3) { // an angle being drawn: its first leg
    seg(p[0], p[1]);
    return g;
  }
  const value = d.value !== undefined ? d.value : measure(d.kind, d.points, aspect);
  const dist = (a, b) => Math.hypot(b[0] - a[0], b[1] - a[1]);
  switch (d.kind) {
    case "line": seg(p[0], p[1]); break;
    case "arrow": {
      seg(p[0], p[1]);
      const a = Math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0]), s = 14;
      const wing = (da) => [p[1][0] - s * Math.cos(a + da), p[1][1] - s * Math.sin(a + da)];
      g.append(svg("polygon", { points: [p[1], wing(0.45), wing(-0.45)].map((q) => q.join(",")).join(" "), fill: color }));
      break;
    }
    case "angle": {
      seg(p[1], p[0]); seg(p[1], p[2]);
      const r = Math.min(28, dist(p[1], p[0]) / 2, dist(p[1], p[2]) / 2);
      const ang = (q) => Math.atan2(q[1] - p[1][1], q[0] - p[1][0]);
      const a0 = ang(p[0]), a1 = ang(p[2]);
      const sweep = (((a1 - a0) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI) < Math.PI ? 1 : 0;
      const at = (a) => [p[1][0] + r * Math.cos(a), p[1][1] + r * Math.sin(a)];
      g.append(svg("path", { d: `M${at(a0)} A${r},${r} 0 0 ${sweep} ${at(a1)}`, "stroke-width": "2" }));
      write(p[1], formatValue(value), "rp-value");
      break;
    }
    case "vertical": case "horizontal": {
      seg(p[0], p[1]);
      const len = dist(p[0], p[1]);
      const ref = d.kind === "vertical" ? [p[0][0], p[0][1] + Math.sign(p[1][1] - p[0][1] || 1) * len]
        : [p[0][0] + Math.sign(p[1][0] - p[0][0] || 1) * len, p[0][1]];
      seg(p[0], ref, { "stroke-dasharray": "6 6", "stroke-width": "2" });
      write([(p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2], formatValue(value), "rp-value");
      break;
    }
    case "circle": g.append(svg("circle", { cx: p[0][0], cy: p[0][1], r: dist(p[0], p[1]) })); break;
    case "text": write([p[0][0] - 8, p[0][1] + 8], d.label || "", "rp-label"); break;
    default: g.append(svg("polyline", { points: p.map((q) => q.join(",")).join(" ") }));
  }
  if (d.label && d.kind !== "text") write(p.at(-1), d.label, "rp-label");
  return g;
}

export class DrawingLayer {
  constructor(player, data = {}) {
    this.player = player;
    this.aspect = data.aspect || null;
    this.notes = data.notes || [];
    this.extra = null; // () => drawings shown whatever the time (the studio's drawing in progress)
    const picture = player.controller;
    this.svg = svg("svg", { class: "rp-drawings", slot: "centered-chrome", noautohide: "", "aria-hidden": "true",
      style: "position:absolute;inset:0;width:100%;height:100%;pointer-events:none;overflow:visible" });
    this.group = svg("g");
    this.svg.append(this.group);
    picture.append(this.svg);
    const video = player.video, update = () => this.update();
    for (const type of ["timeupdate", "seeked", "loadedmetadata", "pause"]) video.addEventListener(type, update);
    const show = player.clock.show.bind(player.clock);
    player.clock.show = () => { show(); update(); }; // each frame presented (requestVideoFrameCallback)
    new ResizeObserver(update).observe(picture);
    this.follow();
    update();
  }

  /** Copy a transform zoom puts on the <video> itself (the layer already moves with its parent). */
  follow() {
    const video = this.player.video, copy = () => {
      this.svg.style.transform = video.style.transform;
      this.svg.style.transformOrigin = video.style.transformOrigin;
    };
    new MutationObserver(copy).observe(video, { attributes: true, attributeFilter: ["style"] });
  }

  /** The picture box in the layer's pixels (the <video> letterboxed in the picture element). */
  box() {
    const { clientWidth: w, clientHeight: h } = this.svg;
    const v = this.player.video;
    return pictureBox(w, h, v.videoWidth && v.videoHeight ? v.videoWidth / v.videoHeight : this.aspect);
  }

  /** The drawings of the notes whose range holds the frame on screen. */
  current() {
    const p = this.player;
    const t = p.clipTime(), half = 0.5 / p.frameRate;
    return this.notes.filter((n) => t >= n.t - half && t <= n.end + half).flatMap((n) => n.drawings);
  }

  update() {
    const box = this.box();
    const shown = [...this.current(), ...(this.extra?.() ?? [])];
    this.svg.setAttribute("viewBox", `0 0 ${this.svg.clientWidth || 1} ${this.svg.clientHeight || 1}`);
    this.group.replaceChildren(...shown.map((d) => {
      const g = shape(d, box, this.aspect);
      if (d.id != null) g.dataset.id = String(d.id);
      return g;
    }));
    this.onUpdate?.(box); // the studio draws its handles
    const said = shown.map((d) => d.description
      || describe(d.kind, d.value ?? measure(d.kind, d.points, this.aspect), d.label));
    if (said.length) {
      this.svg.removeAttribute("aria-hidden");
      this.svg.setAttribute("role", "img");
      this.svg.setAttribute("aria-label", `Drawings: ${said.join("; ")}`);
    } else {
      for (const name of ["role", "aria-label"]) this.svg.removeAttribute(name);
      this.svg.setAttribute("aria-hidden", "true");
    }
  }
}

/** Add the layer to a player (once); the studio passes its own data. */
export function attach(player, data = JSON.parse(player.figure.dataset.drawings || "{}")) {
  player.drawings ??= new DrawingLayer(player, data);
  return player.drawings;
}
