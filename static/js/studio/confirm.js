// Every studio page: forms marked data-confirm ask before they submit (delete, withdraw consent).
// Loaded by templates/studio/base.html, so no page can forget it.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
