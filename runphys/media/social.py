"""The social preview image: a 1200×630 JPEG for link unfurls, from a poster or any frame of a video.

The picture is fitted whole (never stretched or cropped) over a blurred, darkened copy of itself
that fills the rest of the frame: a portrait phone video gets no black pillars. An optional title
is written in a dark band along the bottom.
"""

import textwrap
from pathlib import Path

import ffmpeg

from .runner import FFMPEG, run_ffmpeg

SOCIAL_SIZE = (1200, 630)  # what Facebook, LinkedIn and X crop their large previews to
SOCIAL_QUALITY = 3  # mjpeg qscale, 2 (best) … 31
SOCIAL_TIMEOUT = 30.0
BLUR_RADIUS = 30  # px of the box blur of the fill behind a portrait or 4:3 picture
FILL_BRIGHTNESS = -0.15  # the fill is a little darker than the picture, so the picture stands out
TITLE_FONT = "DejaVu Sans:style=Bold"  # fontconfig name; Debian's fonts-dejavu-core
TITLE_SIZE = 44
TITLE_WRAP = 46  # characters a line at TITLE_SIZE across 1200 px
TITLE_LINES = 2


def title_lines(title: str) -> str:
    """The title wrapped to at most TITLE_LINES lines, cut with an ellipsis."""
    lines = textwrap.wrap(" ".join(title.split()), TITLE_WRAP)
    if len(lines) > TITLE_LINES:
        lines = lines[:TITLE_LINES]
        lines[-1] = lines[-1][: TITLE_WRAP - 1].rstrip() + "…"
    return "\n".join(lines)


def make_social_image(picture: Path, out: Path, *, at: float | None = None, title: str = "") -> tuple[int, int]:
    """Write a 1200×630 JPEG of the picture (a still, or the frame of a video `at` seconds) fitted over
    a blurred fill of itself, with the title if given; return its size."""
    width, height = SOCIAL_SIZE
    seek = {"ss": f"{at:.3f}"} if at is not None else {}
    frame = ffmpeg.input("file:" + str(picture), protocol_whitelist="file", **seek).video
    frame = frame.filter("setsar", 1)
    split = frame.split()
    back, front = split[0], split[1]
    back = (back.filter("scale", width, height, force_original_aspect_ratio="increase")
            .filter("crop", width, height)
            .filter("boxblur", BLUR_RADIUS)
            .filter("eq", brightness=FILL_BRIGHTNESS))
    front = front.filter("scale", width, height, force_original_aspect_ratio="decrease", flags="lanczos")
    image = back.overlay(front, x="(W-w)/2", y="(H-h)/2")
    text_file = out.with_suffix(".title.txt")
    if title.strip():
        text_file.write_text(title_lines(title), encoding="utf-8")
        image = image.filter("drawtext", textfile=str(text_file), font=TITLE_FONT, fontsize=TITLE_SIZE,
                             fontcolor="white", line_spacing=10, x=48, y="h-text_h-48",
                             box=1, boxcolor="black@0.6", boxborderw=20)
    cmd = (image.filter("format", "yuvj420p")
           .output("file:" + str(out), vframes=1, **{"q:v": SOCIAL_QUALITY}, map_metadata=-1,
                   fflags="+bitexact", **{"flags:v": "+bitexact"}, update=1)
           .global_args("-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                        "-protocol_whitelist", "file")
           .compile(cmd=FFMPEG))
    try:
        run_ffmpeg(cmd, SOCIAL_TIMEOUT, failure="The social preview image could not be made.")
    finally:
        text_file.unlink(missing_ok=True)
    return width, height
