"""Notes authored in place on the studio clip page (static/js/studio/notes.js), and the slow rendition
past 30 s of source: real site, worker and chromium, a 120 fps clip with the frame number burnt in.

The clip is 32 s of 96×64 at 120 fps (3 840 frames: the 12-stripe barcode of tests/frames.py counts
to 4 095), so its slow rendition is longer than the old 30 s limit.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import requests
from frames import BITS, READ_JS, after, barcode
from support import LiveSite, api_token, local_env, studio_state
from test_player import run_axe

pytestmark = pytest.mark.slow

FPS = 120
SECONDS = 32.0


def tiny_barcode_clip(path: Path) -> Path:
    """32 s of 96×64 at 120 fps, frame N showing N as stripes (8 px each), no audio."""
    picture = f"color=c=gray:s=96x64:r={FPS}:d={SECONDS},format=yuv420p,{barcode(96, 64)}"
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", picture,
                    "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p",
                    str(path)], check=True, timeout=300)
    return path


@pytest.fixture(scope="module")
def notes_site(tmp_path_factory, browser):
    """A live site with one processed clip in maria's draft case; a logged-in browser state."""
    tmp = tmp_path_factory.mktemp("notes")
    site = LiveSite(tmp, local_env(tmp))
    site.start_worker()
    try:
        headers = api_token(site)
        api = site.url + "/api/v1"
        case = requests.post(f"{api}/cases", json={"title": "Notes in place"}, headers=headers, timeout=10).json()
        stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                              timeout=10).json()
        source = tiny_barcode_clip(tmp / "strike.mp4")
        with open(source, "rb") as f:
            r = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=60,
                              files={"file": (source.name, f)}, data={"caption": "Foot strike", "view": "side"})
        assert r.status_code == 202, r.text
        clip = site.wait_clip(r.json()["id"], headers, timeout=600)
        assert clip["status"] == "ready", clip
        site.clip_id, site.headers = clip["id"], headers
        site.state = studio_state(browser, site)
        yield site
    finally:
        site.close()


@pytest.fixture
def studio(browser, notes_site):
    """A logged-in page (fails on page errors and CSP violations, like the `page` fixture)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, storage_state=notes_site.state)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


def open_clip(page, site) -> None:
    page.goto(f"{site.url}/studio/clips/{site.clip_id}")
    page.wait_for_function("() => window.RunPhysPlayer?.players.size === 1 && window.RunPhysNotes")


def api_notes(site) -> list[dict]:
    return requests.get(f"{site.url}/api/v1/clips/{site.clip_id}/notes", headers=site.headers, timeout=10).json()["notes"]


def clear_notes(site) -> None:
    for note in api_notes(site):
        requests.delete(f"{site.url}/api/v1/notes/{note['id']}", headers=site.headers, timeout=10)


def clock_frame(page) -> int:
    return int(page.locator("#studio-clip .rp-clock").get_attribute("data-frame"))


def step_to(page, frame: int) -> None:
    """Step with the player's own key (.) until the clock shows `frame` (captured frames)."""
    page.locator("body").focus()
    for k in range(1, frame + 1):
        page.keyboard.press(".")
        page.wait_for_function("k => document.querySelector('#studio-clip .rp-clock').dataset.frame == k"
                               " && document.getElementById('studio-video').readyState >= 2", arg=k)


def read_picture(page) -> int:
    """The frame number burnt into the picture on screen now (no seek)."""
    video = page.locator("#studio-video").element_handle()
    page.evaluate("v => { v.__seeked = Promise.resolve(); v.__presented = Promise.resolve(v.currentTime); }", video)
    found = page.evaluate(READ_JS, [video, BITS])
    assert found["margin"] >= 40, found
    return found["frame"]


def test_a_note_added_with_n_keeps_the_playhead_and_is_there_after_a_reload(studio, notes_site):
    page, site = studio, notes_site
    clear_notes(site)
    open_clip(page, site)
    step_to(page, 3)  # a 120 fps clip steps captured frames (the slow rendition)
    before = (read_picture(page), page.evaluate("document.getElementById('studio-video').currentTime"))
    assert before[0] == 3
    page.evaluate("window.__samePage = true")

    page.keyboard.press("n")
    assert page.evaluate("document.activeElement.classList.contains('draft-text')")
    page.keyboard.type("Foot strike: heel first")
    page.keyboard.press("Enter")
    row = page.locator(".note-list li.note-row")
    row.wait_for()

    assert page.evaluate("window.__samePage === true"), "the page was reloaded"
    assert (read_picture(page), page.evaluate("document.getElementById('studio-video').currentTime")) == before
    assert clock_frame(page) == 3
    assert page.evaluate("document.activeElement.classList.contains('note-row')")
    # Half a captured frame into frame 3, on the source timeline (no trim: played = source).
    assert float(row.get_attribute("data-t")) == pytest.approx(3.5 / FPS, abs=0.0006)
    assert "0:00.029" in row.inner_text()

    page.reload()
    saved = page.locator(".note-list li[data-note-id]")
    assert saved.count() == 1
    assert float(saved.get_attribute("data-t")) == pytest.approx(3.5 / FPS, abs=0.0006)
    assert saved.locator(".note-text").inner_text() == "Foot strike: heel first"


def test_edit_nudge_and_delete_by_keyboard_persist(studio, notes_site):
    page, site = studio, notes_site
    clear_notes(site)
    for t, text in ((10.5 / FPS, "Foot strike"), (40.5 / FPS, "Toe off")):
        requests.post(f"{site.url}/api/v1/clips/{site.clip_id}/notes", json={"t": t, "text": text},
                      headers=site.headers, timeout=10)
    open_clip(page, site)
    step_to(page, 1)  # the picture is in the slow rendition: each frame one captured frame
    page.evaluate("window.__samePage = true")
    selected = []
    page.expose_function("noteSelected", lambda detail: selected.append(detail))
    page.evaluate("document.addEventListener('rp:note-selected', (e) => window.noteSelected(e.detail))")

    first = page.locator(".note-list li.note-row").first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.note-status').textContent.includes('moved')")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => Math.abs(document.querySelector('.note-list li.note-row').dataset.t - 12.5 / 120)"
                           " < 0.0006")
    # The paused picture follows the note to its new frame.
    page.wait_for_function("() => document.querySelector('#studio-clip .rp-clock').dataset.frame == 12")
    assert read_picture(page) == 12
    assert selected and selected[0]["id"] == int(first.get_attribute("data-note-id"))

    page.keyboard.press("Enter")  # edit its text
    assert page.evaluate("document.activeElement.classList.contains('edit-text')")
    page.keyboard.press("Control+A")
    page.keyboard.type("Foot strike, heel first")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.note-status').textContent === 'Note saved.'")

    second = page.locator(".note-list li.note-row").nth(1)
    second.focus()
    page.keyboard.press("Delete")
    page.wait_for_function("() => document.querySelectorAll('.note-list li.note-row').length === 1")
    assert page.get_by_role("button", name="Undo").is_visible()
    assert page.evaluate("window.__samePage === true"), "the page was reloaded"

    page.reload()
    rows = page.locator(".note-list li[data-note-id]")
    assert rows.count() == 1
    assert float(rows.first.get_attribute("data-t")) == pytest.approx(12.5 / FPS, abs=0.0006)
    assert rows.first.locator(".note-text").inner_text() == "Foot strike, heel first"

    # Delete, then Undo: the note comes back with its drawing (and stays after a reload).
    angle = {"kind": "angle", "points": [[0.2, 0.3], [0.4, 0.6], [0.7, 0.5]], "color": "#00e5ff", "label": "Knee"}
    note_id = rows.first.get_attribute("data-note-id")
    requests.post(f"{site.url}/api/v1/notes/{note_id}/drawings", json=angle, headers=site.headers,
                  timeout=10).raise_for_status()
    page.reload()
    page.wait_for_function("() => window.RunPhysNotes")
    rows.first.focus()
    page.keyboard.press("Delete")
    page.wait_for_function("() => !document.querySelector('.note-list li.note-row')")
    page.get_by_role("button", name="Undo").click()
    page.locator(".note-list li.note-row").wait_for()
    page.wait_for_function("() => document.querySelector('.note-status').textContent === 'Note restored.'")
    page.reload()
    assert page.locator(".note-list li[data-note-id] .note-text").inner_text() == "Foot strike, heel first"
    restored = page.locator(".note-list li[data-note-id]").get_attribute("data-note-id")
    assert restored != note_id
    drawn = requests.get(f"{site.url}/api/v1/notes/{restored}/drawings", headers=site.headers, timeout=10).json()
    assert [{k: d[k] for k in angle} for d in drawn["drawings"]] == [angle]
    page.wait_for_function("() => window.RunPhysNotes")
    page.locator(".note-list li.note-row").focus()  # selected, its tools shown
    violations = run_axe(page)
    assert violations == [], "\n".join(str(v) for v in violations)


def test_without_javascript_the_note_form_still_adds_a_note(browser, notes_site):
    site = notes_site
    clear_notes(site)
    context = browser.new_context(java_script_enabled=False, storage_state=site.state)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/studio/clips/{site.clip_id}")
        page.locator("#new-t").fill("1.5")
        page.locator("#new-text").fill("Arm swing crosses the midline")
        page.get_by_role("button", name="Add note").click()
        page.wait_for_url(re.compile(r"#notes$"))
        assert page.locator(".note-list li .note-text").inner_text() == "Arm swing crosses the midline"
        assert [n["t"] for n in api_notes(site)] == [1.5]
    finally:
        context.close()


def test_the_slow_rendition_steps_captured_frames_past_30_seconds(studio, notes_site):
    page, site = studio, notes_site
    open_clip(page, site)
    # Past 30 s of source: frame 31 × 120 = 3720 (even: the 60 fps file shows it too).
    page.evaluate("() => { const p = RunPhysPlayer.players.get('studio-clip'); p.seek(31.0 + 0.5 / 60); p.load(); }")
    page.wait_for_function("() => document.querySelector('#studio-clip .rp-clock').dataset.frame == 3720")
    page.locator("body").focus()
    page.keyboard.press(".")  # switches to the slow rendition at captured frame 3721
    page.wait_for_function("() => { const p = RunPhysPlayer.players.get('studio-clip');"
                           " return p.slowmo && p.video.readyState >= 2 && p.clock.output.dataset.frame == 3721; }")
    assert read_picture(page) == 3721  # an odd frame: only the slow rendition holds it
    video = page.locator("#studio-video").element_handle()
    shown = after(page, video, lambda: page.keyboard.press("."))
    assert shown.frame == 3722
    assert page.evaluate("() => RunPhysPlayer.players.get('studio-clip').mode") == "slowmo"


def test_on_a_phone_the_help_speaks_of_taps_and_every_note_target_is_44px(browser, notes_site):
    site = notes_site
    clear_notes(site)
    requests.post(f"{site.url}/api/v1/clips/{site.clip_id}/notes", json={"t": 20.5 / FPS, "text": "Mid-stance"},
                  headers=site.headers, timeout=10)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  storage_state=site.state)
    try:
        page = context.new_page()
        open_clip(page, site)
        for help in (".clip-editor .help", ".note-help"):
            assert page.locator(f"{help}.help-touch, {help} .help-touch").first.is_visible()
            assert page.locator(f"{help}.help-keys, {help} .help-keys").first.is_hidden()
        small = page.evaluate("""() => [...document.querySelectorAll(
            '.clip-editor button, #notes button, #notes summary, #notes input, #notes textarea')]
          .filter((e) => e.offsetParent !== null)
          .map((e) => { const r = e.getBoundingClientRect(); return [e.textContent.trim() || e.outerHTML.slice(0, 60), r.width, r.height]; })
          .filter(([, w, h]) => w < 44 || h < 44)""")
        assert small == []
        row = page.locator(".note-list li.note-row")
        row.get_by_role("button", name="1 frame later").tap()
        page.wait_for_function("() => Math.abs(document.querySelector('.note-list li.note-row').dataset.t - 21.5 / 120)"
                               " < 0.0006")
        assert [n["t"] for n in api_notes(site)] == [pytest.approx(21.5 / FPS, abs=0.0006)]
    finally:
        context.close()
