"""Inspect an upload with ffprobe and refuse anything that is not one usable local video."""

import re
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .errors import MediaError, RefusedInput
from .runner import ffprobe_json
from .settings import AUDIO_DEMUXERS, CONTAINER_DEMUXERS, STILL_IMAGE_DEMUXERS, Limits

HIGH_SPEED_FPS = 100.0
DECODE_TEST_PACKETS = 30
VFR_TOLERANCE = 0.02
# Capture-rate tags phones write on high-speed clips (spellings seen in public ffprobe code).
CAPTURE_RATE_TAGS = ("com.apple.quicktime.capture-fps", "com.apple.quicktime.capture.fps",
                     "com.android.capture.fps")
SEARCHED_DEMUXERS = ",".join(CONTAINER_DEMUXERS + STILL_IMAGE_DEMUXERS + AUDIO_DEMUXERS)
TRUNCATION_MARKERS = ("partial file", "ended prematurely", "truncat")
TRUNCATION_SLACK = 1.5  # seconds of video that may be missing at the end before we refuse
# First bytes of containers we accept, to tell "damaged video" from "not a video at all".
CONTAINER_MAGIC = ((4, b"ftyp"), (4, b"moov"), (4, b"mdat"), (4, b"wide"), (4, b"free"),
                   (0, b"\x1aE\xdf\xa3"), (0, b"RIFF"), (0, b"OggS"), (0, b"FLV"),
                   (0, b"\x00\x00\x01\xba"), (0, b"G"), (0, b"0&\xb2u"))
UNSAFE_FORMAT_REASONS = {
    "hls": "This file is an HLS playlist (a list of links to other files), not a video.",
    "concat": "This file is an ffmpeg concat list (a list of other files), not a video.",
    "sdp": "This file is a network stream description (SDP), not a video.",
    "tee": "This file is a list of outputs, not a video.",
}


HDR_TRANSFERS = ("arib-std-b67", "smpte2084")  # HLG and PQ: phones' HDR video
INTERLACED_FIELD_ORDERS = ("tt", "bb", "tb", "bt")


@dataclass(frozen=True)
class Probe:
    """What RunPhys needs to know about an upload before encoding it."""

    duration: float
    width: int  # display width, after sample aspect ratio and rotation
    height: int
    rotation: int  # degrees the picture is turned for display
    fps: float  # normal-playback frame rate of the stream
    capture_fps: float | None  # high-speed capture rate, when the clip was shot at ≥100 fps
    has_audio: bool
    audio_channels: int
    video_codec: str
    format_name: str
    size_bytes: int
    vfr: bool
    coded_width: int = 0
    coded_height: int = 0
    video_index: int = 0  # absolute stream index of the video to encode
    audio_index: int | None = None  # absolute stream index of the audio to keep, if any
    hdr_transfer: str | None = None  # "arib-std-b67" (HLG, iPhones) or "smpte2084" (PQ)
    interlaced: bool = False  # camcorder fields: two moments per frame


def probe_clip(path: Path, limits: Limits = Limits()) -> Probe:
    """Probe a local upload; raise RefusedInput with a specific reason if it is unusable."""
    path = Path(path)
    size = _checked_size(path, limits)
    info = _ffprobe_streams(path, limits)
    format_name = info["format"]["format_name"]
    _refuse_unsafe_format(format_name)
    video = _video_stream(info["streams"])
    coded_w, coded_h = int(video["width"]), int(video["height"])
    if max(coded_w, coded_h) > limits.max_side:
        raise RefusedInput(
            f"This {video.get('codec_name', '').upper()} video is {coded_w}×{coded_h} pixels, "
            f"larger than the {limits.max_side}-pixel limit per side. Please export it at a "
            "lower resolution.")
    duration = _duration(info, video)
    if duration > limits.max_duration:
        raise RefusedInput(
            f"This video lasts {duration / 60:.1f} minutes, longer than the "
            f"{limits.max_duration / 60:.0f}-minute limit. Please trim it before uploading.")
    interlaced = _decode_start(path, limits, video)
    packet_times = _check_complete(path, limits, video, _video_end(info, video, duration))
    rotation = _rotation(video)
    width, height = _display_size(video, rotation)
    fps = _fps(video)
    audio = next((s for s in info["streams"] if s.get("codec_type") == "audio"
                  and int(s.get("channels") or 0) > 0), None)
    return Probe(
        duration=duration, width=width, height=height, rotation=rotation, fps=fps,
        capture_fps=_capture_fps(info, video, fps), has_audio=audio is not None,
        audio_channels=int(audio["channels"]) if audio else 0,
        video_codec=video.get("codec_name", "unknown"), format_name=format_name,
        size_bytes=size, vfr=_is_vfr(video, packet_times), coded_width=coded_w,
        coded_height=coded_h, video_index=int(video["index"]),
        audio_index=int(audio["index"]) if audio else None,
        hdr_transfer=video.get("color_transfer") if video.get("color_transfer") in HDR_TRANSFERS
        else None,
        interlaced=interlaced or video.get("field_order") in INTERLACED_FIELD_ORDERS)


def _checked_size(path: Path, limits: Limits) -> int:
    """Return the file size, refusing empty and oversized files."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise MediaError("The uploaded file could not be found on the server.", str(exc)) from exc
    if size == 0:
        raise RefusedInput("This file is empty (0 bytes) — the upload may have failed.")
    if size > limits.max_bytes:
        raise RefusedInput(f"This file is {size / 1024**3:.1f} GB, larger than the "
                           f"{limits.max_bytes / 1024**3:.0f} GB limit.")
    return size


def _ffprobe_streams(path: Path, limits: Limits) -> dict:
    """Read container and streams, letting only single-file demuxers open the file."""
    info, stderr = ffprobe_json(
        path, ["-format_whitelist", SEARCHED_DEMUXERS, "-show_format", "-show_streams"],
        limits.probe_timeout)
    if info is None or "format" not in info:
        raise RefusedInput(_unreadable_reason(path, stderr), stderr[-2000:])
    return info


def _unreadable_reason(path: Path, stderr: str) -> str:
    """Explain why ffprobe could not open a file, from its log and the file's first bytes."""
    refused = re.search(r"\[([\w,]+) @ 0x[0-9a-f]+\] Format not on whitelist", stderr)
    if refused:
        name = refused.group(1)
        return UNSAFE_FORMAT_REASONS.get(name.split(",")[0], (
            f"This file is in the '{name}' format, which is not a video RunPhys accepts. "
            "Please upload the original video (MP4, MOV, MKV, WebM or AVI)."))
    with path.open("rb") as f:
        head = f.read(16)
    if any(head[offset:offset + len(magic)] == magic for offset, magic in CONTAINER_MAGIC):
        return ("This video file is damaged or incomplete — the upload may have been cut off. "
                "Please upload it again.")
    return "This file is not a video RunPhys can read (it does not look like a media file)."


def _refuse_unsafe_format(format_name: str) -> None:
    """Refuse anything but a container demuxer, giving images and audio their own reason."""
    names = set(format_name.split(","))
    if names & set(STILL_IMAGE_DEMUXERS):
        raise RefusedInput("This file is a still image, not a video.")
    if names & set(AUDIO_DEMUXERS):
        raise RefusedInput("This file has no video stream — it looks like an audio recording.")
    if not names & set(CONTAINER_DEMUXERS):
        raise RefusedInput(f"This file's format ('{format_name}') is not a video RunPhys accepts.")


def _video_stream(streams: list[dict]) -> dict:
    """Return the first real video stream (not cover art), refusing audio-only files."""
    for stream in streams:
        if stream.get("codec_type") == "video" and not stream.get(
                "disposition", {}).get("attached_pic"):
            if not stream.get("width") or not stream.get("height"):
                raise RefusedInput("This video's picture size cannot be read; it may be damaged.")
            return stream
    if any(s.get("codec_type") == "audio" for s in streams):
        raise RefusedInput("This file has no video stream — it looks like an audio recording.")
    raise RefusedInput("This file has no video stream.")


def _duration(info: dict, video: dict) -> float:
    """Return the clip duration in seconds, from the container or else the video stream."""
    for value in (info["format"].get("duration"), video.get("duration")):
        try:
            duration = float(value)
        except (TypeError, ValueError):
            continue
        if duration > 0:
            return duration
    raise RefusedInput("This video's length cannot be read; it may be damaged or incomplete.")


def _decode_start(path: Path, limits: Limits, video: dict) -> bool:
    """Decode the first packets of the video, refusing an undecodable start or a single frame.

    Return whether most decoded frames are interlaced (DV says so only per frame).
    """
    info, stderr = ffprobe_json(
        path, ["-format_whitelist", SEARCHED_DEMUXERS, "-select_streams", str(video["index"]),
               "-read_intervals", f"%+#{DECODE_TEST_PACKETS}",
               "-show_entries", "frame=best_effort_timestamp_time,interlaced_frame"],
        limits.probe_timeout)
    frames = (info or {}).get("frames", [])
    times = [float(f["best_effort_timestamp_time"]) for f in frames
             if f.get("best_effort_timestamp_time") not in (None, "N/A")]
    if not times:
        raise RefusedInput("The start of this video cannot be decoded; the file is damaged or "
                           "uses an unsupported codec.", stderr[-2000:])
    if len(times) == 1 and str(video.get("nb_frames", "1")) in ("1", "0"):
        raise RefusedInput("This file is a still image (a single frame), not a video.")
    return 2 * sum(int(f.get("interlaced_frame") or 0) for f in frames) > len(frames)


def _video_end(info: dict, video: dict, duration: float) -> float:
    """Return the timestamp where the video stream should end, per the container."""
    start = float(video.get("start_time") or info["format"].get("start_time") or 0.0)
    try:
        return start + float(video["duration"])
    except (KeyError, ValueError):
        return start + duration


def _check_complete(path: Path, limits: Limits, video: dict, end: float) -> list[float]:
    """Read packets (no decoding) from the last second on; refuse a truncated file.

    Return the packet times read, which come whole and in order unlike decoded frames.
    """
    info, stderr = ffprobe_json(
        path, ["-format_whitelist", SEARCHED_DEMUXERS, "-select_streams", str(video["index"]),
               "-read_intervals", f"{max(0.0, end - 1.0):.3f}%",
               "-show_entries", "packet=pts_time"], limits.probe_timeout)
    times = [float(p["pts_time"]) for p in (info or {}).get("packets", [])
             if p.get("pts_time") not in (None, "N/A")]
    if not times or max(times) < end - TRUNCATION_SLACK or any(
            marker in stderr.lower() for marker in TRUNCATION_MARKERS):
        raise RefusedInput("This video file is incomplete — it ends before its stated length, "
                           "so the upload may have been cut off. Please upload it again.",
                           stderr[-2000:])
    return sorted(times)


def _rotation(video: dict) -> int:
    """Return the clockwise display rotation in degrees (0, 90, 180 or 270)."""
    for side in video.get("side_data_list", []):
        if "rotation" in side:
            return int(-float(side["rotation"])) % 360
    return int(video.get("tags", {}).get("rotate", 0)) % 360


def _display_size(video: dict, rotation: int) -> tuple[int, int]:
    """Return the upright display size: sample aspect ratio applied, rotation swapped."""
    width, height = int(video["width"]), int(video["height"])
    sar = _ratio(video.get("sample_aspect_ratio"))
    if sar and sar != 1:
        width = round(width * sar)
    return (height, width) if rotation in (90, 270) else (width, height)


def _fps(video: dict) -> float:
    """Return the stream's average frame rate, falling back to its base rate."""
    rate = _ratio(video.get("avg_frame_rate")) or _ratio(video.get("r_frame_rate"))
    if not rate:
        raise RefusedInput("This video's frame rate cannot be read; it may be damaged.")
    return float(rate)


def _capture_fps(info: dict, video: dict, fps: float) -> float | None:
    """Return the high-speed capture rate, from a phone's capture tag or a ≥100 fps stream."""
    tags = {**info["format"].get("tags", {}), **video.get("tags", {})}
    for key in CAPTURE_RATE_TAGS:
        try:
            tagged = float(tags[key])
        except (KeyError, ValueError):
            continue
        if tagged >= HIGH_SPEED_FPS:
            return tagged
    return fps if fps >= HIGH_SPEED_FPS else None


def _is_vfr(video: dict, packet_times: list[float]) -> bool:
    """Tell whether frames are unevenly spaced (phones often record variable frame rate)."""
    base, avg = _ratio(video.get("r_frame_rate")), _ratio(video.get("avg_frame_rate"))
    if base and avg and abs(float(base - avg)) > VFR_TOLERANCE * float(base):
        return True
    steps = [b - a for a, b in zip(packet_times, packet_times[1:])]
    if len(steps) < 2:
        return False
    typical = sorted(steps)[len(steps) // 2]
    return typical > 0 and (max(steps) - min(steps)) > 0.25 * typical


def _ratio(text: str | None) -> Fraction | None:
    """Parse an ffprobe ratio like '30000/1001' or '4:3'; None for missing or zero."""
    if not text:
        return None
    try:
        value = Fraction(text.replace(":", "/"))
    except (ValueError, ZeroDivisionError):
        return None
    return value or None
