"""Build ffmpeg command lines (with ffmpeg-python) that decode a source once and fan it out."""

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import ffmpeg

from .ladder import Rung, SlowmoPlan, source_rate
from .probe import Probe
from .runner import FFMPEG
from .settings import CONTAINER_DEMUXERS, EncodeProfile, Limits
from .storyboard import THUMBNAIL_PATTERN, StoryboardPlan

SLOWMO_NAME = "slowmo.mp4"
POSTER_CANDIDATES = "poster-candidate-%d.jpg"
POSTER_LUMA_LOG = "poster-luma.txt"
HLS_DIR = "hls"
VARIANT_PLAYLIST = "index.m3u8"
INIT_NAME = "init.mp4"
SEGMENT_PATTERN = "seg_%03d.m4s"
# fMP4 segments whose video starts at presentation time 0 as the MP4 does. Left to itself the
# muxer shifts every timestamp by the B-frame delay and hides the shift in a two-entry edit
# list that Chromium's MSE ignores, so hls.js showed frame k−2 where the MP4 showed frame k.
# Negative composition offsets (CMAF's way) put the first frame at decode time 0 instead.
HLS_TIMING = {"hls_segment_options": "movflags=+negative_cts_offsets",
              "avoid_negative_ts": "disabled"}


def variant_dir(rung_name: str) -> str:
    """Return the HLS folder of one rung, relative to the output folder (e.g. "hls/360p")."""
    return f"{HLS_DIR}/{rung_name}"


@dataclass(frozen=True)
class PosterPlan:
    """Frames (indexes on the constant-rate stream) to try as poster, and the poster size."""

    frames: tuple[int, ...]  # in order of preference
    width: int
    height: int


@dataclass(frozen=True)
class EncodeJob:
    """The outputs one ffmpeg run makes from one decode of the source."""

    rungs: tuple[Rung, ...] = ()
    audio: bool = False
    poster: PosterPlan | None = None
    storyboard: StoryboardPlan | None = None
    slowmo: SlowmoPlan | None = None
    live: str | None = None  # rung also written as growing HLS, so it plays while encoding


def encode_command(src: Path, out_dir: Path, probe: Probe, start: float, duration: float,
                   fps: Fraction, job: EncodeJob, limits: Limits,
                   profile: EncodeProfile) -> list[str]:
    """Return the ffmpeg command that decodes src once and writes every output of job.

    The live rung's outputs are named relative to out_dir: run the command there.
    """
    source = open_source(src, start, duration, limits)
    picture = source[str(probe.video_index)]
    if probe.interlaced:
        # Camcorder footage (DV, HDV, MPEG-2, 1080i): unless deinterlaced, anything moving
        # shows twice, a field apart. Each field becomes a frame (the ladder runs at the field
        # rate), so frame steps see every moment the camera caught.
        picture = picture.filter("bwdif", mode="send_field", deint="all")
    # HDR is tone-mapped where it is cheapest: once for all rungs at the largest, and for
    # poster and storyboard only on the few frames they keep.
    resize = Resizer(profile, probe.hdr_transfer is not None)
    outputs = []
    if job.slowmo is not None:
        fanout = picture.filter_multi_output("split", 2)
        picture = fanout[0]
        outputs.append(slowmo_output(fanout[1], out_dir, job.slowmo, limits, profile, resize))
    steady = constant_rate(picture, source_rate(probe), fps)
    stills = (job.poster is not None) + (job.storyboard is not None)
    if resize.hdr and job.rungs:
        taps = fan_out(steady, 1 + stills)
        largest = max(job.rungs, key=lambda rung: rung.width * rung.height)
        rung_taps = fan_out(resize(next(taps), largest.width, largest.height), len(job.rungs))
    else:
        taps = fan_out(steady, len(job.rungs) + stills)
        rung_taps = taps
    audio = source[str(probe.audio_index)] if job.audio else None
    for rung in job.rungs:
        outputs.append(rung_output(next(rung_taps), audio, out_dir / f"{rung.name}.mp4", rung,
                                   limits, profile, live=rung.name == job.live))
    if job.poster is not None:
        outputs.append(poster_output(next(taps), out_dir, job.poster, profile, resize))
    if job.storyboard is not None:
        outputs.append(storyboard_output(next(taps), out_dir, job.storyboard, resize))
    return compile_run(ffmpeg.merge_outputs(*outputs), limits)


def constant_rate(picture, source: Fraction, fps: Fraction):
    """Put the picture on the source's constant-rate grid, then keep frames 0, n, 2n, … of it.

    Frame k then shows the moment captured at k / fps, the one the slow rendition shows there.
    One fps filter alone keeps the last of the n source frames nearest each output time (frame
    kn + n/2 − 1: a quarter frame late at 240 → 60).
    """
    steady = picture.filter("fps", fps=str(source))
    if source == fps:
        return steady
    # On the grid, source frame j goes to output frame ⌈j / n⌉, which keeps its last: kn.
    return steady.filter("fps", fps=str(fps), round="up")


def fan_out(stream, count: int):
    """Return an iterator over `count` taps of stream (a split filter only when needed)."""
    if count <= 1:
        return iter([stream])
    split = stream.filter_multi_output("split", count)
    return iter([split[i] for i in range(count)])


class Resizer:
    """Scale a picture to a size; for an HDR source, tone-map it to SDR on the way."""

    def __init__(self, profile: EncodeProfile, hdr: bool) -> None:
        self.profile, self.hdr = profile, hdr

    def __call__(self, picture, width: int, height: int):
        if self.hdr:
            return to_sdr(picture, (width, height), self.profile)
        return picture.filter("scale", width, height)


def to_sdr(picture, size: tuple[int, int], profile: EncodeProfile):
    """Tone-map an HDR picture to SDR BT.709, scaling it to `size` on the way (cheaper).

    Left alone, HLG or PQ code values shown as SDR look washed out and shift hue (green turns
    yellow), and the HDR tags would stay on 8-bit files that cannot carry them.
    """
    width, height = size
    # Linear light and BT.709 primaries in one zscale pass (same pixels as two, 14 % less CPU).
    return (picture.filter("zscale", w=width, h=height, f="bicubic", t="linear", p="bt709",
                           npl=profile.hdr_reference_white)
            .filter("format", "gbrpf32le")
            .filter("tonemap", tonemap=profile.tonemap, desat=0)
            .filter("zscale", t="bt709", m="bt709", r="tv").filter("format", profile.pix_fmt))


def open_source(src: Path, start: float, duration: float, limits: Limits):
    """Return an ffmpeg-python input restricted to local files and container demuxers."""
    options = {"protocol_whitelist": "file", "format_whitelist": ",".join(CONTAINER_DEMUXERS),
               "threads": limits.threads, "t": f"{duration:.6f}"}
    if start > 0:
        options["ss"] = f"{start:.6f}"
    return ffmpeg.input("file:" + str(src), **options)


def rung_output(picture, audio, target: Path, rung: Rung, limits: Limits,
                profile: EncodeProfile, live: bool = False):
    """Scale one tap of the picture to a rung and encode it, with audio if given.

    A live rung's one encode goes through the tee muxer to its MP4 and to HLS segments that
    appear as the encode goes (an EVENT playlist, listing only finished segments).
    """
    picture = (picture.filter("scale", rung.width, rung.height).filter("setsar", 1)
               .filter("format", profile.pix_fmt))
    streams = [picture] if audio is None else [picture, audio]
    options = {**h264_options(rung.gop, rung.maxrate, rung.bufsize, limits, profile),
               **(audio_options(profile) if audio is not None else {}),
               **clean_mp4_options(audio is not None)}
    if not live:
        return ffmpeg.output(*streams, "file:" + str(target), **options)
    # The tee's slaves are not told the muxer wants global headers: ask the encoders directly.
    options["flags:v"] += "+global_header"
    if audio is not None:
        options["flags:a"] += "+global_header"
    del options["movflags"]  # a slave option below
    return ffmpeg.output(*streams, tee_targets(target.name, rung.name, profile), f="tee",
                         **options)


def tee_targets(mp4_name: str, rung_name: str, profile: EncodeProfile) -> str:
    """Return the tee muxer's slave list: growing fMP4 HLS and the progressive MP4.

    Names are relative (the run's working folder is the output folder), so no path needs
    escaping for the tee syntax.
    """
    folder = variant_dir(rung_name)
    hls = ":".join(["f=hls", f"hls_time={profile.hls_segment_seconds:g}",
                    "hls_segment_type=fmp4", "hls_playlist_type=event", "hls_flags=temp_file",
                    f"hls_fmp4_init_filename={INIT_NAME}",
                    f"hls_segment_filename={folder}/{SEGMENT_PATTERN}", "fflags=+bitexact",
                    *(f"{key}={value}" for key, value in HLS_TIMING.items())])
    return (f"[{hls}]{folder}/{VARIANT_PLAYLIST}"
            f"|[f=mp4:movflags=+faststart:fflags=+bitexact]{mp4_name}")


def slowmo_output(picture, out_dir: Path, plan: SlowmoPlan, limits: Limits,
                  profile: EncodeProfile, resize: Resizer):
    """Retime every captured frame to the display rate (no frames made up) and encode it."""
    picture = (picture.filter("fps", fps=str(plan.source_fps))
               .filter("trim", duration=f"{plan.seconds:.6f}")
               .filter("setpts", f"N/({plan.display_fps}*TB)"))
    picture = (resize(picture, plan.width, plan.height).filter("setsar", 1)
               .filter("format", profile.pix_fmt))
    options = {**h264_options(plan.gop, plan.maxrate, plan.bufsize, limits, profile),
               "r": str(plan.display_fps), **clean_mp4_options(False)}
    return ffmpeg.output(picture, "file:" + str(out_dir / SLOWMO_NAME), **options)


def poster_output(picture, out_dir: Path, plan: PosterPlan, profile: EncodeProfile,
                  resize: Resizer):
    """Write each poster candidate as a JPEG and log its mean luma."""
    chosen = "+".join(f"eq(n,{frame})" for frame in plan.frames)
    picture = (resize(picture.filter("select", chosen), plan.width, plan.height)
               .filter("setsar", 1).filter("signalstats")
               .filter("metadata", mode="print", key="lavfi.signalstats.YAVG",
                       file=str(out_dir / POSTER_LUMA_LOG)))
    return ffmpeg.output(picture, "file:" + str(out_dir / POSTER_CANDIDATES),
                         **image_options(profile.poster_quality))


def storyboard_output(picture, out_dir: Path, plan: StoryboardPlan, resize: Resizer):
    """Write every step-th frame as a small lossless thumbnail, to be tiled afterwards.

    Tiling here would hold the sprite's first frame (and so all ffmpeg progress) to the end.
    """
    picture = resize(picture.filter("select", f"not(mod(n,{plan.step}))"), plan.tile_width,
                     plan.tile_height).filter("setsar", 1)
    return ffmpeg.output(picture, "file:" + str(out_dir / THUMBNAIL_PATTERN),
                         fps_mode="passthrough", map_metadata=-1, an=None,
                         protocol_whitelist="file")


def h264_options(gop: int, maxrate: int, bufsize: int, limits: Limits,
                 profile: EncodeProfile) -> dict:
    """Return x264 options: CRF under a VBV cap, closed GOPs of a fixed length, no version tag."""
    return {"c:v": profile.video_codec, "preset": profile.preset, "crf": profile.crf,
            "profile:v": profile.h264_profile, "maxrate": maxrate, "bufsize": bufsize,
            "g": gop, "keyint_min": gop, "sc_threshold": 0, "flags:v": "+cgop+bitexact",
            "threads": limits.threads}


def audio_options(profile: EncodeProfile) -> dict:
    """Return AAC stereo options; ffmpeg's default matrix downmixes 5.1 to stereo."""
    return {"c:a": profile.audio_codec, "b:a": profile.audio_bitrate,
            "ac": profile.audio_channels, "ar": profile.audio_rate}


def clean_mp4_options(with_audio: bool) -> dict:
    """Return muxer options that drop every piece of source metadata and start fast."""
    options = {"map_metadata": -1, "map_chapters": -1, "fflags": "+bitexact",
               "dn": None, "sn": None, "movflags": "+faststart",
               "metadata:s:v": "handler_name=VideoHandler", "protocol_whitelist": "file"}
    if with_audio:
        options.update({"flags:a": "+bitexact", "metadata:s:a": "handler_name=SoundHandler"})
    else:
        options["an"] = None
    return options


def image_options(quality: int) -> dict:
    """Return JPEG options: one file per frame as given, no metadata."""
    return {"q:v": quality, "fps_mode": "passthrough", "map_metadata": -1,
            "fflags": "+bitexact", "flags:v": "+bitexact", "an": None,
            "protocol_whitelist": "file"}


def compile_run(stream, limits: Limits) -> list[str]:
    """Compile an ffmpeg-python graph with the global options every run carries."""
    return stream.global_args(
        "-nostdin", "-hide_banner", "-loglevel", "warning", "-y", "-nostats",
        "-progress", "pipe:1", "-filter_threads", str(limits.threads),
    ).compile(cmd=FFMPEG)
