"""Zoom and the before/after comparison (overlay, wipe, mirror, phone layout, studio set-up by
scrubbing), in a real chromium on the real pages.

Uses test_player's live site: a 240 fps side view and a 30 fps rear view with the frame number
burnt in (tests/frames.py), and a comparison of the two.
"""
from __future__ import annotations

import pytest

from test_player import open_player, prop, site  # noqa: F401

pytestmark = pytest.mark.browser


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


# A marker at a point of the picture, in the stage as a drawing would be (fractions of the picture).
MARK_JS = """([id, fx, fy]) => {
  const p = RunPhysPlayer.players.get(id);
  const mark = document.createElement("div");
  mark.className = "test-mark";
  mark.style.cssText = `position:absolute;left:${fx * 100}%;top:${fy * 100}%;width:0;height:0`;
  p.stage.append(mark);
}"""


def relative(point: dict, frame: dict) -> tuple[float, float]:
    return ((point["x"] - frame["x"]) / frame["width"], (point["y"] - frame["y"]) / frame["height"])


def test_zoom_keeps_a_point_of_the_picture_in_place_and_the_controls_in_reach(page, site) -> None:
    open_player(page, site, clip=site.rear)
    fig = f"#{site.rear}"
    page.evaluate(MARK_JS, [site.rear, 0.7, 0.6])
    page.locator(f"{fig} .rp-player").scroll_into_view_if_needed()
    mark0, video0, view0 = box(page, f"{fig} .test-mark"), box(page, f"{fig} video"), box(page, f"{fig} .rp-view")
    play0 = box(page, f"{fig} media-play-button")
    # Ctrl + wheel over the marked point zooms around it: the point stays under the pointer.
    page.mouse.move(mark0["x"], mark0["y"])
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.wait_for_function("id => RunPhysPlayer.players.get(id).zoom.scale > 1.5", arg=site.rear)
    mark1, video1 = box(page, f"{fig} .test-mark"), box(page, f"{fig} video")
    assert video1["width"] > 1.5 * video0["width"]  # the picture is bigger on screen
    assert abs(mark1["x"] - mark0["x"]) < 1 and abs(mark1["y"] - mark0["y"]) < 1
    assert relative(mark1, video1) == pytest.approx(relative(mark0, video0), abs=1e-3)
    # The picture is clipped to its place: nothing spills over the controls, which stay put.
    assert page.locator(f"{fig} .rp-view").evaluate("v => getComputedStyle(v).overflow") == "hidden"
    assert box(page, f"{fig} .rp-view") == view0
    assert box(page, f"{fig} media-play-button") == play0
    # Keys: shift+arrow pans, + zooms in, 0 resets; the marked point stays on the same spot of
    # the picture throughout.
    page.focus(f"{fig} media-play-button")
    page.keyboard.press("Shift+ArrowLeft")
    mark2, video2 = box(page, f"{fig} .test-mark"), box(page, f"{fig} video")
    assert mark2["x"] > mark1["x"] + 5
    assert relative(mark2, video2) == pytest.approx(relative(mark0, video0), abs=1e-3)
    assert prop(page, site.rear, "p.video.currentTime") == 0  # shift+arrow did not seek
    page.keyboard.press("+")
    mark3, video3 = box(page, f"{fig} .test-mark"), box(page, f"{fig} video")
    assert video3["width"] > video2["width"] * 1.2
    assert relative(mark3, video3) == pytest.approx(relative(mark0, video0), abs=1e-3)
    page.locator(f"{fig} media-play-button").click()  # reachable and working while zoomed
    page.wait_for_function("id => !RunPhysPlayer.players.get(id).video.paused", arg=site.rear)
    page.keyboard.press("0")
    assert box(page, f"{fig} video") == video0


def test_pinch_zooms_a_phone_picture_around_the_fingers(browser, site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_player(page, site, clip=site.rear)
        fig = f"#{site.rear}"
        page.evaluate(MARK_JS, [site.rear, 0.5, 0.5])
        page.locator(f"{fig} .rp-player").scroll_into_view_if_needed()
        mark0, video0 = box(page, f"{fig} .test-mark"), box(page, f"{fig} video")
        cx, cy = mark0["x"], mark0["y"]
        cdp = context.new_cdp_session(page)

        def touch(kind: str, spread: float) -> None:
            points = [] if kind == "touchEnd" else [
                {"x": cx - spread, "y": cy, "id": 1}, {"x": cx + spread, "y": cy, "id": 2}]
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

        touch("touchStart", 30)
        for spread in range(35, 95, 5):
            touch("touchMove", spread)
        touch("touchEnd", 0)
        scale = float(page.locator(f"{fig} .rp-view").get_attribute("data-zoom"))
        assert 2.5 < scale < 3.5  # the fingers went from 60 px apart to 180
        mark1, video1 = box(page, f"{fig} .test-mark"), box(page, f"{fig} video")
        assert abs(mark1["x"] - cx) < 2 and abs(mark1["y"] - cy) < 2  # the point between the fingers stayed
        assert relative(mark1, video1) == pytest.approx(relative(mark0, video0), abs=1e-3)
        assert prop(page, site.rear, "p.video.paused")  # a pinch is not a tap
    finally:
        context.close()


# Decode a screenshot (PNG, base64) in the page and read the 12 barcode stripes of the top
# quarter of the picture (tests/frames.py): which of them are white, left to right on screen.
STRIPES_JS = """async ([png, bits]) => {
  const img = new Image();
  img.src = "data:image/png;base64," + png;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width;
  canvas.height = img.height;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const rows = Math.floor(img.height / 4);
  const band = context.getImageData(0, 0, img.width, rows).data;
  const white = [];
  for (let bit = 0; bit < bits; bit++) {
    const from = Math.ceil((bit + 0.25) * img.width / bits), to = Math.floor((bit + 0.75) * img.width / bits);
    let sum = 0, count = 0;
    for (let y = Math.floor(rows * 0.3); y < Math.ceil(rows * 0.9); y++) {
      for (let x = from; x < to; x++) { sum += band[(y * img.width + x) * 4]; count++; }
    }
    white.push(sum / count > 128);
  }
  return white;
}"""


# Give the clip of `figure` a text drawing (the readers' drawings layer, player/drawings.js) and say
# whether its label reads left to right on screen: its first letter left of its last.
TEXT_DRAWING_JS = """async (figure) => {
  const p = RunPhysPlayer.players.get(document.querySelector(figure).id);
  const { attach } = await import(new URL("player/drawings.js", document.querySelector("script[src*='/js/']").src).href);
  const layer = attach(p, { aspect: 4 / 3, notes: [] });
  layer.extra = () => [{ kind: "text", points: [[0.3, 0.5]], color: "#ffeb3b", label: "Heel strike" }];
  layer.update();
  const node = p.figure.querySelector(".rp-drawings text").firstChild;
  const at = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
  const first = at(0), last = at(node.length - 1);
  return first.width > 0 && first.x < last.x;
}"""


def read_left_to_right(page, figure: str) -> bool:
    return page.evaluate(TEXT_DRAWING_JS, figure)


def stripes(page, selector: str) -> list[bool]:
    import base64
    png = page.locator(selector).screenshot(animations="disabled")
    return page.evaluate(STRIPES_JS, [base64.b64encode(png).decode(), 12])


def open_compare(page, site) -> str:
    """Open the case page at the comparison, both clips loaded and paused at their sync points."""
    page.goto(site.url + site.path + f"#compare-{site.cmp}")
    page.wait_for_function("() => window.RunPhysPlayer?.comparisons?.size === 1")
    page.evaluate("() => [...RunPhysPlayer.comparisons.values()][0].load()")
    page.wait_for_function("cmp => ['before', 'after'].every(s => { const p = RunPhysPlayer.players.get(`compare-${cmp}-${s}`);"
                           " return p.video.readyState >= 2 && p.pending == null && !p.video.seeking; })", arg=site.cmp)
    section = f"#compare-{site.cmp}"
    page.locator(section).scroll_into_view_if_needed()
    return section


def hit(page, x: float, y: float) -> str | None:
    """Which clip of the comparison the picture at (x, y) belongs to (what a tap would reach)."""
    return page.evaluate("([x, y]) => { const f = document.elementFromPoint(x, y)?.closest('figure.clip');"
                         " return f ? (f.classList.contains('compare-before') ? 'before' : 'after') : null; }", [x, y])


def test_side_by_side_overlay_wipe_and_mirror(page, site) -> None:
    section = open_compare(page, site)
    views = [f"{section} .compare-{side} .rp-view" for side in ("before", "after")]
    controls = page.locator(section)
    # Side by side (a desktop's default): next to each other, at one height, labelled.
    before, after_ = box(page, views[0]), box(page, views[1])
    assert before["x"] + before["width"] <= after_["x"] and abs(before["y"] - after_["y"]) < 1
    assert abs(before["height"] - after_["height"]) < 1
    assert page.locator(f"{section} .compare-label").all_text_contents() == ["Before", "After"]
    label = box(page, f"{section} .compare-before .compare-label")
    assert label["y"] + label["height"] < before["y"] + before["height"] / 4  # at the top, clear of the feet

    # Overlay: the after clip lies on the before one as a ghost, at the opacity asked for.
    controls.get_by_role("button", name="Overlay").click()
    assert box(page, views[0]) == box(page, views[1])
    opacity = lambda: float(page.locator(views[1]).evaluate("v => getComputedStyle(v).opacity"))  # noqa: E731
    assert opacity() == 0.5
    controls.get_by_role("slider", name="Opacity of the after clip").fill("80")
    assert opacity() == 0.8
    picture = box(page, views[0])
    middle_y = picture["y"] + picture["height"] * 0.25

    # Wipe: before on the left of the divider, after on its right; drag it, or use the keys.
    controls.get_by_role("button", name="Wipe").click()
    assert opacity() == 1
    at = lambda f: hit(page, picture["x"] + picture["width"] * f, middle_y)  # noqa: E731
    assert (at(0.3), at(0.7)) == ("before", "after")
    divider = page.get_by_role("slider", name="Wipe: before on the left, after on the right")
    grip = divider.bounding_box()
    page.mouse.move(grip["x"] + grip["width"] / 2, grip["y"] + 20)
    page.mouse.down()
    page.mouse.move(picture["x"] + picture["width"] * 0.8, grip["y"] + 20, steps=5)
    page.mouse.up()
    assert (at(0.7), at(0.9)) == ("before", "after")
    divider.focus()
    for _ in range(5):
        page.keyboard.press("Shift+ArrowLeft")  # 10 % each
    assert divider.get_attribute("aria-valuenow") == "30"
    assert (at(0.2), at(0.4)) == ("before", "after")

    # Mirror: the after clip's picture flips (its burnt-in stripes read right to left).
    controls.get_by_role("button", name="Side by side").click()
    plain, other = stripes(page, views[1]), stripes(page, views[0])
    assert plain != plain[::-1]
    assert read_left_to_right(page, f"{section} .compare-after") is True
    controls.get_by_role("button", name="Mirror after").click()
    assert stripes(page, views[1]) == plain[::-1]
    assert stripes(page, views[0]) == other  # the other side is untouched
    # A text drawing on the mirrored picture still reads left to right.
    assert read_left_to_right(page, f"{section} .compare-after") is True
    controls.get_by_role("button", name="Mirror after").click()
    assert stripes(page, views[1]) == plain

    # Zoom acts on both: + on one picture zooms the other the same way.
    page.locator(f"{section} .compare-controls input[type=range]").focus()
    page.keyboard.press("+")
    page.keyboard.press("+")
    scales = [float(page.locator(v).get_attribute("data-zoom")) for v in views]
    assert scales[0] > 1.5 and scales == [scales[0]] * 2
    assert box(page, f"{views[0]} video")["width"] > 1.5 * box(page, views[0])["width"]
    page.keyboard.press("0")

    # Full screen takes both pictures and the shared controls.
    controls.get_by_role("button", name="Full screen").click()
    page.wait_for_function("s => document.fullscreenElement === document.querySelector(s)", arg=section)
    assert page.locator(f"{section} .compare-controls").get_by_role("button", name="Play both").is_visible()
    page.evaluate("() => document.exitFullscreen()")


def test_on_a_phone_both_clips_show_at_once_and_controls_stay_off_the_feet(browser, site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        section = open_compare(page, site)
        assert page.locator(section).get_attribute("data-mode") == "wipe"  # not stacked
        page.locator(f"{section} .compare-before .rp-view").scroll_into_view_if_needed()
        picture = box(page, f"{section} .compare-before .rp-view")
        assert box(page, f"{section} .compare-after .rp-view") == picture
        assert 0 <= picture["y"] and picture["y"] + picture["height"] <= 844 and picture["width"] <= 390
        middle_y = picture["y"] + picture["height"] * 0.25
        assert hit(page, picture["x"] + picture["width"] * 0.25, middle_y) == "before"
        assert hit(page, picture["x"] + picture["width"] * 0.75, middle_y) == "after"
        # Every control on screen while paused keeps off the lower half of the picture.
        lower = (picture["y"] + picture["height"] / 2, picture["y"] + picture["height"])
        controls = page.locator(f"{section} button, {section} input, {section} [role=slider], {section} media-play-button")
        checked = 0
        for control in controls.all():
            b = control.bounding_box()
            if not control.is_visible() or b is None:
                continue
            checked += 1
            overlaps = b["y"] < lower[1] and b["y"] + b["height"] > lower[0] and \
                b["x"] < picture["x"] + picture["width"] and b["x"] + b["width"] > picture["x"]
            assert not overlaps, (control.evaluate("e => e.outerHTML.slice(0, 120)"), b, picture)
        assert checked >= 8
        from test_player import controls_rendered, run_axe
        controls_rendered(page)
        violations = run_axe(page)  # the wipe divider and the view controls included
        assert violations == [], "\n".join(str(v) for v in violations)
    finally:
        context.close()


def read_now(page, video):
    """The burnt-in frame a paused, settled <video> shows now (tests/frames.py's reader)."""
    from frames import BITS, MIN_MARGIN, READ_JS
    page.wait_for_function("v => !v.seeking && v.readyState >= 2 && v.paused", arg=video)
    page.evaluate("v => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))", video)
    page.evaluate("v => { v.__seeked = Promise.resolve(); v.__presented = Promise.resolve(v.currentTime); }", video)
    found = page.evaluate(READ_JS, [video, BITS])
    assert found["margin"] >= MIN_MARGIN, found
    return found["frame"]


@pytest.fixture
def sync_points_put_back(site):
    """The studio set-up test moves the comparison's sync points; the site is shared with
    test_player and test_player_clock (conftest.player_site), so they are put back after it."""
    from runphys.extensions import db
    from runphys.models import Comparison
    with site.app.app_context():
        saved = db.session.execute(db.select(Comparison.id, Comparison.before_offset, Comparison.after_offset)).all()
    yield
    with site.app.app_context():
        for cmp_id, before, after in saved:
            comparison = db.session.get(Comparison, cmp_id)
            comparison.before_offset, comparison.after_offset = before, after
        db.session.commit()


@pytest.mark.usefixtures("sync_points_put_back")
def test_studio_sets_up_the_comparison_by_scrubbing_and_both_then_step_and_play_aligned(page, site) -> None:
    from support import PASSWORD
    from test_player import REAR_FPS, SIDE_FPS
    from runphys.extensions import db
    from runphys.models import Comparison
    with site.app.app_context():
        case_id, cmp_id = db.session.execute(db.select(Comparison.case_id, Comparison.id)).one()
    page.goto(site.url + "/auth/login")
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/studio/")
    page.goto(f"{site.url}/studio/cases/{case_id}/comparison")
    page.wait_for_function("() => window.RunPhysSetup")
    before = page.evaluate_handle("() => RunPhysSetup.cmp.before.video")
    after_ = page.evaluate_handle("() => RunPhysSetup.cmp.after.video")
    page.get_by_role("button", name="Unlock to scrub each clip").click()
    # Each clip on its own: scrub its timeline to a point, then step a frame or two to the moment.
    for fig, fraction, key in (("#compare-setup-before", 0.3, "."), ("#compare-setup-after", 0.6, ",")):
        page.locator(f"{fig} .rp-controls").scroll_into_view_if_needed()
        bar = page.locator(f"{fig} media-time-range")
        size = bar.bounding_box()
        bar.click(position={"x": size["width"] * fraction, "y": size["height"] / 2})
        page.wait_for_function("f => { const v = document.querySelector(f + ' video'); return v.currentTime > 0.2 && !v.seeking; }",
                               arg=fig)
        page.locator(f"{fig} .rp-step").first.focus()
        page.keyboard.press(key)
        page.keyboard.press(key)
    fb, fa = read_now(page, before), read_now(page, after_)
    assert fb > 100 and fa > 40  # two different moments of two clips (frames of 240 and 30 fps)
    page.get_by_role("button", name="Lock sync points here").click()
    page.wait_for_function("() => document.querySelector('.setup-status').textContent.startsWith('Locked')")
    with site.app.app_context():
        saved = db.session.get(Comparison, cmp_id)
        # Stored on the source timeline (no trim here): the frames chosen, to the frame.
        assert abs(saved.before_offset - fb / SIDE_FPS) <= 1 / 60 and abs(saved.after_offset - fa / REAR_FPS) <= 1 / REAR_FPS
    assert (read_now(page, before), read_now(page, after_)) == (fb, fa)  # locked where they were

    def aligned() -> float:
        """How far apart the two pictures are in run time, in after-clip frames."""
        b, a = read_now(page, before), read_now(page, after_)
        return abs((b - fb) / SIDE_FPS - (a - fa) / REAR_FPS) * REAR_FPS

    # Locked: the shared controls step both together...
    page.locator("#compare-setup .compare-controls input[type=range]").focus()
    for _ in range(4):
        page.keyboard.press(".")
    assert read_now(page, after_) > fa
    assert aligned() <= 1
    # ...and play both together, at a quarter speed.
    controls = page.locator("#compare-setup .compare-controls")
    controls.get_by_role("button", name="0.25×").click()
    page.evaluate("v => { v.muted = true; }", before)
    controls.get_by_role("button", name="Play both").click()
    page.wait_for_function("([b, f]) => b.currentTime > f", arg=[before, fb / SIDE_FPS + 0.2])
    controls.get_by_role("button", name="Pause both").click()
    assert aligned() <= 1
    # Nudge the after clip a frame: saved at once, the after picture moves one frame.
    page.get_by_role("button", name="After +1 frame").click()
    page.wait_for_function("() => document.querySelector('.setup-status').textContent.startsWith('Locked')"
                           " && RunPhysSetup.cmp.time() === 0")
    assert (read_now(page, before), read_now(page, after_)) == (fb, fa + 1)
    with site.app.app_context():
        assert abs(db.session.get(Comparison, cmp_id).after_offset - saved.after_offset - 1 / REAR_FPS) < 0.002


# The embed test site: a 640x360 side view before, a 240x426 phone video (portrait) after.
SHOWN_JS = """f => { const v = document.querySelector(f + ' video'), b = v.getBoundingClientRect();
  const scale = Math.min(b.width / v.videoWidth, b.height / v.videoHeight);
  return { height: v.videoHeight * scale, width: v.videoWidth * scale, top: b.top + (b.height - v.videoHeight * scale) / 2 }; }"""


@pytest.fixture(scope="module")
def mixed(embed_browser_site):
    return embed_browser_site


def test_mixed_orientations_show_at_one_height_with_captions_clear_of_the_feet(page, mixed) -> None:
    main = mixed.cases["main"]
    page.goto(f"{mixed.url}/cases/{main['slug']}#compare-{mixed.comparison_uid}")
    page.wait_for_function("() => window.RunPhysPlayer?.comparisons?.size === 1")
    page.evaluate("() => [...RunPhysPlayer.comparisons.values()][0].load()")
    section = f"#compare-{mixed.comparison_uid}"
    page.wait_for_function("s => [...document.querySelectorAll(s + ' video')].every(v => v.readyState >= 1)", arg=section)
    figs = [f"{section} .compare-before", f"{section} .compare-after"]
    for mode in ("Side by side", "Overlay", "Wipe"):
        page.locator(section).get_by_role("button", name=mode).click()
        shown = [page.evaluate(SHOWN_JS, f) for f in figs]
        assert shown[1]["height"] > 0 and shown[0]["width"] > shown[1]["width"]  # landscape and portrait
        assert abs(shown[0]["height"] - shown[1]["height"]) < 1.5, (mode, shown)  # one body height
        assert abs(shown[0]["top"] - shown[1]["top"]) < 1.5, (mode, shown)
        for f, pic in zip(figs, shown):
            feet = (pic["top"] + pic["height"] / 2, pic["top"] + pic["height"])
            for text in page.locator(f"{f} figcaption, {f} .compare-label").all():
                b = text.bounding_box()
                if text.is_visible() and b:
                    assert b["y"] + b["height"] <= feet[0] or b["y"] >= feet[1], (mode, text.inner_text(), b, feet)
    # The embed (640x360) too: the labels at the top, the captions out of the pictures.
    page.set_viewport_size({"width": 640, "height": 360})
    page.goto(f"{mixed.url}/embed/compare/{mixed.comparison_uid}")
    page.wait_for_function("() => window.RunPhysPlayer?.comparisons?.size === 1")
    page.evaluate("() => [...RunPhysPlayer.comparisons.values()][0].load()")
    page.wait_for_function("() => [...document.querySelectorAll('video')].every(v => v.readyState >= 1)")
    figs = [".compare-before", ".compare-after"]
    shown = [page.evaluate(SHOWN_JS, f) for f in figs]
    assert abs(shown[0]["height"] - shown[1]["height"]) < 1.5, shown
    for f, pic in zip(figs, shown):
        for text in page.locator(f"{f} figcaption, {f} .compare-label").all():
            b = text.bounding_box()
            if text.is_visible() and b:
                assert b["y"] + b["height"] <= pic["top"] + pic["height"] / 2, (text.inner_text(), b, pic)
