"""High-frame-rate sources: capped ladder rate and a slow-motion rendition of real frames."""

import pytest

from runphys.media import plan_ladder, probe_clip, transcode_clip

from .conftest import ffprobe, frame_hashes


@pytest.fixture(scope="module")
def fps240(clips):
    """Return a 1 s 240 fps clip with audio (each testsrc2 frame differs)."""
    return clips("fps240_audio.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=240:d=1",
                 "-f", "lavfi", "-i", "sine=d=1", "-c:v", "libx264", "-preset", "ultrafast",
                 "-c:a", "aac", "-shortest")


@pytest.fixture(scope="module")
def fps240_result(fps240, tmp_path_factory):
    """Transcode the 240 fps clip once."""
    out = tmp_path_factory.mktemp("slowmo")
    return out, transcode_clip(fps240, out, probe_clip(fps240))


def test_ladder_rate_is_capped_by_keeping_every_fourth_frame(fps240, fps240_result):
    probe = probe_clip(fps240)
    assert probe.capture_fps == 240.0
    assert [float(r.fps) for r in plan_ladder(probe)] == [60.0]
    out, result = fps240_result
    normal = result.renditions[0]
    assert normal.kind == "mp4" and normal.fps == 60.0
    assert ffprobe(out / normal.name)["streams"][0]["avg_frame_rate"] == "60/1"


def test_slowmo_plays_every_captured_frame_at_an_eighth_speed(fps240_result):
    out, result = fps240_result
    slowmo = result.renditions[-1]
    assert (slowmo.name, slowmo.kind, slowmo.fps) == ("slowmo.mp4", "slowmo", 30.0)
    assert "slowmo.mp4" in result.files and "hls/slowmo/index.m3u8" not in result.files
    info = ffprobe(out / "slowmo.mp4")
    assert [s["codec_type"] for s in info["streams"]] == ["video"]
    assert info["streams"][0]["avg_frame_rate"] == "30/1"
    assert float(info["format"]["duration"]) == pytest.approx(8.0, abs=0.1)
    hashes = frame_hashes(out / "slowmo.mp4")
    assert len(hashes) == 240 and len(set(hashes)) == 240  # no frame repeated or made up


def test_120_fps_gives_quarter_speed(clips, tmp_path):
    path = clips("fps120.mkv", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=120:d=0.5",
                 "-c:v", "libx264", "-preset", "ultrafast")
    result = transcode_clip(path, tmp_path, probe_clip(path))
    slowmo = result.renditions[-1]
    assert slowmo.kind == "slowmo" and slowmo.fps == 30.0
    assert float(ffprobe(tmp_path / "slowmo.mp4")["format"]["duration"]) == pytest.approx(
        2.0, abs=0.1)
    assert len(set(frame_hashes(tmp_path / "slowmo.mp4"))) == 60


def test_normal_rate_clip_has_no_slowmo(basic_clip, tmp_path):
    result = transcode_clip(basic_clip, tmp_path, probe_clip(basic_clip))
    assert [r.kind for r in result.renditions] == ["mp4"]
