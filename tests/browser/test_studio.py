"""A physio builds a case in the studio with a real browser, a real worker and real ffmpeg:
log in, create a case with three stages, upload two clips (one survives a cut connection and
resumes without starting over), watch them become ready, add a note at the playing time, record
consent, publish, and read the public page."""
from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from test_player import run_axe
from support import PASSWORD, LiveSite, add_user, local_env, make_clip

from runphys.extensions import db
from runphys.models import Upload

CHUNK = 256 * 1024
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("studio-site")
    live = LiveSite(tmp, {**local_env(tmp), "RUNPHYS_UPLOAD_CHUNK_BYTES": str(CHUNK)})
    live.start_worker()
    add_user(live.app, "maria@example.com")  # the physio account
    yield live
    live.close()


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> list[Path]:
    tmp = tmp_path_factory.mktemp("clips")
    # ~1.5 MB each, so an upload takes several PATCHes of CHUNK bytes
    return [make_clip(tmp / "side-before.mp4", seconds=4, size="640x360", extra=["-b:v", "3M"]),
            make_clip(tmp / "behind-before.mp4", seconds=3, size="640x360", extra=["-b:v", "3M"])]


def log_in(page, site: LiveSite) -> None:
    page.goto(site.url + "/studio/")
    assert "/auth/login" in page.url
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/studio/$"))


def test_physio_builds_uploads_annotates_consents_and_publishes(browser, site, clips, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script("window.__statuses = []; document.addEventListener('clip-status',"
                         " e => window.__statuses.push(e.detail.status + ':' + e.detail.progress));")
    log_in(page, site)

    page.get_by_role("link", name="New case").first.click()
    page.get_by_label("Title").fill("Grant's hamstring imbalance")
    page.get_by_label("Client alias").fill("Grant")
    page.get_by_label("Run Form").check()
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r"/studio/cases/\d+$"))
    case_id = int(page.url.rsplit("/", 1)[1])
    assert page.locator("section.stage-edit").count() == 3
    for name in ("Initial form", "Drills", "Result"):
        assert page.locator("section.stage-edit h2", has_text=name).count() == 1

    # Cut the connection once in the middle of the first file: one PATCH never reaches the server.
    received: dict[str, int] = defaultdict(int)
    cut = {"done": False, "at": None}

    def route(route, request):
        if request.method == "PATCH":
            upload_id = request.url.rsplit("/", 1)[1]
            offset = int(request.headers.get("upload-offset", "0"))
            if not cut["done"] and offset >= 2 * CHUNK and "side" in request.headers.get("x-test-name", "side"):
                cut.update(done=True, at=(upload_id, offset))
                return route.abort("connectionreset")
            received[upload_id] += len(request.post_data_buffer or b"")
        return route.continue_()

    page.route("**/api/v1/uploads/*", route)
    initial = page.locator("section.stage-edit").first
    initial.locator("input.files").set_input_files([str(p) for p in clips])
    assert initial.locator(".upload-item progress").count() == 2  # one progress bar per file

    rows = initial.locator("li.clip-row")
    rows.nth(1).wait_for(timeout=60_000)
    assert cut["done"], "the connection was never cut"
    # Each file crossed the wire once: what the server received equals the file sizes, not 1.5x.
    with site.app.app_context():
        uploads = {u.id: u for u in db.session.scalars(db.select(Upload)).all()}
    assert sorted(received.values()) == sorted(p.stat().st_size for p in clips)
    assert all(uploads[i].offset == uploads[i].length for i in received)
    assert cut["at"][0] in received  # the upload that was cut is the one that completed

    # Live status without a reload, then ready.
    page.wait_for_function("() => document.querySelectorAll('.clip-status[data-status=ready]').length === 2",
                           timeout=120_000)
    statuses = page.evaluate("window.__statuses")
    assert statuses[-1].startswith("ready") and len(statuses) >= 2
    assert page.locator(".clip-status .badge", has_text="Ready").count() == 2

    # A before/after comparison with its synced preview (static/js/compare.js takes it over).
    page.goto(f"{site.url}/studio/cases/{case_id}/comparison")
    options = page.locator("#before_clip_id option")
    page.locator("#before_clip_id").select_option(index=0)
    page.locator("#after_clip_id").select_option(index=1)
    assert options.count() == 2
    page.get_by_label("Sync point in the before clip").fill("1.0")
    page.get_by_label("Sync point in the after clip").fill("0.5")
    page.get_by_role("button", name="Save comparison").click()
    page.locator("section.compare.is-synced").wait_for(timeout=20_000)
    assert page.locator("section.compare figure.clip video").count() == 2
    page.goto(f"{site.url}/studio/cases/{case_id}")

    # A note at the current playback time (the N key while the clip plays).
    page.reload()
    page.locator("li.clip-row a.clip-name").first.click()
    page.wait_for_url(re.compile(r"/studio/clips/\d+$"))
    clip_path = page.url.replace(site.url, "")
    video = page.locator("#studio-video")
    page.evaluate("v => { v.muted = true; v.playbackRate = 0.5; return v.play(); }", video.element_handle())
    page.wait_for_function("() => document.getElementById('studio-video').currentTime > 0.6", timeout=20_000)
    page.locator("body").press("n")  # a new note at the frame on screen, its text focused
    t = float(page.locator(".note-list li.note-draft").get_attribute("data-t"))
    assert 0.6 <= t <= 4.0
    assert page.evaluate("document.activeElement.classList.contains('draft-text')")
    page.keyboard.type("Left hip drops at foot strike")
    page.keyboard.press("Enter")  # saved through the API, no reload
    note = page.locator(".note-list li.note-row").first
    note.wait_for()
    assert float(note.get_attribute("data-t")) == pytest.approx(t, abs=0.01)
    assert note.locator(".note-text").inner_text() == "Left hip drops at foot strike"
    page.reload()
    assert float(page.locator(".note-list li[data-note-id]").first.get_attribute("data-t")) == pytest.approx(t, abs=0.01)

    # Consent with the signed form, then publish.
    page.goto(f"{site.url}/studio/cases/{case_id}/consent")
    page.get_by_label("Client's full name").fill("Grant Private-Surname")
    page.get_by_label("In embeds and social previews").check()
    form = tmp_path / "consent.pdf"
    form.write_bytes(PDF)
    page.get_by_label("Signed form").set_input_files(str(form))
    page.get_by_role("button", name="Record consent").click()
    assert page.get_by_text("Consent on record").is_visible()
    page.goto(f"{site.url}/studio/cases/{case_id}")
    page.get_by_label("Status").select_option("published")
    page.get_by_role("button", name="Save status").click()
    assert page.get_by_text("Published: the case is on the site.").is_visible()
    public_url = page.get_by_role("link", name="Public page").get_attribute("href")

    for path in (f"/studio/cases/{case_id}", clip_path, f"/studio/cases/{case_id}/consent", "/studio/"):
        page.goto(site.url + path)
        violations = run_axe(page)
        assert violations == [], f"{path}: " + "\n".join(str(v) for v in violations)

    if shots := os.environ.get("STUDIO_SCREENSHOTS"):  # phone-width views for the closing note
        phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                    storage_state=context.storage_state())
        p = phone.new_page()
        for name, path in (("case", f"/studio/cases/{case_id}"), ("clip", clip_path),
                           ("consent", f"/studio/cases/{case_id}/consent")):
            p.goto(site.url + path)
            p.screenshot(path=f"{shots}/studio-{name}-phone.png", full_page=True)
        phone.close()
    context.close()
    assert not errors, errors

    # A reader (no session) sees the published case with both clips and the note.
    reader = browser.new_context()
    public = reader.new_page()
    response = public.goto(site.url + public_url)
    assert response.status == 200
    assert public.locator("h1").inner_text() == "Grant's hamstring imbalance"
    assert public.locator(".stage > figure.clip video").count() == 2  # the comparison shows them again
    assert public.locator(".note-text", has_text="Left hip drops at foot strike").first.is_visible()
    assert "Private-Surname" not in public.content()
    reader.close()


def test_an_upload_resumes_after_the_page_is_reloaded(browser, site, clips):
    """Connection lost, page reloaded, same file picked again: the upload continues where it stopped."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, site)
    page.goto(site.url + "/studio/cases/new")
    page.get_by_label("Title").fill("Reload while uploading")
    page.get_by_role("button", name="Create").click()
    page.wait_for_url(re.compile(r"/studio/cases/\d+$"))

    state = {"offline": False, "posts": 0, "offsets": [], "received": 0}

    def route(route, request):
        if request.method == "POST":
            state["posts"] += 1
        if request.method == "PATCH":
            offset = int(request.headers.get("upload-offset", "0"))
            if state["offline"] or offset >= 2 * CHUNK and not state["offsets"].count(-1):
                if not state["offline"]:
                    state["offline"] = True
                    state["offsets"].append(-1)  # marks the cut
                return route.abort("internetdisconnected")
            state["offsets"].append(offset)
            state["received"] += len(request.post_data_buffer or b"")
        return route.continue_()

    page.route("**/api/v1/uploads**", route)
    source = clips[0]
    page.locator("section.stage-edit").first.locator("input.files").set_input_files(str(source))
    page.wait_for_function("() => document.querySelector('.upload-item.retrying') !== null", timeout=30_000)
    page.reload()
    state["offline"] = False
    page.locator("section.stage-edit").first.locator("input.files").set_input_files(str(source))
    page.locator("section.stage-edit").first.locator("li.clip-row").first.wait_for(timeout=60_000)

    cut = state["offsets"].index(-1)
    before, after = state["offsets"][:cut], state["offsets"][cut + 1:]
    assert after[0] == 2 * CHUNK  # resumed at the server's offset, not from 0
    assert state["posts"] == 1  # no second upload was created
    assert state["received"] == source.stat().st_size
    assert before == [0, CHUNK]
    context.close()
