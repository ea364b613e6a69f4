"""A reader who opened a case before its clip was re-processed plays the old version to its end;
once the grace period is over, the old version's files are gone."""
from __future__ import annotations

import time
from urllib.parse import urljoin

import requests
from support import LiveSite, api_token, local_env, make_clip, publish_case

from runphys.extensions import db
from runphys.models import Clip
from runphys.storage import media_prefix
from runphys.studio import edits

GRACE = 45  # seconds, short for the test (the default is a day), long enough for a slow machine


def test_a_reader_plays_the_old_version_to_its_end_then_it_is_collected(page, tmp_path) -> None:
    site = LiveSite(tmp_path, {**local_env(tmp_path), "RUNPHYS_MEDIA_GRACE_SECONDS": str(GRACE),
                               "RUNPHYS_STALE_AFTER": "4"})
    try:
        headers = api_token(site)
        site.start_worker()
        # 60 s: more than hls.js buffers ahead (30 s), so the end is fetched after the switch
        case, (clip,) = publish_case(site, headers, [make_clip(tmp_path / "run.mp4", seconds=60)])
        old_prefix = media_prefix(row_uuid(site, clip["id"]), 1)
        old = {old_prefix + name for name in stored(site, old_prefix)}
        assert len(old) > 10
        # The reader's network is slow: the video they asked for arrives only after the switch.
        held = []

        def slow(url: str) -> bool:
            return f"/{old_prefix}" in url and url.endswith((".m4s", ".mp4"))
        def hold(route) -> None:
            held.append(route)
        page.route(slow, hold)
        page.goto(f"{site.url}/cases/{case['slug']}")
        page.wait_for_function("() => window.RunPhysPlayer && RunPhysPlayer.players.size >= 1")
        video = f"document.querySelector('#clip-{clip['uid']} video')"
        with page.expect_request(lambda request: slow(request.url)):  # the reader starts the clip
            page.evaluate("id => { RunPhysPlayer.players.get(id).load(); }", f"clip-{clip['uid']}")
        while not held:  # Playwright runs route handlers only while it is called: let it hold the request
            page.evaluate("() => new Promise((done) => setTimeout(done, 50))")
        page.wait_for_function(f"() => {video}.readyState === 0")  # nothing of the video has arrived

        with site.app.app_context():  # the physio trims the clip while the reader has the page open
            edits.update_clip(db.session.get(Clip, clip["id"]), "Side", "side", 2.0, 4.0, False)
        deadline = time.monotonic() + 120
        while (now := requests.get(f"{site.url}/api/v1/clips/{clip['id']}", headers=headers,
                                   timeout=10).json())["version"] == 1 or now["status"] != "ready":
            assert time.monotonic() < deadline, now
            time.sleep(0.3)
        switched = time.monotonic()
        assert abs(now["duration"] - 2.0) < 0.15  # new readers get the new version
        assert held  # the reader's player had asked for the old version before the switch
        for route in held:
            route.continue_()
        page.unroute(slow)

        # the reader now skips to near the end of the version they loaded and plays it out
        page.evaluate(f"() => {{ const v = {video}; v.currentTime = 52; v.playbackRate = 2; v.play(); }}")
        page.wait_for_function(f"() => {video}.ended", timeout=40_000)
        assert page.evaluate(f"() => {video}.error") is None
        assert page.evaluate(f"() => {video}.duration") > 59
        assert page.evaluate(f"() => {video}.currentTime") > 59
        played_out = time.monotonic() - switched
        assert played_out < GRACE - 5, played_out  # else this run says nothing: the machine was too slow
        assert stored(site, media_prefix(row_uuid(site, clip["id"]), 1))  # still within the grace period

        while stored(site, media_prefix(row_uuid(site, clip["id"]), 1)):
            assert time.monotonic() < switched + GRACE + 30, "the old version was never collected"
            time.sleep(0.5)
        assert time.monotonic() - switched > GRACE - 2  # not before its grace period was over
        for key in sorted(old)[:5]:
            url = urljoin(site.url, site.app.extensions["runphys.storage"].public_url(key))
            assert requests.get(url, timeout=10).status_code in (403, 404)  # S3 answers 403 to a read of a missing key without list rights
    finally:
        site.close()


def row_uuid(site: LiveSite, clip_id: int) -> str:
    with site.app.app_context():
        return db.session.get(Clip, clip_id).uuid


def stored(site: LiveSite, prefix: str) -> set[str]:
    """The stored keys under `prefix`, relative to it (on whichever storage the site uses)."""
    return {key.removeprefix(prefix) for key in site.app.extensions["runphys.storage"].keys(prefix)}
