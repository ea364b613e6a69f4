// Share box: copy a page link (optionally at the current time of a clip) and embed code at a
// chosen width; the system share sheet (Web Share API) for the link where the browser has one.
// No third-party code: the Clipboard API, else a selected field and execCommand.
import { formatTime } from "./time.js";

const box = document.querySelector("[data-share]");
if (box) setUp(box);

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

/** Embed code exactly as the server writes it (runphys.social.iframe_html). */
export function iframeCode(src, width, height, title) {
  return `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" title="${escapeHtml(title)}" ` +
    'frameborder="0" style="border:0" allow="autoplay; fullscreen; picture-in-picture" ' +
    'allowfullscreen loading="lazy"></iframe>';
}

function setUp(box) {
  const q = (name) => box.querySelector(`[data-share-${name}]`);
  const what = q("what"), single = q("single"), link = q("link"), atTime = q("at-time");
  const timeLabel = q("time"), embedBox = q("embed-box"), width = q("width"), code = q("code");
  const status = q("status"), sheet = q("sheet"), timeRow = q("time-row");
  const [boxW, boxH] = box.dataset.box.split("x").map(Number); // every embed: one fixed player box
  let lastFigure = null; // the clip played last: "the whole case at the current time" means it

  document.addEventListener("play", (event) => {
    lastFigure = event.target.closest?.("figure.clip") ?? lastFigure;
  }, true);

  const target = () => (what ? what.selectedOptions[0] : single).dataset;

  function figureOf(t) {
    return t.figure ? document.getElementById(t.figure) : lastFigure ?? document.querySelector("figure.clip");
  }

  function timeOf(figure) {
    const player = figure && window.RunPhysPlayer?.players.get(figure.id);
    const t = player ? player.clipTime() : figure?.querySelector("video")?.currentTime;
    return Number.isFinite(t) ? Math.round(t * 10) / 10 : 0;
  }

  const timed = () => "timed" in target() && atTime.checked;

  function linkUrl() {
    const t = target();
    if (!timed()) return t.url;
    const figure = figureOf(t);
    const url = new URL(t.url);
    url.searchParams.set("t", String(timeOf(figure)));
    if (!t.figure && figure) url.hash = figure.id; // the case page starts that clip there
    return url.href;
  }

  function update() {
    const t = target();
    link.value = linkUrl();
    timeRow.hidden = !("timed" in t); // a moment or a comparison has its own start
    timeLabel.textContent = timed() ? `(${formatTime(timeOf(figureOf(t)))})` : "";
    embedBox.hidden = !t.embed;
    if (t.embed) {
      const w = Number(width.value);
      code.value = iframeCode(t.embed, w, Math.round((w * boxH) / boxW), t.title);
    }
  }

  async function copy(field, what) {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      if (!document.execCommand("copy")) {
        status.textContent = "Press Ctrl+C (⌘C on a Mac) to copy the selected text.";
        return;
      }
    }
    status.textContent = `${what} copied.`;
  }

  for (const control of [what, atTime, width].filter(Boolean)) control.addEventListener("change", update);
  document.addEventListener("timeupdate", () => { if (timed()) update(); }, true);
  box.querySelector('[data-copy="share-link"]').addEventListener("click", () => { update(); copy(link, "Link"); });
  box.querySelector('[data-copy="share-code"]').addEventListener("click", () => copy(code, "Embed code"));
  if (typeof navigator.share === "function") {
    sheet.hidden = false;
    sheet.addEventListener("click", async () => {
      update();
      try {
        await navigator.share({ title: target().title, url: link.value });
      } catch (error) {
        if (error?.name !== "AbortError") status.textContent = "Sharing failed: copy the link instead.";
      }
    });
  }
  update();
}
