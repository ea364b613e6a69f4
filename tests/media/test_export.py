"""Export as video: a before/after on a 9:16 canvas with a slow-motion note, for social apps."""

import subprocess
from pathlib import Path

import pytest

from runphys.media import MediaError
from runphys.media.export import (EXPORT_PROFILE, ExportPlan, Overlay, Source, Span,
                                  export_video, output_seconds, plan_segments)

from .conftest import FFMPEG, ffprobe, frame_hashes

NOTE = "Knee drifts inward at mid-stance"
# What a clean export may carry: the muxer's own structure tags, nothing from a source.
ALLOWED_TAGS = {"major_brand", "minor_version", "compatible_brands", "language", "handler_name",
                "vendor_id", "encoder"}


@pytest.fixture(scope="module")
def before(clips) -> Path:
    """A 1.5 s 60 fps clip with sound and private tags (title, GPS) a phone might write."""
    return clips("export_before.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=60:d=1.5",
                 "-f", "lavfi", "-i", "sine=f=440:d=1.5", "-c:v", "libx264", "-preset", "ultrafast",
                 "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-metadata", "title=Anna Private",
                 "-metadata", "location=+48.8584+002.2945/", "-metadata:s:v", "handler_name=Secret")


@pytest.fixture(scope="module")
def after(clips) -> Path:
    """A 1.5 s 60 fps clip without sound."""
    return clips("export_after.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=60:d=1.5",
                 "-vf", "hue=h=120", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")


def comparison(before: Path, after: Path, size: float = 1.0, note: bool = True) -> ExportPlan:
    """Before over after, 1 s of each, the note's half second in slow motion."""
    return ExportPlan(sources=(Source(before, 0.25, 60.0, True), Source(after, 0.0, 60.0, False)),
                      duration=1.0, shape="9:16", layout="stacked",
                      overlays=(Overlay(0.5, 1.0, NOTE),) if note else (),
                      slow=(Span(0.5, 1.0),), title="Anna: before and after",
                      end_text="runphys.example/cases/anna", size=size)


def frame_at(path: Path, t: float, out: Path) -> bytes:
    """Return the raw RGB pixels of the frame shown at t."""
    done = subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-ss", f"{t}", "-i", str(path),
                           "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                          capture_output=True, timeout=60, check=True)
    return done.stdout


def region_difference(a: bytes, b: bytes, width: int, rows: range) -> float:
    """Mean absolute difference of two gray frames over a band of rows."""
    diffs = [abs(a[r * width + c] - b[r * width + c]) for r in rows for c in range(width)]
    return sum(diffs) / len(diffs)


@pytest.mark.slow
def test_before_after_9x16_is_a_clean_h264_aac_file_of_the_promised_length(before, after, tmp_path):
    plan = comparison(before, after)
    result = export_video(plan, tmp_path / "export.mp4", tmp_path / "work")
    info = ffprobe(result.path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    assert (video["codec_name"], video["profile"], video["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (video["width"], video["height"]) == (1080, 1920)
    assert video["avg_frame_rate"] == "30/1"
    assert (audio["codec_name"], audio["sample_rate"], audio["channels"]) == ("aac", "48000", 2)
    # title 2 s + 0.5 s normal + 0.5 s of 60 fps frames at 30 fps (1 s) + end card 2 s
    assert output_seconds(plan) == pytest.approx(5.5)
    assert float(info["format"]["duration"]) == pytest.approx(5.5, abs=0.05)
    assert info["format"]["size"] == str(result.bytes) and result.bytes * 8 / 5.5 <= 8_500_000
    tags = set(info["format"].get("tags", {}))
    for stream in info["streams"]:
        tags |= set(stream.get("tags", {}))
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "Secret" not in str(info) and "Anna Private" not in str(info)
    assert info["chapters"] == []
    data = result.path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # +faststart: plays while it downloads


def test_note_text_is_burnt_in_at_its_moment_and_the_title_card_shows_first(before, after, tmp_path):
    with_note = export_video(comparison(before, after, 0.25), tmp_path / "a.mp4", tmp_path / "wa")
    without = export_video(comparison(before, after, 0.25, note=False), tmp_path / "b.mp4",
                           tmp_path / "wb")
    width, height = with_note.width, with_note.height
    assert (width, height) == (270, 480)
    caption_rows = range(int(height * 0.70), int(height * 0.86))
    at_note = 2.0 + 0.5 + 0.5  # title card, normal half second, middle of the slowed note
    a, b = frame_at(with_note.path, at_note, tmp_path), frame_at(without.path, at_note, tmp_path)
    assert region_difference(a, b, width, caption_rows) > 20
    before_note = 2.25  # the note is not shown yet: the same picture with or without it
    a, b = frame_at(with_note.path, before_note, tmp_path), frame_at(without.path, before_note, tmp_path)
    assert region_difference(a, b, width, caption_rows) < 3
    title = frame_at(with_note.path, 1.0, tmp_path)
    middle = range(height * 2 // 5, height * 3 // 5)
    bright = sum(title[r * width + c] > 200 for r in middle for c in range(width))
    assert bright > 200  # white title text on the dark card
    top = range(0, height // 5)
    assert max(title[r * width + c] for r in top for c in range(width)) < 60  # nothing but card


def test_slow_note_shows_every_captured_frame_once(before, after, tmp_path):
    result = export_video(comparison(before, after, 0.25, note=False), tmp_path / "s.mp4",
                          tmp_path / "w")
    hashes = frame_hashes(result.path)
    assert len(hashes) == round(5.5 * 30)
    slowed = hashes[75:105]  # output 2.5–3.5 s: the 30 frames captured in 0.5 s at 60 fps
    assert len(set(slowed)) == 30


def test_segments_stop_at_the_length_limit():
    long = ExportPlan(sources=(Source(Path("x.mp4"), 0.0, 60.0, True),), duration=100.0,
                      slow=(Span(10.0, 12.0),))
    segments = plan_segments(long)
    assert [(s.start, s.factor) for s in segments] == [(0.0, 1.0), (10.0, 2.0), (12.0, 1.0)]
    assert output_seconds(long) == pytest.approx(EXPORT_PROFILE.max_seconds)


def test_a_30fps_source_is_not_slowed_by_repeating_frames():
    plan = ExportPlan(sources=(Source(Path("x.mp4"), 0.0, 30.0, True),), duration=2.0,
                      slow=(Span(0.5, 1.0),))
    assert {s.factor for s in plan_segments(plan)} == {1.0}


def test_a_comparison_needs_two_clips(before, tmp_path):
    plan = ExportPlan(sources=(Source(before, 0.0, 60.0, True),), duration=1.0, layout="side")
    with pytest.raises(MediaError, match="two side by side"):
        export_video(plan, tmp_path / "x.mp4", tmp_path / "w")
