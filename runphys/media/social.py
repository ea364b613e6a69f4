"""The social preview image: a clip's poster letterboxed into a 1200×630 JPEG for link unfurls."""

from pathlib import Path

import ffmpeg

from .runner import FFMPEG, run_ffmpeg

SOCIAL_SIZE = (1200, 630)  # what Facebook, LinkedIn and X crop their large previews to
SOCIAL_BACKGROUND = "0x111418"  # the bars around a portrait or 4:3 poster
SOCIAL_QUALITY = 3  # mjpeg qscale, 2 (best) … 31
SOCIAL_TIMEOUT = 30.0


def make_social_image(poster: Path, out: Path) -> tuple[int, int]:
    """Write the poster scaled to fit 1200×630 (never stretched, bars where needed) as JPEG; return its size."""
    width, height = SOCIAL_SIZE
    cmd = (ffmpeg.input("file:" + str(poster), protocol_whitelist="file")
           .video
           .filter("scale", width, height, force_original_aspect_ratio="decrease", flags="lanczos")
           .filter("setsar", 1)
           .filter("pad", width, height, "(ow-iw)/2", "(oh-ih)/2", color=SOCIAL_BACKGROUND)
           .filter("format", "yuvj420p")
           .output("file:" + str(out), vframes=1, **{"q:v": SOCIAL_QUALITY}, map_metadata=-1,
                   fflags="+bitexact", **{"flags:v": "+bitexact"}, update=1)
           .global_args("-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                        "-protocol_whitelist", "file")
           .compile(cmd=FFMPEG))
    run_ffmpeg(cmd, SOCIAL_TIMEOUT, failure="The social preview image could not be made.")
    return width, height
