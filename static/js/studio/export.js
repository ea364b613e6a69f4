// Export video: queue the export, list it with the case's past exports (rendered by the page), follow
// the progress of each one still running, then offer its file to download and, where the browser can
// share files (Web Share API level 2, mostly phones), to the share sheet.
const POLL_MS = 1000;
const LAYOUTS = { side: "side by side", stacked: "stacked", overlay: "overlay" };

function fileName(shape) {
  return `runphys-${shape.replace(":", "x")}.mp4`;
}

function parts(item) {
  return { state: item.querySelector(".export-state"), progress: item.querySelector(".export-progress"),
           download: item.querySelector(".export-download"), share: item.querySelector(".export-share") };
}

function show(item, state) {
  const ui = parts(item);
  item.dataset.status = state.status;
  ui.progress.value = state.progress || 0;
  ui.progress.hidden = state.status === "ready" || state.status === "failed";
  if (state.status === "ready") {
    ui.state.textContent = `Ready: ${(state.bytes / 1e6).toFixed(1)} MB, ${state.duration.toFixed(1)} s`;
    ui.download.href = state.url;
    ui.download.download = fileName(state.shape);
    ui.download.hidden = false;
  } else if (state.status === "failed") {
    ui.state.textContent = `Failed: ${state.error || "the export failed; try again."}`;
  } else {
    ui.state.textContent = state.status === "processing"
      ? `Exporting… ${Math.round((state.progress || 0) * 100)} %` : "Waiting for the worker…";
  }
}

async function follow(item) {
  for (;;) {
    const response = await fetch(item.dataset.statusUrl, { headers: { Accept: "application/json" } });
    const state = await response.json();
    show(item, state);
    if (state.status === "ready" || state.status === "failed") return state;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function offerShare(state, item) {
  if (!navigator.canShare || state.status !== "ready") return;
  const blob = await (await fetch(state.url)).blob();
  const file = new File([blob], fileName(state.shape), { type: "video/mp4" });
  if (!navigator.canShare({ files: [file] })) return;
  const { share } = parts(item);
  share.hidden = false;
  share.onclick = () => navigator.share({ files: [file], title: document.title }).catch(() => {});
}

function newRow(section, queued) {
  const item = section.querySelector(".export-template").content.firstElementChild.cloneNode(true);
  item.dataset.statusUrl = queued.status_url;
  item.dataset.shape = queued.shape;
  item.querySelector(".export-what").textContent = queued.what;
  item.querySelector(".export-format").textContent =
    `${queued.shape}${LAYOUTS[queued.layout] ? `, ${LAYOUTS[queued.layout]}` : ""}, MP4`;
  section.querySelector(".export-list").prepend(item);
  section.querySelector(".export-empty").hidden = true;
  return item;
}

async function start(form, section) {
  const response = await fetch(form.action, { method: "POST", body: new FormData(form),
                                             headers: { Accept: "application/json" } });
  const queued = await response.json();
  if (!response.ok) throw new Error(queued.error || "The export could not be queued.");
  const item = newRow(section, queued);
  show(item, queued);
  await offerShare(await follow(item), item);
}

for (const form of document.querySelectorAll("form[data-export]")) {
  const section = form.closest("section");
  for (const item of section.querySelectorAll(".export-list .export-item")) {
    if (item.dataset.status === "queued" || item.dataset.status === "processing") follow(item).catch(() => {});
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    start(form, section).catch((error) => {
      let note = section.querySelector(".export-error");
      if (!note) {
        note = document.createElement("p");
        note.className = "export-error error";
        note.setAttribute("role", "alert");
        form.after(note);
      }
      note.textContent = error.message;
    }).finally(() => { button.disabled = false; });
  });
}
