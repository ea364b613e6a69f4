"""Planning is plain data: ladder, frame rate, poster and storyboard geometry."""

from dataclasses import replace
from fractions import Fraction

from runphys.media import DEFAULT_PROFILE, Probe, plan_ladder
from runphys.media.ladder import output_fps, plan_slowmo
from runphys.media.poster import poster_size
from runphys.media.storyboard import plan_storyboard


def probe(width=1920, height=1080, fps=30.0, vfr=False, duration=10.0) -> Probe:
    """Return a Probe as probe_clip would for a clip of these properties."""
    return Probe(duration=duration, width=width, height=height, rotation=0, fps=fps,
                 capture_fps=fps if fps >= 100 else None, has_audio=True, audio_channels=2,
                 video_codec="h264", format_name="mov,mp4,m4a,3gp,3g2,mj2", size_bytes=1,
                 vfr=vfr)


def test_landscape_1080p_gets_four_rungs_by_short_side():
    assert [(r.name, r.width, r.height) for r in plan_ladder(probe())] == [
        ("1080p", 1920, 1080), ("720p", 1280, 720), ("480p", 854, 480), ("360p", 640, 360)]


def test_portrait_4k_scales_the_short_side():
    rungs = plan_ladder(probe(2160, 3840))
    assert [(r.width, r.height) for r in rungs] == [(1080, 1920), (720, 1280), (480, 854),
                                                    (360, 640)]


def test_small_source_keeps_its_own_even_size():
    [rung] = plan_ladder(probe(301, 201))
    assert (rung.name, rung.width, rung.height) == ("200p", 300, 200)


def test_gop_is_two_seconds_and_caps_scale_with_frame_rate():
    at30, at60 = plan_ladder(probe(fps=30.0))[0], plan_ladder(probe(fps=60.0))[0]
    assert (at30.gop, at60.gop) == (60, 120)
    assert at60.maxrate == 1.5 * at30.maxrate and at30.bufsize == 2 * at30.maxrate


def test_frame_rate_is_kept_to_60_and_divided_above():
    assert output_fps(probe(fps=30000 / 1001)) == Fraction(30000, 1001)
    assert output_fps(probe(fps=120.0)) == 60 and output_fps(probe(fps=240.0)) == 60
    assert output_fps(probe(fps=100.0)) == 50
    assert output_fps(probe(fps=29.87, vfr=True)) == Fraction(30000, 1001)


def test_slowmo_factor_follows_capture_rate():
    assert plan_slowmo(probe(fps=60.0), 10.0) is None
    assert plan_slowmo(probe(fps=120.0), 10.0).factor == 4
    plan = plan_slowmo(probe(fps=240.0, width=1280, height=720), 60.0)
    assert (plan.factor, plan.display_fps, plan.seconds) == (8, 30, 60.0)  # the whole clip (≤ 5 min)
    assert (plan.width, plan.height) == (1280, 720)
    assert plan_slowmo(probe(fps=240.0, width=1280, height=720), 900.0).seconds == 300.0
    capped = plan_slowmo(probe(fps=240.0, width=1280, height=720), 60.0,
                         replace(DEFAULT_PROFILE, slowmo_max_source_seconds=30.0))
    assert capped.seconds == 30.0
    whole = plan_slowmo(probe(fps=240.0, width=1280, height=720), 900.0,
                        replace(DEFAULT_PROFILE, slowmo_max_source_seconds=None))
    assert whole.seconds == 900.0


def test_portrait_poster_fits_its_long_side():
    assert poster_size(1080, 1920, DEFAULT_PROFILE) == (720, 1280)
    assert poster_size(1920, 1080, DEFAULT_PROFILE) == (1280, 720)
    assert poster_size(320, 240, DEFAULT_PROFILE) == (320, 240)


def test_storyboard_interval_grows_for_long_clips():
    short = plan_storyboard(61.5, Fraction(30), 1920, 1080, DEFAULT_PROFILE)
    assert (short.count, short.interval, short.columns, short.rows) == (62, 1.0, 10, 7)
    long = plan_storyboard(1200.0, Fraction(30), 1080, 1920, DEFAULT_PROFILE)
    assert long.interval == 4.0 and long.count == 300
    assert (long.tile_width, long.tile_height) == (160, 284)
