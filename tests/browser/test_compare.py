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
