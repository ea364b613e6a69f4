"""What a transcode hands back: dataclasses naming the files it wrote."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rendition:
    """One finished progressive MP4."""

    name: str  # file name relative to out_dir, e.g. "720p.mp4"
    width: int
    height: int
    bitrate: int  # bits/s, measured from the file
    fps: float
    kind: str = "mp4"  # "mp4" | "slowmo"


@dataclass(frozen=True)
class TranscodeResult:
    """Everything transcode_clip wrote, as paths relative to out_dir."""

    renditions: list[Rendition]
    hls_master: str | None
    poster: str
    poster_width: int
    poster_height: int
    storyboard: str | None
    thumbnails_vtt: str | None
    duration: float
    has_audio: bool
    files: list[str]
