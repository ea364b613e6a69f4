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


@dataclass(frozen=True)
class Playable:
    """A playable part of the outputs, handed over while the transcode still runs.

    Given again each time it grows. `files` are complete and never change; publish them before
    `playlist_text`, which lists only them, under the name `playlist`.
    """

    files: list[str]  # relative to out_dir: init and finished segments, then MP4 and poster
    playlist: str  # media playlist name, e.g. "hls/360p/index.m3u8"
    playlist_text: str  # EVENT playlist without ENDLIST until the rung is complete
    width: int
    height: int
    fps: float  # frames per second of the rung (its MP4 and its HLS alike)
    mp4: str | None = None  # the rung's progressive MP4, once complete
    poster: str | None = None  # once chosen
