"""probe_clip: what it reads from real files and how it refuses unusable uploads."""

import socket
from pathlib import Path

import pytest

from runphys.media import Limits, RefusedInput, probe_clip


def refusal(path: Path, limits: Limits = Limits()) -> str:
    """Return the reason probe_clip gives for refusing path."""
    with pytest.raises(RefusedInput) as caught:
        probe_clip(path, limits)
    return caught.value.reason


def test_reads_basic_clip(basic_clip):
    probe = probe_clip(basic_clip)
    assert (probe.width, probe.height, probe.rotation) == (320, 240, 0)
    assert probe.fps == 30.0 and probe.capture_fps is None and not probe.vfr
    assert probe.duration == pytest.approx(2.0, abs=0.1)
    assert probe.has_audio and probe.audio_channels == 1
    assert probe.video_codec == "h264" and probe.format_name.startswith("mov")
    assert probe.size_bytes == basic_clip.stat().st_size


def test_rotated_hevc_reports_upright_portrait_size(clips):
    plain = clips("hevc.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=30:d=1",
                  "-c:v", "libx265", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p",
                  "-tag:v", "hvc1")
    probe = probe_clip(clips.rotated("hevc_rot90.mp4", plain, 90))
    assert probe.video_codec == "hevc"
    assert (probe.width, probe.height) == (180, 320)
    assert probe.rotation in (90, 270)


def test_high_speed_clip_records_capture_fps(clips):
    path = clips("fps240.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=240:d=1",
                 "-c:v", "libx264", "-preset", "ultrafast")
    probe = probe_clip(path)
    assert probe.fps == 240.0 and probe.capture_fps == 240.0


def test_variable_frame_rate_matroska_is_flagged(clips):
    path = clips("vfr.mkv", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=2",
                 "-f", "lavfi", "-i", "sine=d=2", "-vf", "setpts='N/30/TB+0.02*mod(N,3)/TB'",
                 "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus",
                 "-shortest")
    probe = probe_clip(path)
    assert probe.vfr and probe.has_audio and probe.format_name.startswith("matroska")


def test_refuses_empty_file(tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    assert "empty" in refusal(path)


def test_refuses_text_named_mp4(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("Session notes: left knee valgus at midstance.\n" * 20)
    assert "not a video" in refusal(path)


@pytest.mark.parametrize("name,codec", [("frame.png", "png"), ("frame.jpg", "mjpeg"),
                                        ("photo.mp4", "mjpeg")])
def test_refuses_still_images(clips, tmp_path, name, codec):
    image = clips(name.replace(".mp4", ".jpg"), "-f", "lavfi", "-i", "testsrc2=s=160x120",
                  "-frames:v", "1", "-c:v", codec)
    path = tmp_path / name
    path.write_bytes(image.read_bytes())
    assert "still image" in refusal(path)


def test_refuses_single_frame_video(clips):
    path = clips("one_frame.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30",
                 "-frames:v", "1", "-c:v", "libx264")
    assert "still image" in refusal(path)


@pytest.mark.parametrize("name,codec", [("voice.m4a", "aac"), ("voice.mp3", "libmp3lame"),
                                        ("voice.wav", "pcm_s16le")])
def test_refuses_audio_only(clips, name, codec):
    path = clips(name, "-f", "lavfi", "-i", "sine=d=1", "-c:a", codec)
    assert refusal(path) == "This file has no video stream — it looks like an audio recording."


def test_refuses_truncated_file(basic_clip, tmp_path):
    path = tmp_path / "cut.mp4"
    path.write_bytes(basic_clip.read_bytes()[: basic_clip.stat().st_size // 2])
    assert "incomplete" in refusal(path)


def test_refuses_truncated_matroska(clips, tmp_path):
    whole = clips("whole.mkv", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=4",
                  "-c:v", "libx264", "-preset", "ultrafast")
    path = tmp_path / "cut.mkv"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 3])
    assert "incomplete" in refusal(path)


def test_refuses_damaged_start(basic_clip, tmp_path):
    data = bytearray(basic_clip.read_bytes())
    mdat = data.index(b"mdat") + 4
    data[mdat:mdat + 4000] = b"\x00" * 4000
    path = tmp_path / "damaged.mp4"
    path.write_bytes(bytes(data))
    assert refusal(path).startswith("The start of this video cannot be decoded")


def test_refuses_frames_larger_than_limit(basic_clip):
    reason = refusal(basic_clip, Limits(max_side=300))
    assert "320×240" in reason and "300-pixel" in reason


def test_refuses_clip_longer_than_limit(basic_clip):
    assert "longer than" in refusal(basic_clip, Limits(max_duration=1.0))


@pytest.fixture
def listener():
    """Listen on a random local TCP port; yield the socket to check nobody connected."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    """Fail if anything connected to the listener."""
    with pytest.raises(BlockingIOError):
        server.accept()


def test_hls_playlist_disguised_as_mp4_makes_no_connection(tmp_path, listener):
    port = listener.getsockname()[1]
    path = tmp_path / "clip.mp4"
    path.write_text(f"#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\n"
                    f"tcp://127.0.0.1:{port}/segment0.ts\n#EXTINF:4.0,\n"
                    f"http://127.0.0.1:{port}/segment1.ts\n#EXT-X-ENDLIST\n")
    assert "HLS playlist" in refusal(path)
    assert_no_connection(listener)


def test_ffconcat_disguised_as_mp4_makes_no_connection(tmp_path, listener):
    port = listener.getsockname()[1]
    path = tmp_path / "clip.mp4"
    path.write_text(f"ffconcat version 1.0\nfile 'tcp://127.0.0.1:{port}/a.mp4'\n"
                    f"file 'http://127.0.0.1:{port}/b.mp4'\n")
    assert "concat list" in refusal(path)
    assert_no_connection(listener)


def test_phone_capture_rate_tag_is_read(clips):
    path = clips("tagged_highspeed.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=1",
                 "-c:v", "libx264", "-preset", "ultrafast", "-movflags", "use_metadata_tags",
                 "-metadata", "com.android.capture.fps=240.000000")
    probe = probe_clip(path)
    assert probe.fps == 30.0 and probe.capture_fps == 240.0  # already slowed in the file
