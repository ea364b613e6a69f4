"""Drawings (issue 12) in real chromium, on a 240 fps clip with the frame number burnt in, processed by
the real worker: a physio draws in the studio, a reader with a `?t=` link sees the same frame (read back
from pixels) with the same drawing and value, and so does the embed on another origin; every tool
round-trips API → studio → reader → embed; axe finds nothing on the pages with drawings."""
from __future__ import annotations


import pytest
import requests
from frames import BITS, MIN_MARGIN, READ_JS, after, barcode_clip
from support import LiveSite, api_token, local_env, studio_state
from test_embed import PLAYER_LOADED, host_page, other_origin  # noqa: F401
from test_player import controls_rendered, run_axe

from runphys.drawings import describe, measure
from runphys.extensions import db
from runphys.models import Clip

pytestmark = pytest.mark.slow

FPS, PLAYED = 240, 60
SIZE = "640x480"
ASPECT = 640 / 480
FRAME = 120  # captured frame the physio draws on: played frame 30 of the 60 fps files
KNEE = [(0.30, 0.20), (0.50, 0.50), (0.36, 0.85)]
# one of each kind, made through the API on a note of its own (at 2.0 s of source)
EVERY_KIND = [
    ("line", [[0.1, 0.1], [0.3, 0.2]], "stride"), ("arrow", [[0.1, 0.3], [0.3, 0.35]], "push-off"),
    ("angle", [[0.6, 0.2], [0.7, 0.5], [0.6, 0.8]], "knee"), ("vertical", [[0.5, 0.3], [0.55, 0.7]], "trunk lean"),
    ("horizontal", [[0.2, 0.9], [0.4, 0.85]], "shin"), ("circle", [[0.8, 0.8], [0.85, 0.8]], "foot"),
    ("text", [[0.1, 0.6]], "Overstride"), ("freehand", [[0.2, 0.5], [0.25, 0.55], [0.3, 0.52], [0.35, 0.6]], ""),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory, browser):
    """A published case (consent covers embeds) with one 240 fps clip; a logged-in studio session."""
    tmp = tmp_path_factory.mktemp("drawings")
    live = LiveSite(tmp, local_env(tmp))
    live.start_worker()
    try:
        headers = live.headers = api_token(live)
        api = live.api = live.url + "/api/v1"
        case = requests.post(f"{api}/cases", json={"title": "Knee angle"}, headers=headers, timeout=10).json()
        stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": "initial"}, headers=headers,
                              timeout=10).json()
        source = barcode_clip(tmp / "side.mp4", FPS, 2.5, SIZE)
        with open(source, "rb") as f:
            r = requests.post(f"{api}/stages/{stage['id']}/clips", headers=headers, timeout=60,
                              files={"file": (source.name, f)}, data={"caption": "Side view", "view": "side"})
        clip = live.wait_clip(r.json()["id"], headers)
        assert clip["status"] == "ready", clip
        requests.post(f"{api}/cases/{case['id']}/consent", headers=headers, timeout=10,
                      json={"client_name": "Private Name", "scope_embeds": True})
        assert requests.post(f"{api}/cases/{case['id']}/publish", headers=headers, timeout=10).status_code == 200
        with live.app.app_context():
            live.uid = db.session.get(Clip, clip["id"]).uuid
        live.clip_id, live.slug, live.fig = clip["id"], case["slug"], f"clip-{live.uid}"
        live.studio_state = studio_state(browser, live)
        yield live
    finally:
        live.close()


def studio_page(browser, site: LiveSite):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, storage_state=site.studio_state)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(f"{site.url}/studio/clips/{site.clip_id}")
    page.wait_for_function("() => window.RunPhysDraw")
    page.evaluate("() => RunPhysPlayer.players.get('studio-clip').load()")
    page.wait_for_function("() => { const v = document.getElementById('studio-video');"
                           " return v.readyState >= 2 && !v.seeking; }")
    return context, page


def wait_status(studio, start: str) -> None:
    """Wait until the drawing tools' status line starts with `start` (a save or delete answered)."""
    studio.wait_for_function("s => document.getElementById('draw-status').textContent.startsWith(s)", arg=start)


def show_picture(studio) -> None:
    """Scroll the studio's picture into view (picking a tool below it scrolled the page)."""
    studio.evaluate("() => document.getElementById('studio-clip').scrollIntoView()")


def read_shown(frame, video) -> int:
    """The burnt-in number of the frame a paused <video> shows now (it is not moving)."""
    frame.evaluate("v => { v.__seeked = Promise.resolve(); v.__presented = Promise.resolve(v.currentTime); }", video)
    found = frame.evaluate(READ_JS, [video, BITS])
    assert found["margin"] >= MIN_MARGIN, found
    return found["frame"]


def client_point(frame, fig: str, point) -> tuple[float, float]:
    """Page coordinates of a picture point [x, y] in 0..1 (letterboxed picture of the player)."""
    return tuple(frame.evaluate("""([id, [x, y]]) => {
        const layer = RunPhysPlayer.players.get(id).drawings;
        const rect = layer.svg.getBoundingClientRect(), box = layer.box();
        return [rect.left + box.x + x * box.w, rect.top + box.y + y * box.h];
    }""", [fig, list(point)]))


SHOWN_JS = """id => {
    const svg = RunPhysPlayer.players.get(id).drawings.svg;
    return { kinds: [...svg.querySelectorAll('.rp-drawing')].map(g => g.dataset.kind),
             values: [...svg.querySelectorAll('.rp-value')].map(t => t.textContent),
             label: svg.getAttribute('aria-label'), role: svg.getAttribute('role') };
}"""


def vertex_offset(frame, fig: str, point) -> float:
    """Pixels between the angle's drawn vertex and where `point` lies on the picture the <video> shows."""
    return frame.evaluate("""([id, [x, y]]) => {
        const p = RunPhysPlayer.players.get(id), v = p.video, r = v.getBoundingClientRect();
        const k = v.videoWidth / v.videoHeight;
        const w = Math.min(r.width, r.height * k), h = w / k;   // object-fit: contain
        const want = [r.left + (r.width - w) / 2 + x * w, r.top + (r.height - h) / 2 + y * h];
        const line = p.drawings.svg.querySelector('.rp-angle line'), m = line.getScreenCTM();
        const at = new DOMPoint(Number(line.getAttribute('x1')), Number(line.getAttribute('y1'))).matrixTransform(m);
        const got = [at.x, at.y];
        return Math.hypot(got[0] - want[0], got[1] - want[1]);
    }""", [fig, list(point)])


def open_reader(page, url: str, fig: str):
    page.goto(url)
    page.wait_for_function("id => { const p = window.RunPhysPlayer?.players.get(id);"
                           " return p && p.drawings && p.video.readyState >= 2 && p.pending == null"
                           " && !p.video.seeking; }",
                           arg=fig, timeout=20000)
    return page.evaluate_handle("id => RunPhysPlayer.players.get(id).video", fig)


def test_an_angle_drawn_in_the_studio_reaches_readers_and_embeds_on_the_same_frame(browser, page, site,
                                                                                  other_origin) -> None:  # noqa: F811
    context, studio = studio_page(browser, site)
    try:
        video = studio.locator("#studio-video").element_handle()
        t = (FRAME // (FPS // PLAYED)) / PLAYED + 0.5 / FPS  # half a captured frame into played frame 30
        seek = "t => RunPhysPlayer.players.get('studio-clip').seek(t)"
        shown = after(studio, video, lambda: studio.evaluate(seek, t))
        assert shown.frame == FRAME
        studio.locator(".draw-tool[data-kind=angle]").click()
        show_picture(studio)
        for point in KNEE:  # click, click, click: end A, the vertex, end B
            studio.mouse.click(*client_point(studio, "studio-clip", point))
        wait_status(studio, "Saved: Angle, ")
        assert read_shown(studio, video) == FRAME  # drawing moved no frame
        assert studio.errors == []
    finally:
        context.close()

    notes = requests.get(f"{site.api}/clips/{site.clip_id}/notes", headers=site.headers, timeout=10).json()["notes"]
    note = next(n for n in notes if n["drawings"] and n["drawings"][0]["kind"] == "angle")
    assert note["t"] == pytest.approx(t, abs=1e-3)  # a new note at the frame drawn on
    drawing = note["drawings"][0]
    assert drawing["points"] == [pytest.approx(list(p), abs=0.01) for p in KNEE]
    value = measure("angle", drawing["points"], ASPECT)
    assert drawing["value"] == value and abs(value - measure("angle", KNEE, ASPECT)) < 2
    text = f"{value:.1f}°"

    # A reader opening the case at the note's moment: the same frame, the same angle and value.
    video = open_reader(page, f"{site.url}/cases/{site.slug}?t={note['played_t']}#{site.fig}", site.fig)
    assert read_shown(page, video) == FRAME
    drawn = page.evaluate(SHOWN_JS, site.fig)
    assert drawn["kinds"] == ["angle"] and drawn["values"] == [text]
    assert drawn["role"] == "img" and drawn["label"] == f"Drawings: {describe('angle', value)}"
    assert vertex_offset(page, site.fig, drawing["points"][1]) < 2
    # zoomed in (a transform on the picture element, or on the <video>): the vertex stays on the point
    for target in ("p.controller", "p.video"):
        zoom = "{ transform: 'translate(-40px, 25px) scale(2.5)', transformOrigin: '30% 60%' }"
        page.evaluate(f"id => {{ const p = RunPhysPlayer.players.get(id); Object.assign({target}.style, {zoom}); }}",
                      site.fig)
        page.wait_for_function("id => { const p = RunPhysPlayer.players.get(id);"  # a transform on the video is copied
                               " return p.drawings.svg.style.transform === p.video.style.transform; }", arg=site.fig)
        assert vertex_offset(page, site.fig, drawing["points"][1]) < 2, target
        page.evaluate(f"id => {{ const p = RunPhysPlayer.players.get(id); {target}.style.transform = ''; }}", site.fig)
    # a frame outside the note's range (1 s of source) shows no drawing
    page.evaluate("id => RunPhysPlayer.players.get(id).seek(1.8)", site.fig)
    layer = "RunPhysPlayer.players.get(id).drawings.svg"
    page.wait_for_function(f"id => !{layer}.querySelector('.rp-drawing')", arg=site.fig)
    assert page.evaluate(f"id => {layer}.getAttribute('aria-hidden')", site.fig) == "true"  # nothing to announce

    # The embed, framed by a page of another origin.
    url = host_page(other_origin, "drawings.html", {"clip": f"{site.url}/embed/clips/{site.uid}?t={note['played_t']}"})
    page.goto(url)
    frame = page.frame(name="clip")
    frame.wait_for_function(PLAYER_LOADED, timeout=20000)
    frame.wait_for_function("id => RunPhysPlayer.players.get(id)?.drawings?.svg.querySelector('.rp-value')",
                            arg=site.fig, timeout=20000)
    video = frame.evaluate_handle("id => RunPhysPlayer.players.get(id).video", site.fig)
    frame.wait_for_function("v => v.readyState >= 2 && !v.seeking", arg=video)
    assert read_shown(frame, video) == FRAME
    drawn = frame.evaluate(SHOWN_JS, site.fig)
    assert drawn["kinds"] == ["angle"] and drawn["values"] == [text]
    assert vertex_offset(frame, site.fig, drawing["points"][1]) < 2


def test_every_tool_round_trips_api_studio_reader_embed(browser, page, site, other_origin) -> None:  # noqa: F811
    api, headers = site.api, site.headers
    note = requests.post(f"{api}/clips/{site.clip_id}/notes", json={"t": 2.0, "text": "Every tool"},
                         headers=headers, timeout=10).json()
    made = []
    for kind, points, label in EVERY_KIND:
        r = requests.post(f"{api}/notes/{note['id']}/drawings", json={"kind": kind, "points": points, "label": label,
                                                                     "color": "#00c0ff"}, headers=headers, timeout=10)
        assert r.status_code == 201, r.text
        made.append(r.json())
    kinds = [k for k, _, _ in EVERY_KIND]
    said = [describe(k, measure(k, p, ASPECT), label) for k, p, label in EVERY_KIND]
    at = note["played_t"] + 0.5 / FPS

    # studio: all eight shown at the note's moment, listed by what they are and measure
    context, studio = studio_page(browser, site)
    try:
        studio.evaluate("t => RunPhysPlayer.players.get('studio-clip').seek(t)", at)
        studio.wait_for_function("n => document.querySelectorAll('#draw-list button').length === n", arg=len(kinds))
        assert studio.evaluate(SHOWN_JS, "studio-clip")["kinds"] == kinds
        assert studio.locator("#draw-list button").all_text_contents() == said

        # edit: select the line from the list, move it right with the arrow key, recolour it
        studio.get_by_role("button", name=said[0]).click()
        studio.get_by_role("button", name=said[0]).press("ArrowRight")
        wait_status(studio, "Saved: ")
        moved = requests.get(f"{api}/drawings/{made[0]['id']}", headers=headers, timeout=10).json()
        assert moved["points"] == [pytest.approx([0.105, 0.1]), pytest.approx([0.305, 0.2])]
        # drag the circle's rim handle: a wider circle
        studio.get_by_role("button", name=said[5]).click()
        show_picture(studio)
        rim = client_point(studio, "studio-clip", (0.85, 0.8))
        studio.mouse.move(*rim)
        studio.mouse.down()
        studio.mouse.move(*client_point(studio, "studio-clip", (0.9, 0.8)), steps=4)
        studio.mouse.up()
        wait_status(studio, "Saved: Circle")
        circle = requests.get(f"{api}/drawings/{made[5]['id']}", headers=headers, timeout=10).json()
        assert circle["points"][1] == pytest.approx([0.9, 0.8], abs=0.01)

        # draw a line by dragging and a text with the label field, then delete one with the Delete key
        studio.locator(".draw-tool[data-kind=line]").click()
        show_picture(studio)
        studio.mouse.move(*client_point(studio, "studio-clip", (0.2, 0.2)))
        studio.mouse.down()
        studio.mouse.move(*client_point(studio, "studio-clip", (0.4, 0.3)), steps=5)
        studio.mouse.up()
        wait_status(studio, "Saved: Line")
        studio.get_by_label("Label (the text of a text drawing)").fill("Cadence 172")
        studio.locator(".draw-tool[data-kind=text]").click()
        show_picture(studio)
        studio.mouse.click(*client_point(studio, "studio-clip", (0.5, 0.1)))
        wait_status(studio, "Saved: Text: Cadence 172")
        studio.keyboard.press("Escape")
        drawn = requests.get(f"{api}/notes/{note['id']}/drawings", headers=headers, timeout=10).json()["drawings"]
        assert [d["kind"] for d in drawn] == kinds + ["line", "text"]
        assert drawn[-2]["points"] == [pytest.approx([0.2, 0.2], abs=0.01), pytest.approx([0.4, 0.3], abs=0.01)]
        studio.get_by_role("button", name="Text: Cadence 172").click()
        studio.get_by_role("button", name="Text: Cadence 172").press("Delete")
        wait_status(studio, "Deleted: Text: Cadence 172")
        studio.locator(".draw-tool[data-kind=line]").focus()  # axe with the tools and a selection shown
        controls_rendered(studio)
        assert run_axe(studio) == []
        assert studio.errors == []
    finally:
        context.close()
    drawn = requests.get(f"{api}/notes/{note['id']}/drawings", headers=headers, timeout=10).json()["drawings"]
    assert [d["kind"] for d in drawn] == kinds + ["line"]
    values = [d["value"] for d in drawn]
    expected = [f"{v:.1f}°" for v in values if v is not None]
    label = "Drawings: " + "; ".join(d["description"] for d in drawn)

    # reader and embed: the same drawings, values and spoken description
    open_reader(page, f"{site.url}/cases/{site.slug}?t={at}#{site.fig}", site.fig)
    drawn_page = page.evaluate(SHOWN_JS, site.fig)
    assert drawn_page["kinds"] == kinds + ["line"] and drawn_page["values"] == expected
    assert drawn_page["label"] == label
    controls_rendered(page)
    assert run_axe(page) == []

    page.goto(host_page(other_origin, "tools.html", {"clip": f"{site.url}/embed/clips/{site.uid}?t={at}"}))
    frame = page.frame(name="clip")
    frame.wait_for_function(PLAYER_LOADED, timeout=20000)
    frame.wait_for_function("id => RunPhysPlayer.players.get(id)?.drawings?.svg.querySelector('.rp-drawing')",
                            arg=site.fig, timeout=20000)
    drawn_embed = frame.evaluate(SHOWN_JS, site.fig)
    assert drawn_embed == drawn_page


def test_a_physio_draws_an_angle_with_a_finger_on_a_phone(browser, site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  storage_state=site.studio_state)
    try:
        page = context.new_page()
        page.goto(f"{site.url}/studio/clips/{site.clip_id}")
        page.wait_for_function("() => window.RunPhysDraw")
        page.evaluate("() => RunPhysPlayer.players.get('studio-clip').seek(1.6)")  # no note holds this moment
        page.locator(".draw-tool[data-kind=angle]").tap()
        show_picture(page)
        points = [(0.2, 0.3), (0.5, 0.5), (0.8, 0.3)]
        for point in points:  # tap, tap, tap: nothing steps a frame or scrolls
            page.touchscreen.tap(*client_point(page, "studio-clip", point))
        wait_status(page, "Saved: Angle, ")
        playhead = page.evaluate("() => RunPhysPlayer.players.get('studio-clip').clipTime()")
        assert playhead == pytest.approx(1.6, abs=1e-3)
    finally:
        context.close()
    notes = requests.get(f"{site.api}/clips/{site.clip_id}/notes", headers=site.headers, timeout=10).json()["notes"]
    # at the frame on screen (in-place notes put it half a captured frame into that frame)
    (note,) = [n for n in notes if n["t"] == pytest.approx(1.6, abs=1 / PLAYED)]
    (drawing,) = note["drawings"]
    assert drawing["kind"] == "angle" and drawing["points"] == [pytest.approx(list(p), abs=0.02) for p in points]
    assert drawing["value"] == measure("angle", drawing["points"], ASPECT)
    # its note goes, and the drawing with it (the other tests' moments stay as they were)
    assert requests.delete(f"{site.api}/notes/{note['id']}", headers=site.headers, timeout=10).status_code == 204
    assert requests.get(f"{site.api}/drawings/{drawing['id']}", headers=site.headers, timeout=10).status_code == 404
