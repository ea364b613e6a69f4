"""Limits and encoding settings as data, so calls never carry scattered literals."""

from dataclasses import dataclass

# Container demuxers that read only the file they are given (no playlists, no URLs inside).
CONTAINER_DEMUXERS = ("mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm", "avi",
                      "mpegts", "mpeg", "flv", "ogg", "asf")
# Single-file demuxers recognised only to refuse them with a precise reason.
STILL_IMAGE_DEMUXERS = ("image2", "png_pipe", "jpeg_pipe", "gif", "gif_pipe", "webp_pipe",
                        "bmp_pipe", "tiff_pipe", "heif", "jpegxl_pipe", "svg_pipe")
AUDIO_DEMUXERS = ("mp3", "wav", "flac", "aac", "aiff", "amr", "caf", "w64")


@dataclass(frozen=True)
class Limits:
    """Bound what an upload may be and how long ffmpeg may work on it."""

    max_side: int = 8192
    max_duration: float = 1200.0
    max_bytes: int = 8 * 1024**3
    probe_timeout: float = 60.0
    timeout_base: float = 120.0
    timeout_factor: float = 10.0  # wall seconds allowed per second of media
    threads: int = 2
    ladder_nice: int = 10  # the main ladder run yields CPU to the quick first rung beside it

    def timeout_for(self, duration: float) -> float:
        """Return the wall-clock budget for one ffmpeg run over `duration` seconds."""
        return self.timeout_base + self.timeout_factor * duration


@dataclass(frozen=True)
class RungSpec:
    """One rung of the ladder: its short side and the VBV cap at ≤30 fps."""

    short_side: int
    maxrate: int  # bits/s at 30 fps; scaled by EncodeProfile.high_fps_rate_factor above it


@dataclass(frozen=True)
class EncodeProfile:
    """Everything that decides how a clip is encoded."""

    rungs: tuple[RungSpec, ...] = (
        RungSpec(1080, 6_000_000),
        RungSpec(720, 3_500_000),
        RungSpec(480, 1_600_000),
        RungSpec(360, 900_000),
    )
    video_codec: str = "libx264"
    preset: str = "veryfast"
    crf: int = 23
    h264_profile: str = "high"
    pix_fmt: str = "yuv420p"
    # HDR (HLG/PQ) sources are tone-mapped to SDR BT.709: 8-bit H.264 cannot carry HDR, and
    # posters and sprites are SDR JPEGs. 203 cd/m² is HDR reference white (ITU-R BT.2408);
    # hable with desat=0 kept hue and saturation of test colours closest (bench: see notes).
    hdr_reference_white: int = 203
    tonemap: str = "hable"
    bufsize_factor: float = 2.0  # VBV buffer = factor × maxrate
    max_fps: float = 60.0
    high_fps_rate_factor: float = 1.5  # caps scale up above 30 fps (MEDIA.md: 6 M overshot at 60)
    gop_seconds: float = 2.0
    audio_codec: str = "aac"
    audio_bitrate: int = 128_000
    audio_rate: int = 48_000
    audio_channels: int = 2
    hls_segment_seconds: float = 4.0
    poster_long_side: int = 1280
    poster_short_side: int = 720
    poster_quality: int = 5  # mjpeg qscale, 2 (best) … 31; 5 keeps a noisy 720p poster near half of 3
    poster_min_luma: float = 40.0  # mean Y (16–235) below this counts as a black frame
    # Tried in this order. The last, frame 0, is also written at once: ffmpeg reports no
    # progress until every output has received its first frame.
    poster_positions: tuple[float, ...] = (0.33, 0.5, 0.15, 0.7, 0.05, 0.0)
    storyboard_interval: float = 1.0  # seconds between storyboard thumbnails
    storyboard_max_tiles: int = 300  # long clips get a longer interval instead
    storyboard_width: int = 160
    storyboard_columns: int = 10
    storyboard_quality: int = 5
    slowmo_min_fps: float = 100.0  # real frames needed for a slow-motion rendition
    slowmo_factors: tuple[tuple[float, int], ...] = ((200.0, 8), (100.0, 4))  # (min fps, ×)
    slowmo_max_short_side: int = 720
    # Seconds of (trimmed) source in the slow file, so every captured frame of them can be stepped
    # to; past it the player steps the played file's frames. 5 minutes covers a phone's high-speed
    # recordings whole and bounds the cost (bench/slowmo.py: ≈ 4 s CPU and 3.5 MB per source second
    # at 720p 240 fps); None: no limit (a 20-minute clip would make a 4 GB slow file).
    slowmo_max_source_seconds: float | None = 300.0
    slowmo_maxrate: int = 3_500_000


DEFAULT_PROFILE = EncodeProfile()
