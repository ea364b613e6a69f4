"""The pure pieces: the 1200×630 preview image, ISO durations, embed sizes."""
from __future__ import annotations

import json
import subprocess

import pytest

from runphys.media.errors import MediaError
from runphys.media.social import make_social_image
from runphys.social import iso_duration, player_box


def poster(path, size):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"color=white:size={size}",
                    "-frames:v", "1", str(path)], check=True, timeout=30)
    return path


def columns(path):
    gray = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", "scale=120:63,format=gray",
                           "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    return [sum(gray[y * 120 + x] for y in range(63)) / 63 for x in range(120)]


def rows(path):
    gray = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", "scale=120:63,format=gray",
                           "-f", "rawvideo", "-"], capture_output=True, check=True).stdout
    return [sum(gray[y * 120:(y + 1) * 120]) / 120 for y in range(63)]


def size(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "json", str(path)],
                         capture_output=True, text=True, check=True).stdout
    s = json.loads(out)["streams"][0]
    return s["width"], s["height"]


def test_portrait_poster_fills_the_frame_without_bars_and_is_not_stretched(tmp_path) -> None:
    out = tmp_path / "og.jpg"
    assert make_social_image(poster(tmp_path / "p.jpg", "720x1280"), out) == (1200, 630)
    assert size(out) == (1200, 630)
    col = columns(out)  # 630 high → the whole picture is 354 wide: columns ~42 to ~77 of 120
    assert min(col) > 150  # no black pillars: a blurred, slightly darker fill of the picture
    assert min(col[45:75]) > 245 and max(col[:38]) < 230 and max(col[82:]) < 230  # the picture, unstretched


def test_wide_and_4_3_posters(tmp_path) -> None:
    wide = tmp_path / "wide.jpg"
    make_social_image(poster(tmp_path / "w.jpg", "1280x720"), wide)
    col = columns(wide)  # 16:9 in 1.9:1: 1120×630 with 40-pixel strips of fill left and right
    assert 150 < col[0] < 230 and 150 < col[-1] < 230 and min(col[5:-5]) > 245
    four3 = tmp_path / "four3.jpg"
    make_social_image(poster(tmp_path / "f.jpg", "640x480"), four3)
    col = columns(four3)
    assert 150 < col[5] < 230 and col[60] > 245 and min(rows(four3)) > 230  # full height: no bars above or below


def test_a_video_frame_at_a_time_with_a_title(tmp_path) -> None:
    video = tmp_path / "v.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=black:size=320x240:duration=1",
                    "-f", "lavfi", "-i", "color=white:size=320x240:duration=1", "-filter_complex",
                    "[0][1]concat=n=2:v=1", "-pix_fmt", "yuv420p", str(video)], check=True, timeout=30)
    early, late = tmp_path / "early.jpg", tmp_path / "late.jpg"
    make_social_image(video, early, at=0.5, title="Hip drop")
    make_social_image(video, late, at=1.5)
    assert max(columns(early)[30:90]) < 120 and min(columns(late)[30:90]) > 245  # the frame at that time
    gray = subprocess.run(["ffmpeg", "-v", "error", "-i", str(early), "-vf", "format=gray", "-f", "rawvideo", "-"],
                          capture_output=True, check=True).stdout
    bright = [sum(v > 200 for v in gray[y * 1200:(y + 1) * 1200]) for y in range(630)]
    assert sum(bright[:400]) == 0 and sum(bright[500:]) > 500  # white title text in the bottom band only


def test_refuses_what_is_not_an_image(tmp_path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_text("not a picture")
    with pytest.raises(MediaError):
        make_social_image(bad, tmp_path / "out.jpg")


@pytest.mark.parametrize("seconds,text", [(4.0, "PT4S"), (2.5, "PT2.5S"), (83.5, "PT1M23.5S"), (0, "PT0S"),
                                          (3723.25, "PT1H2M3.25S"), (60, "PT1M")])
def test_iso_duration(seconds, text) -> None:
    assert iso_duration(seconds) == text


def test_player_box_is_16_9_within_the_limits() -> None:
    assert player_box() == (640, 360)
    assert player_box(maxwidth=320) == (320, 180)
    assert player_box(maxwidth=1280, maxheight=400) == (711, 400)
    assert player_box(maxheight=150) == (266, 150)
    assert player_box(maxwidth=5000) == (1920, 1080)
