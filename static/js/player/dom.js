// Small DOM helpers shared by the player's modules and compare.js.
const SVG = "http://www.w3.org/2000/svg";
const ICONS = {
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zm8 0h4v14h-4z",
  back: "M6 5h2v14H6zM18 5v14L9 12z",
  forward: "M16 5h2v14h-2zM6 5v14l9-7z",
  loop: "M7 7h10v3l4-4-4-4v3H5v6h2zm10 10H7v-3l-4 4 4 4v-3h12v-6h-2z",
};

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function icon(name) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", ICONS[name]);
  svg.append(path);
  return svg;
}

// keysused stops Media Chrome's controller treating Enter/Space on our buttons as hotkeys.
export function button(label, attrs = {}, ...content) {
  return el("button", { type: "button", keysused: "Enter Space", ...(label ? { "aria-label": label } : {}), ...attrs }, ...content);
}

export function isTextEntry(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) &&
    target.type !== "range" && target.type !== "button" && target.type !== "checkbox";
}

// Each player is a landmark (region): screen readers list them by name, so names must differ.
const usedLabels = new Map();
export function uniqueLabel(label) {
  const n = (usedLabels.get(label) ?? 0) + 1;
  usedLabels.set(label, n);
  return n === 1 ? label : `${label} (${n})`;
}
