"""Fixtures that generate tiny test clips with lavfi at test time, and read outputs back."""

import json
import struct
import subprocess
from pathlib import Path

import pytest

FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"


def ffmpeg_run(*args: str) -> None:
    """Run ffmpeg quietly, failing the test with its stderr on error."""
    done = subprocess.run([FFMPEG, "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *args],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def ffprobe(path: Path, *args: str) -> dict:
    """Return ffprobe's JSON for a file (format, streams, chapters unless args say otherwise)."""
    done = subprocess.run([FFPROBE, "-v", "error", "-of", "json",
                           *(args or ("-show_format", "-show_streams", "-show_chapters")),
                           str(path)], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def hls_seconds(variant: Path, segments: list[str]) -> float:
    """Return the duration ffprobe decodes from a variant's init segment and these segments.

    They are joined in a scratch file beside the variant folder, as a player appends them.
    """
    scratch = variant.parent / f"{variant.name}-joined.mp4"
    scratch.write_bytes(b"".join((variant / name).read_bytes()
                                 for name in ["init.mp4", *segments]))
    try:
        return float(ffprobe(scratch)["format"]["duration"])
    finally:
        scratch.unlink()


def boxes(data: bytes, *path: str) -> list[bytes]:
    """Return the payloads of the ISO-BMFF boxes at `path` (e.g. "moov", "trak"), in order."""
    found, at = [], 0
    while at + 8 <= len(data):
        size, kind = struct.unpack_from(">I4s", data, at)
        if kind.decode("latin-1") == path[0]:
            found += [data[at + 8:at + size]] if len(path) == 1 else boxes(data[at + 8:at + size],
                                                                           *path[1:])
        at += size
    return found


def video_start(variant: Path) -> tuple[float, float]:
    """Return (time of an HLS variant's first video sample, edit-list shift), in seconds.

    The first is what a player that ignores edit lists presents first (Chromium's MSE ignores
    a list of two entries); the second is what one that applies them subtracts from it.
    """
    init = (variant / "init.mp4").read_bytes()
    trak = boxes(init, "moov", "trak")[0]  # the video, mapped first
    mdhd = boxes(trak, "mdia", "mdhd")[0]
    timescale = struct.unpack_from(">I", mdhd, 20 if mdhd[0] == 1 else 12)[0]
    shift = 0
    for elst in boxes(trak, "edts", "elst"):
        layout = ">QqI" if elst[0] == 1 else ">IiI"
        media_times = [struct.unpack_from(layout, elst, 8 + i * struct.calcsize(layout))[1]
                       for i in range(struct.unpack_from(">I", elst, 4)[0])]
        shift = next(time for time in media_times if time >= 0)  # -1 marks an empty edit
    segment = (variant / "seg_000.m4s").read_bytes()
    traf = boxes(segment, "moof", "traf")[0]
    tfdt = boxes(traf, "tfdt")[0]
    decode = struct.unpack_from(">Q" if tfdt[0] == 1 else ">I", tfdt, 4)[0]
    trun = boxes(traf, "trun")[0]
    flags = int.from_bytes(trun[1:4], "big")
    at = 8 + 4 * bool(flags & 0x1) + 4 * bool(flags & 0x4)  # data offset, first sample flags
    at += 4 * sum(bool(flags & bit) for bit in (0x100, 0x200, 0x400))  # duration, size, flags
    offset = struct.unpack_from(">i" if trun[0] == 1 else ">I", trun, at)[0] if flags & 0x800 else 0
    return (decode + offset) / timescale, shift / timescale


def keyframe_times(path: Path) -> list[float]:
    """Return the presentation times of a file's video keyframes."""
    info = ffprobe(path, "-select_streams", "v:0", "-skip_frame", "nokey",
                   "-show_entries", "frame=pts_time")
    return [round(float(f["pts_time"]), 3) for f in info["frames"]]


def mean_luma(path: Path) -> float:
    """Return the mean luma (0–255) of an image's first frame."""
    done = subprocess.run([FFMPEG, "-nostdin", "-hide_banner", "-i", str(path), "-vf",
                           "signalstats,metadata=print:key=lavfi.signalstats.YAVG",
                           "-f", "null", "-"], capture_output=True, text=True, timeout=60)
    return float(done.stderr.rsplit("lavfi.signalstats.YAVG=", 1)[1].split()[0])


class ClipMaker:
    """Make lavfi clips in a directory, caching by name within the session."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, name: str, *args: str) -> Path:
        """Return root/name, generating it from ffmpeg `args` the first time."""
        path = self.root / name
        if not path.exists():
            ffmpeg_run(*args, str(path))
        return path

    def rotated(self, name: str, source: Path, degrees: int) -> Path:
        """Return a stream-copy of source tagged with a display rotation (encoding drops it)."""
        path = self.root / name
        if not path.exists():
            ffmpeg_run("-i", str(source), "-c", "copy", "-metadata:s:v:0", f"rotate={degrees}",
                       str(path))
        return path


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> ClipMaker:
    """Provide a session-wide clip maker."""
    return ClipMaker(tmp_path_factory.mktemp("clips"))


@pytest.fixture(scope="session")
def basic_clip(clips) -> Path:
    """Return a 2 s 320×240 30 fps H.264 + AAC MP4."""
    return clips("basic.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=2",
                 "-f", "lavfi", "-i", "sine=f=440:d=2", "-c:v", "libx264", "-preset", "ultrafast",
                 "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")


@pytest.fixture(scope="session")
def two_rung_clip(clips) -> Path:
    """Return a 9 s 320×240 H.264 clip with x264's default (long) keyframe interval."""
    return clips("two_rung.mp4", "-f", "lavfi", "-i", "testsrc2=s=320x240:r=30:d=9",
                 "-f", "lavfi", "-i", "sine=f=300:d=9", "-c:v", "libx264", "-preset", "ultrafast",
                 "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest")


def frame_hashes(path: Path) -> list[str]:
    """Return the MD5 of every decoded video frame of a file."""
    done = subprocess.run([FFMPEG, "-nostdin", "-v", "error", "-i", str(path), "-map", "0:v:0",
                           "-f", "framemd5", "-"], capture_output=True, text=True, timeout=120,
                          check=True)
    return [line.rsplit(",", 1)[1].strip() for line in done.stdout.splitlines()
            if line and not line.startswith("#")]


def pytest_collection_modifyitems(items) -> None:
    """Every test here runs ffmpeg on local files, with no app, database, storage or queue: the
    production run would repeat it exactly, so it runs once, in the embedded run."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here):
            item.add_marker(pytest.mark.once("ffmpeg on local files only (tests/media): no database, "
                                             "storage or queue to differ between the runs"))
