"""A reader opens a published case page in Debian's chromium and the first clip plays."""
from __future__ import annotations

import pytest

from support import LiveSite, api_token, local_env, make_clip, publish_case


@pytest.fixture
def site(tmp_path):
    site = LiveSite(tmp_path, local_env(tmp_path))
    site.start_worker()
    yield site
    site.close()


def test_case_page_plays_first_clip(site, page, tmp_path) -> None:
    headers = api_token(site)
    clip = make_clip(tmp_path / "side.mp4", seconds=3, size="640x360")
    case, _ = publish_case(site, headers, [clip], title="Overstriding", notes=[(1.5, "Heel lands ahead of the hip")])
    page.goto(f"{site.url}/cases/{case['slug']}")
    assert page.locator("h1").inner_text() == "Overstriding"
    video = page.locator("figure.clip video").first
    assert video.get_attribute("poster").endswith("poster.jpg")
    page.wait_for_function("() => window.RunPhysPlayer && RunPhysPlayer.players.size > 0")
    start = page.evaluate("""async () => {
        await RunPhysPlayer.ready;  // the player has taken over the first clip (HLS or MP4)
        const v = document.querySelector('figure.clip video');
        v.muted = true;
        await v.play();
        return v.currentTime;
    }""")
    page.wait_for_function("t => document.querySelector('figure.clip video').currentTime > t + 0.5", arg=start,
                           timeout=15000)
    assert page.evaluate("() => document.querySelector('figure.clip video').paused") is False
    assert "Heel lands ahead of the hip" in page.locator(".notes").inner_text()
