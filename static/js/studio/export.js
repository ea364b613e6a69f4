// Export video: queue the export, follow its progress, then offer the file to download and, where
// the browser can share files (Web Share API level 2, mostly phones), to the share sheet.
const POLL_MS = 1000;

function fileName(shape) {
  return `runphys-${shape.replace(":", "x")}.mp4`;
}

async function follow(statusUrl, ui) {
  for (;;) {
    const response = await fetch(statusUrl, { headers: { Accept: "application/json" } });
    const state = await response.json();
    ui.progress.value = state.progress || 0;
    if (state.status === "ready") return state;
    if (state.status === "failed") throw new Error(state.error || "The export failed.");
    ui.state.textContent = state.status === "processing"
      ? `Exporting… ${Math.round((state.progress || 0) * 100)} %` : "Waiting for the worker…";
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function offerShare(state, ui) {
  if (!navigator.canShare) return;
  const blob = await (await fetch(state.url)).blob();
  const file = new File([blob], fileName(state.shape), { type: "video/mp4" });
  if (!navigator.canShare({ files: [file] })) return;
  ui.share.hidden = false;
  ui.share.onclick = () => navigator.share({ files: [file], title: document.title }).catch(() => {});
}

async function start(form, ui) {
  ui.box.hidden = false;
  ui.download.hidden = ui.share.hidden = true;
  ui.state.textContent = "Queued";
  ui.progress.value = 0;
  const response = await fetch(form.action, { method: "POST", body: new FormData(form),
                                             headers: { Accept: "application/json" } });
  const queued = await response.json();
  if (!response.ok) throw new Error(queued.error || "The export could not be queued.");
  const state = await follow(queued.status_url, ui);
  ui.state.textContent = `Ready: ${(state.bytes / 1e6).toFixed(1)} MB, ${state.duration.toFixed(1)} s`;
  ui.progress.value = 1;
  ui.download.href = state.url;
  ui.download.download = fileName(state.shape);
  ui.download.hidden = false;
  await offerShare(state, ui);
}

for (const form of document.querySelectorAll("form[data-export]")) {
  const box = form.parentElement.querySelector(".export-result");
  const ui = { box, state: box.querySelector(".export-state"), progress: box.querySelector(".export-progress"),
               download: box.querySelector(".export-download"), share: box.querySelector(".export-share") };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    start(form, ui).catch((error) => { ui.state.textContent = error.message; })
      .finally(() => { button.disabled = false; });
  });
}
