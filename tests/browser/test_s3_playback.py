"""A reader plays a case whose media live in S3 (a real Ceph RGW): another origin than the site,
so CORS, content types, cache headers and the page's Content-Security-Policy all have to agree.
"""
from __future__ import annotations

import pytest
import requests
from support import LiveSite, api_token, local_env, make_clip, publish_case


@pytest.mark.once("it sets up S3 itself; in the production run every test is on S3")
@pytest.mark.s3
@pytest.mark.slow
def test_a_case_plays_from_the_s3_origin(page, tmp_path, s3_env) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), **s3_env})
    site.start_worker()
    try:
        headers = api_token(site)
        source = make_clip(tmp_path / "side.mp4", seconds=5, size="640x360")
        case, [clip] = publish_case(site, headers, [source], title="Hip drop from the bucket",
                                    notes=[(1.0, "Pelvis drops on the left")])
        assert clip["hls"].startswith(s3_env["RUNPHYS_S3_ENDPOINT_URL"])
        playlist = requests.get(clip["hls"], headers={"Origin": site.url}, timeout=10)
        assert playlist.headers["Access-Control-Allow-Origin"] in ("*", site.url)

        page.goto(f"{site.url}/cases/{case['slug']}")
        fig = f"clip-{clip['uid']}"
        page.wait_for_function("id => window.RunPhysPlayer && RunPhysPlayer.players.get(id)",
                               arg=fig)
        page.evaluate("id => { const p = RunPhysPlayer.players.get(id); p.video.muted = true; p.play(); }", fig)
        page.wait_for_function("id => RunPhysPlayer.players.get(id).mode === 'hls'", arg=fig)
        page.wait_for_function("id => RunPhysPlayer.players.get(id).video.currentTime > 1.5",
                               arg=fig, timeout=30_000)
        # The seek-bar thumbnails (a WebVTT track from the bucket) loaded across origins too.
        page.wait_for_function("id => { const t = RunPhysPlayer.players.get(id).video.querySelector('track[label=thumbnails]');"
                               " return t && t.track.cues && t.track.cues.length === 5; }",
                               arg=fig, timeout=15_000)
        assert page.evaluate("id => RunPhysPlayer.players.get(id).video.error", fig) is None
    finally:
        site.close()
