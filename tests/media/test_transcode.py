"""transcode_clip: the MP4 ladder and poster, checked by reading the outputs back."""

import re
import subprocess
from pathlib import Path

import pytest

from runphys.media import (EncodeProfile, MediaError, RefusedInput, RungSpec, probe_clip,
                          transcode_clip)

from frames import barcode_clip, file_frames

from .conftest import ffprobe, frame_hashes, mean_luma


def transcode(src: Path, out_dir: Path, **options):
    """Probe and transcode src into out_dir."""
    return transcode_clip(src, out_dir, probe_clip(src), **options)


def video_of(path: Path) -> dict:
    """Return the first video stream of a file."""
    return next(s for s in ffprobe(path)["streams"] if s["codec_type"] == "video")


def audio_streams(path: Path) -> list[dict]:
    """Return a file's audio streams."""
    return [s for s in ffprobe(path)["streams"] if s["codec_type"] == "audio"]


def test_small_clip_gives_one_web_mp4_and_poster(basic_clip, tmp_path):
    result = transcode(basic_clip, tmp_path)
    [rendition] = result.renditions
    assert (rendition.name, rendition.width, rendition.height) == ("240p.mp4", 320, 240)
    assert rendition.kind == "mp4" and rendition.fps == 30.0 and rendition.bitrate > 10_000
    video = video_of(tmp_path / "240p.mp4")
    assert (video["codec_name"], video["pix_fmt"], video["profile"]) == ("h264", "yuv420p",
                                                                         "High")
    assert video.get("sample_aspect_ratio", "1:1") == "1:1"
    [audio] = audio_streams(tmp_path / "240p.mp4")
    assert (audio["codec_name"], audio["channels"], audio["sample_rate"]) == ("aac", 2, "48000")
    assert result.poster == "poster.jpg" and (result.poster_width, result.poster_height) == (
        320, 240)
    assert result.has_audio and result.duration == pytest.approx(2.0, abs=0.05)
    for name in result.files:
        assert (tmp_path / name).stat().st_size > 0


def test_mp4_starts_with_moov_for_progressive_play(basic_clip, tmp_path):
    transcode(basic_clip, tmp_path)
    head = (tmp_path / "240p.mp4").read_bytes()[:4096]
    assert head.index(b"moov") < head.index(b"mdat") if b"mdat" in head else b"moov" in head


def test_rotated_portrait_hevc_becomes_upright_portrait(clips, tmp_path):
    plain = clips("hevc_big.mp4", "-f", "lavfi", "-i", "testsrc2=s=640x360:r=30:d=1",
                  "-c:v", "libx265", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p",
                  "-tag:v", "hvc1")
    result = transcode(clips.rotated("hevc_big_rot.mp4", plain, 90), tmp_path)
    [rendition] = result.renditions
    assert (rendition.width, rendition.height) == (360, 640)
    video = video_of(tmp_path / rendition.name)
    assert (video["width"], video["height"]) == (360, 640)
    assert not video.get("side_data_list") and "rotate" not in video.get("tags", {})
    assert (result.poster_width, result.poster_height) == (360, 640)


def test_odd_dimensions_become_even(clips, tmp_path):
    path = clips("odd.mkv", "-f", "lavfi", "-i", "testsrc2=s=321x241:r=25:d=1",
                 "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p")
    [rendition] = transcode(path, tmp_path).renditions
    assert rendition.width % 2 == 0 and rendition.height % 2 == 0
    assert video_of(tmp_path / rendition.name)["pix_fmt"] == "yuv420p"


def test_vp9_webm_without_audio_has_no_audio_track(clips, tmp_path):
    path = clips("silent.webm", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=1",
                 "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8")
    result = transcode(path, tmp_path)
    assert not result.has_audio
    assert audio_streams(tmp_path / result.renditions[0].name) == []


def test_mjpeg_with_pcm_in_avi(clips, tmp_path):
    path = clips("camera.avi", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=1",
                 "-f", "lavfi", "-i", "sine=d=1", "-c:v", "mjpeg", "-c:a", "pcm_s16le",
                 "-shortest")
    result = transcode(path, tmp_path)
    assert video_of(tmp_path / result.renditions[0].name)["codec_name"] == "h264"
    assert audio_streams(tmp_path / result.renditions[0].name)[0]["codec_name"] == "aac"


def test_vfr_matroska_with_opus(clips, tmp_path):
    path = clips("vfr.mkv", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=2",
                 "-f", "lavfi", "-i", "sine=d=2", "-vf", "setpts='N/30/TB+0.02*mod(N,3)/TB'",
                 "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "libopus",
                 "-shortest")
    result = transcode(path, tmp_path)
    video = video_of(tmp_path / result.renditions[0].name)
    assert video["avg_frame_rate"] == video["r_frame_rate"] == "30/1"
    assert audio_streams(tmp_path / result.renditions[0].name)[0]["codec_name"] == "aac"


def test_surround_audio_is_downmixed_to_stereo(clips, tmp_path):
    path = clips("surround.mp4", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=1",
                 "-f", "lavfi", "-i", "sine=d=1", "-filter_complex",
                 "[1:a]pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0[a]", "-map", "0:v",
                 "-map", "[a]", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac")
    assert probe_clip(path).audio_channels == 6
    result = transcode(path, tmp_path)
    assert audio_streams(tmp_path / result.renditions[0].name)[0]["channels"] == 2


def test_no_source_metadata_survives(clips, tmp_path):
    path = clips("tagged.mov", "-f", "lavfi", "-i", "testsrc2=s=160x120:r=30:d=1",
                 "-f", "lavfi", "-i", "sine=d=1", "-f", "lavfi", "-i", "sine=f=1000:d=1",
                 "-map", "0:v", "-map", "1:a", "-map", "2:a",
                 "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                 "-metadata", "title=Patient J. Smith", "-metadata", "artist=Dr Physio",
                 "-metadata", "location=+51.5072-000.1276/", "-metadata", "comment=private",
                 "-metadata:s:v", "handler_name=Secret Cam Handler",
                 "-metadata:s:a", "handler_name=Secret Mic Handler",
                 "-metadata:s:v", "title=stream title", "-shortest")
    result = transcode(path, tmp_path)
    secrets = ("Smith", "Physio", "51.5072", "private", "Secret", "stream title")
    for name in result.files:
        raw = (tmp_path / name).read_bytes()
        assert not [word for word in secrets if word.encode() in raw], name
        if name.endswith((".m3u8", ".vtt", ".m4s")):  # text, or segments without a moov
            continue
        info = ffprobe(tmp_path / name)
        tags = [info["format"].get("tags", {})] + [s.get("tags", {}) for s in info["streams"]]
        assert not {"title", "artist", "location", "comment"} & {k for t in tags for k in t}
        assert not [word for word in secrets if word in str(tags)], name
        assert b"Lavf5" not in raw and b"Lavc5" not in raw, name  # no library versions
        assert info.get("chapters", []) == []
        assert {s["codec_type"] for s in info["streams"]} <= {"video", "audio"}
        if name.endswith(".mp4"):
            assert len(audio_streams(tmp_path / name)) == 1


def test_poster_is_not_black(clips, tmp_path):
    path = clips("dark_start.mp4", "-f", "lavfi", "-i",
                 "color=c=black:s=320x240:r=30:d=1.2[b];testsrc2=s=320x240:r=30:d=1.8[t];"
                 "[b][t]concat", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
    transcode(path, tmp_path)
    assert mean_luma(tmp_path / "poster.jpg") > 40


def test_strip_audio_and_trim(basic_clip, tmp_path):
    result = transcode(basic_clip, tmp_path, trim_in=0.5, trim_out=1.5, strip_audio=True)
    assert not result.has_audio and result.duration == pytest.approx(1.0, abs=0.05)
    info = ffprobe(tmp_path / result.renditions[0].name)
    assert float(info["format"]["duration"]) == pytest.approx(1.0, abs=0.1)
    assert audio_streams(tmp_path / result.renditions[0].name) == []
    assert (tmp_path / "thumbnails.vtt").read_text().count("-->") == 1
    assert 'CODECS="avc1.' in (tmp_path / "hls/master.m3u8").read_text()
    assert "mp4a" not in (tmp_path / "hls/master.m3u8").read_text()


def test_progress_is_reported_up_to_done(basic_clip, tmp_path):
    seen = []
    transcode(basic_clip, tmp_path, on_progress=lambda fraction, eta: seen.append(fraction))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_refused_demuxer_never_reaches_the_encoder(basic_clip, tmp_path):
    playlist = tmp_path / "sneaky.mp4"
    playlist.write_text("#EXTM3U\n#EXTINF:4,\nfile:" + str(basic_clip) + "\n#EXT-X-ENDLIST\n")
    probe = probe_clip(basic_clip)
    with pytest.raises(MediaError) as caught:
        transcode_clip(playlist, tmp_path / "out", probe)
    assert "whitelist" in caught.value.detail


def test_inverted_trim_is_refused(basic_clip, tmp_path):
    with pytest.raises(RefusedInput, match="trim"):
        transcode(basic_clip, tmp_path, trim_in=1.5, trim_out=1.0)


def test_a_ladder_without_callbacks_is_made_whole(two_rung_clip, tmp_path):
    # Nobody listens for the early low rung (a script, a re-run): the ladder comes out the same.
    small = EncodeProfile(rungs=(RungSpec(240, 800_000), RungSpec(180, 400_000)))
    result = transcode(two_rung_clip, tmp_path, profile=small)
    assert [r.name for r in result.renditions] == ["240p.mp4", "180p.mp4"]
    assert (tmp_path / "hls/180p/index.m3u8").read_text().count("#EXTINF") == 3
    assert "#EXT-X-PLAYLIST-TYPE:VOD" in (tmp_path / "hls/180p/index.m3u8").read_text()


def picture_stats(path: Path) -> dict[str, float]:
    """Return mean luma, saturation and hue of a file's first frame (signalstats)."""
    done = subprocess.run(["/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-vf",
                           "signalstats,metadata=print", "-frames:v", "1", "-f", "null", "-"],
                          capture_output=True, text=True, timeout=60)
    found = dict(re.findall(r"lavfi\.signalstats\.(YAVG|SATAVG|HUEAVG)=([\d.]+)", done.stderr))
    return {key: float(value) for key, value in found.items()}


HLG_ARGS = ("-vf", "zscale=t=linear:npl=203:tin=bt709:pin=bt709:min=bt709,format=gbrpf32le,"
                  "zscale=p=bt2020:t=arib-std-b67:m=bt2020nc:npl=1000,format=yuv420p10le",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params",
            "log-level=error:colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc",
            "-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc",
            "-tag:v", "hvc1")
GREEN = "0x30A040"  # grass, a club shirt; shown untone-mapped it turns yellow-green and pale


def green_clips(clips, name: str, size: str, fps: int) -> tuple[Path, Path]:
    """Return an SDR green clip and the same converted properly to HLG, as an iPhone records."""
    sdr = clips(f"{name}_sdr.mp4", "-f", "lavfi", "-i", f"color=c={GREEN}:s={size}:r={fps}:d=2",
                "-pix_fmt", "yuv420p", "-c:v", "libx264", "-crf", "5", "-color_primaries",
                "bt709", "-color_trc", "bt709", "-colorspace", "bt709")
    return sdr, clips(f"{name}_hlg.mov", "-i", str(sdr), *HLG_ARGS)


def assert_sdr_green(path: Path, shot: dict[str, float]) -> None:
    """The file is SDR BT.709 and its colour is the scene's, not HLG code values."""
    stream = video_of(path)
    if path.suffix == ".mp4":
        assert (stream["pix_fmt"], stream["profile"]) == ("yuv420p", "High")
        assert (stream["color_transfer"], stream["color_primaries"], stream["color_space"]) == (
            "bt709", "bt709", "bt709")
    seen = picture_stats(path)
    assert abs(seen["HUEAVG"] - shot["HUEAVG"]) < 5, path  # without tone mapping: +28°
    if path.suffix == ".mp4":  # (JPEGs are full range: their chroma scale differs)
        assert abs(seen["SATAVG"] - shot["SATAVG"]) < 0.25 * shot["SATAVG"], path  # without: −40 %


def test_hdr_phone_clip_is_tone_mapped_to_sdr_colours(clips, tmp_path):
    sdr, hlg = green_clips(clips, "green", "320x240", 30)
    assert probe_clip(hlg).hdr_transfer == "arib-std-b67"
    result = transcode(hlg, tmp_path)
    shot = picture_stats(sdr)
    assert_sdr_green(tmp_path / result.renditions[0].name, shot)
    assert abs(picture_stats(tmp_path / result.renditions[0].name)["YAVG"] - shot["YAVG"]) < 25
    assert_sdr_green(tmp_path / "poster.jpg", shot)


def test_hdr_high_frame_rate_ladder_tone_maps_every_output(clips, tmp_path):
    # Two rungs (quick and main run) and slow motion: each branch maps its own way.
    sdr, hlg = green_clips(clips, "green120", "320x240", 120)
    small = EncodeProfile(rungs=(RungSpec(240, 800_000), RungSpec(180, 400_000)))
    result = transcode(hlg, tmp_path, profile=small)
    assert [(r.name, r.kind) for r in result.renditions] == [
        ("240p.mp4", "mp4"), ("180p.mp4", "mp4"), ("slowmo.mp4", "slowmo")]
    shot = picture_stats(sdr)
    for name in [r.name for r in result.renditions] + ["poster.jpg", "storyboard.jpg"]:
        assert_sdr_green(tmp_path / name, shot)


def combed_frames(path: Path) -> tuple[int, int]:
    """Return (frames idet finds interlaced, frames in all) for a file."""
    done = subprocess.run(["/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-i", str(path), "-vf",
                           "idet", "-f", "null", "-"], capture_output=True, text=True, timeout=60)
    found = re.search(r"Multi frame detection: TFF:\s*(\d+) BFF:\s*(\d+) Progressive:\s*(\d+)"
                      r" Undetermined:\s*(\d+)", done.stderr)
    tff, bff, progressive, undetermined = map(int, found.groups())
    return tff + bff, tff + bff + progressive + undetermined


@pytest.mark.parametrize("name, args, short_side", [
    ("tff_h264.mp4", ("-f", "lavfi", "-i", "testsrc2=s=640x360:r=50:d=2", "-vf",
                      "interlace=scan=tff,setfield=tff", "-c:v", "libx264", "-preset", "ultrafast",
                      "-flags", "+ilme+ildct", "-top", "1"), 360),  # x264 says BFF without -top
    ("bff_dv.avi", ("-f", "lavfi", "-i", "testsrc2=s=720x576:r=50:d=2", "-vf",
                    "interlace=scan=bff,setfield=bff", "-c:v", "dvvideo", "-pix_fmt", "yuv420p"),
     576),
])
def test_interlaced_camera_footage_becomes_field_rate_progressive(clips, tmp_path, name, args,
                                                                   short_side):
    # A rung at the source's height, so no vertical scaling hides the combing from idet.
    source = clips(name, *args)
    combed, frames = combed_frames(source)
    assert combed > 0.9 * frames  # the source shows each moving edge twice
    assert probe_clip(source).interlaced
    one_rung = EncodeProfile(rungs=(RungSpec(short_side, 3_000_000),))
    result = transcode(source, tmp_path, profile=one_rung)
    rendition = result.renditions[0]
    assert rendition.height == short_side and rendition.fps == 50.0  # 25 frames, 50 fields
    combed, frames = combed_frames(tmp_path / rendition.name)
    assert frames >= 95 and combed <= 0.05 * frames
    hashes = frame_hashes(tmp_path / rendition.name)
    assert len(set(hashes)) > 0.95 * len(hashes)  # every field a new moment, none repeated


def test_progressive_clip_keeps_its_frame_rate(basic_clip, tmp_path):
    assert not probe_clip(basic_clip).interlaced
    result = transcode(basic_clip, tmp_path)
    assert result.renditions[0].fps == 30.0
    hashes = frame_hashes(tmp_path / result.renditions[0].name)
    assert len(hashes) == 60


def corner_colours(path: Path) -> dict[str, tuple[float, float]]:
    """Return mean (U, V) of the top-left and bottom-right tenth of a file's first frame."""
    found = {}
    for corner, (x, y) in {"top_left": ("0", "0"), "bottom_right": ("iw*0.9", "ih*0.9")}.items():
        done = subprocess.run(["/usr/bin/ffmpeg", "-nostdin", "-hide_banner", "-i", str(path),
                               "-vf", f"crop=iw/10:ih/10:{x}:{y},signalstats,metadata=print",
                               "-frames:v", "1", "-f", "null", "-"],
                              capture_output=True, text=True, timeout=60)
        stats = dict(re.findall(r"lavfi\.signalstats\.(UAVG|VAVG)=([\d.]+)", done.stderr))
        found[corner] = (float(stats["UAVG"]), float(stats["VAVG"]))
    return found


@pytest.mark.parametrize("degrees, stored_as", [
    (90, "transpose=clock"), (180, "hflip,vflip"), (270, "transpose=cclock")])
def test_a_phone_clip_held_any_way_round_comes_out_upright(clips, tmp_path, degrees, stored_as):
    # Upright: red top left, blue bottom right. The phone stores the sensor's picture and tags
    # the turn a player applies (a "rotate=90" clip is stored turned clockwise, as ffmpeg and
    # browsers read the display matrix).
    upright = "color=c=gray:s=360x640:r=30:d=1,drawbox=x=0:y=0:w=60:h=60:c=red:t=fill," \
              "drawbox=x=300:y=580:w=60:h=60:c=blue:t=fill"
    stored = clips(f"turned_{degrees}.mp4", "-f", "lavfi", "-i", f"{upright},{stored_as}",
                   "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p")
    result = transcode(clips.rotated(f"turned_{degrees}_tagged.mp4", stored, degrees), tmp_path)
    out = tmp_path / result.renditions[0].name
    assert (result.renditions[0].width, result.renditions[0].height) == (360, 640)
    colours = corner_colours(out)
    assert colours["top_left"][1] > 200 and colours["top_left"][0] < 110  # red: V high, U low
    assert colours["bottom_right"][0] > 200  # blue: U high
    assert corner_colours(tmp_path / "poster.jpg")["top_left"][1] > 200


@pytest.mark.parametrize("fps, interlaced, played", [
    (240, False, range(0, 240, 4)), (120, False, range(0, 120, 2)), (50, True, range(50))])
def test_each_frame_shows_the_moment_of_its_time(tmp_path, fps, interlaced, played):
    # Frame k of a rendition is the source frame (or field) captured at k / its rate, the one
    # the slow rendition shows there: 240 → 60 keeps frames 0, 4, 8 (it kept 1, 5, 9), and a
    # camcorder's fields come out one by one, in the order they were caught.
    source = barcode_clip(tmp_path / "source.mp4", fps, interlaced=interlaced, audio=False)
    result = transcode(source, tmp_path / "out")
    assert file_frames(tmp_path / "out" / result.renditions[0].name) == list(played)
    slow = [r.name for r in result.renditions if r.kind == "slowmo"]
    assert [file_frames(tmp_path / "out" / name) for name in slow] == (
        [] if interlaced else [list(range(fps))])
