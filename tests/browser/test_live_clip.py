"""A clip still being processed already plays on its case page, and plays on as it grows.

The media are a real transcode's lowest rung; the worker's early publisher hands it to the site
first with one segment, then whole, as transcode_clip does while the other rungs are encoded.
"""
from __future__ import annotations

import re
from datetime import date

import m3u8
import pytest
from support import PASSWORD, LiveSite, add_user, local_env, make_clip

from runphys import cases, lifecycle, media, tasks
from runphys.extensions import db
from runphys.models import User


def first_segments(part: media.Playable, playlist: m3u8.M3U8, count: int) -> media.Playable:
    """The hand-over as it was when only `count` segments were finished."""
    names = [segment.uri for segment in playlist.segments[:count]]
    text = part.playlist_text.replace("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-PLAYLIST-TYPE:EVENT")
    head = text[:text.index("#EXTINF")]
    body = "".join(f"#EXTINF:{segment.duration:.6f},\n{segment.uri}\n"
                   for segment in playlist.segments[:count])
    return media.Playable(files=[f"hls/360p/{name}" for name in ["init.mp4", *names]],
                          playlist=part.playlist, playlist_text=head + body,
                          width=part.width, height=part.height, fps=part.fps)


@pytest.fixture
def growing_clip(tmp_path):
    """A published case whose only clip is mid-processing with one 4 s segment published."""
    site = LiveSite(tmp_path, local_env(tmp_path))
    try:
        source = make_clip(tmp_path / "run.mp4", seconds=12, size="640x360")
        out = tmp_path / "out"
        media.transcode_clip(source, out, media.probe_clip(source))
        playlist = m3u8.load(str(out / "hls/360p/index.m3u8"))
        assert [segment.duration for segment in playlist.segments] == [4.0, 4.0, 4.0]
        whole = media.Playable(
            files=[f"hls/360p/{name}"
                   for name in ["init.mp4", *(segment.uri for segment in playlist.segments)]]
            + ["360p.mp4", "poster.jpg"],
            playlist="hls/360p/index.m3u8",
            playlist_text=(out / "hls/360p/index.m3u8").read_text(), width=640, height=360,
            fps=30.0, mp4="360p.mp4", poster="poster.jpg")
        user_id = add_user(site.app, "maria@example.com")
        with site.app.app_context():
            user = db.session.get(User, user_id)
            case = cases.create_case(user, "Overstride on the treadmill", "A runner who reaches.", "R",
                                     [])
            clip = cases.new_clip(cases.add_stage(case, "initial"), "side.mp4", "Side view", "side")
            clip.duration, clip.width, clip.height, clip.fps = 12.0, 640, 360, 30.0
            db.session.commit()
            job = lifecycle.claim(clip.id, clip.generation)  # as a worker does: processing, fenced
            cases.record_consent(case, user, "A Client", date.today())
            cases.publish_case(case, user)
            publish = tasks.EarlyPublisher(job, out)
            publish(first_segments(whole, playlist, 1))
            site.slug, site.clip_id, site.clip_uid = case.slug, clip.id, clip.uuid

        def finish() -> None:
            with site.app.app_context():
                publish(whole)
        site.finish = finish
        yield site
    finally:
        site.close()


def test_a_clip_plays_while_processed_and_plays_on_as_segments_arrive(page, growing_clip) -> None:
    site = growing_clip
    page.goto(f"{site.url}/cases/{site.slug}")
    figure = f"#clip-{site.clip_uid}"
    assert "lower-quality version plays" in page.locator(f"{figure} .clip-partial").inner_text()
    page.wait_for_function("() => window.RunPhysPlayer && RunPhysPlayer.players.size >= 1")
    # It plays up to the end of what is published and waits there for more.
    waited_at = """f => new Promise((resolve, reject) => {
        const video = document.querySelector(f + ' video');
        video.addEventListener('waiting', function stalled() {
          if (video.currentTime < 3) return;  // not yet started, or a hiccup on the way
          video.removeEventListener('waiting', stalled);
          resolve(video.currentTime);
        });
        video.play();
        setTimeout(() => reject(new Error('never waited, at ' + video.currentTime)), 20000);
    })"""
    assert 3.5 <= page.evaluate(waited_at, figure) <= 4.1
    buffered = page.evaluate("f => { const b = document.querySelector(f + ' video').buffered;"
                             " return b.end(b.length - 1); }", figure)
    assert buffered <= 4.1  # nothing past the published segment was loaded
    time_now = f"() => document.querySelector('{figure} video').currentTime"

    site.finish()  # the quick run is done: the whole lowest rung, its MP4 and the poster
    page.wait_for_function(f"() => ({time_now})() > 6", timeout=20_000)
    assert not page.evaluate(f"() => document.querySelector('{figure} video').error")


def test_the_physio_watches_and_annotates_the_clip_before_it_is_finished(page, growing_clip) -> None:
    site = growing_clip
    page.goto(site.url + "/studio/")
    page.get_by_label("Email").fill("maria@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/studio/$"))
    page.goto(f"{site.url}/studio/clips/{site.clip_id}")
    assert page.locator(".clip-status .playable").inner_text() == "a first version already plays"
    # The studio plays the one player; its figure names the growing HLS playlist.
    assert page.locator("#studio-clip").get_attribute("data-hls").endswith("/hls/360p/index.m3u8")
    page.evaluate("() => document.getElementById('studio-video').play()")
    page.wait_for_function("() => document.getElementById('studio-video').currentTime > 2",
                           timeout=20_000)
    page.keyboard.press("n")  # a new note at the frame on screen, as for a finished clip
    assert 2.0 <= float(page.locator(".note-list li.note-draft").get_attribute("data-t")) <= 4.1
