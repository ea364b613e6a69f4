// The player's controls. The picture (Media Chrome's <media-controller> around the <video>) holds
// no control bar: the bars sit below it and drive it through the `mediacontroller` attribute, so
// no control ever covers the picture (the feet are in its lower half), on a phone or in
// fullscreen, where the picture and the bars go full screen together.
// Nesting: .rp-player > .rp-view (the viewport: clips, holds the aspect ratio) > .rp-stage (the
// one element zoom.js transforms; the drawings layer goes in it too) > media-controller.rp-picture
// > video, then .rp-controls below the view.
import "../../vendor/media-chrome-4.19.4/media-chrome.core.js";
import { button, el, icon, uniqueLabel } from "./dom.js";

const RATES = [0.25, 0.5, 1];

function media(tag, controller, attrs = {}) {
  return el(tag, { mediacontroller: controller.id, ...attrs });
}

/** Wrap the video in a controller, add the bars below it; return the parts the player uses. */
export function buildControls(player) {
  const { figure, video } = player;
  const box = el("div", { class: "rp-player", id: `${player.id}-player` });
  const controller = el("media-controller", { class: "rp-picture", id: `${player.id}-media`, fullscreenelement: box.id });
  if (Number.isFinite(player.duration)) controller.setAttribute("defaultduration", String(player.duration));
  const w = Number(video.getAttribute("width")), h = Number(video.getAttribute("height"));
  const stage = el("div", { class: "rp-stage" }, controller);
  const view = el("div", { class: "rp-view" }, stage);
  if (w && h) view.style.setProperty("aspect-ratio", `${w} / ${h}`);
  video.replaceWith(box);
  video.slot = "media";
  video.removeAttribute("controls");
  controller.append(video);

  const rateButtons = RATES.map((r) => button(null, {
    class: "rp-rate", "data-rate": String(r), "aria-pressed": String(r === 1),
  }, `${r}×`));
  rateButtons.forEach((b) => b.addEventListener("click", () => player.setRate(Number(b.dataset.rate))));
  const back = button("Previous frame (,)", { class: "rp-step" }, icon("back"));
  const forward = button("Next frame (.)", { class: "rp-step" }, icon("forward"));
  back.addEventListener("click", () => player.stepFrames(-1));
  forward.addEventListener("click", () => player.stepFrames(1));

  const bar = el("div", { class: "rp-buttons" },
    media("media-play-button", controller, { notooltip: "" }),
    back, forward, player.clock.output,
    media("media-mute-button", controller, { notooltip: "" }),
    el("span", { class: "rp-rates", role: "group", "aria-label": "Playback speed" }, ...rateButtons),
    player.loop.group);
  let slowmoButton = null;
  if (player.source.slowmoUrl) {
    slowmoButton = button(`Slow-mo: true slow motion, ${player.factor}× slower from high-speed frames`,
      { class: "rp-slowmo", "aria-pressed": "false" }, "Slow-mo");
    slowmoButton.addEventListener("click", () => player.setSlowmo(!player.slowmo));
    bar.append(slowmoButton);
  }
  if (video.querySelector('track[kind="subtitles"], track[kind="captions"]')) {
    bar.append(media("media-captions-button", controller, { notooltip: "" }));
  }
  bar.append(media("media-fullscreen-button", controller, { notooltip: "" }));
  const timeline = el("div", { class: "rp-timeline" },
    media("media-time-range", controller),
    media("media-time-display", controller, { showduration: "", notoggle: "" }));
  box.append(view, el("div", { class: "rp-controls" }, timeline, bar));
  // Media Chrome gives its captions toggle aria-checked on role=button (axe): it is a switch.
  bar.querySelector("media-captions-button")?.setAttribute("role", "switch");
  // Media Chrome labels every player "video player"; name it after the clip (axe: unique names).
  const caption = figure.dataset.label || figure.querySelector("figcaption")?.textContent.trim();
  controller.setAttribute("aria-label", uniqueLabel(caption ? `Video player: ${caption}` : "Video player"));
  return { controller, view, stage, rateButtons, slowmoButton };
}
