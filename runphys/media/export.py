"""Export a clip, a note's moment or a before/after as one shareable MP4 for social apps.

One ffmpeg run reads the published renditions (never an original), lays them out on a 9:16,
1:1 or 16:9 canvas (alone, side by side, stacked or one over the other), burns overlays (note
text now; drawings later) in at their moments, plays slow spans at one captured frame per
output frame, and puts a title card before and an end card after. The body is composed on the
sources' common time base, so every overlay and slow span is given in seconds of the exported
range, before any retiming.
"""

import math
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

import ffmpeg

from .errors import MediaError
from .graph import audio_options, clean_mp4_options, compile_run, fan_out, h264_options
from .runner import FfmpegRun, ffprobe_json
from .settings import CONTAINER_DEMUXERS, DEFAULT_PROFILE, EncodeProfile, Limits

FAILURE = "The video could not be exported."
SHAPES = {"9:16": (1080, 1920), "1:1": (1080, 1080), "16:9": (1920, 1080)}
LAYOUTS = ("single", "side", "stacked", "overlay")
LABELS = ("Before", "After")


@dataclass(frozen=True)
class ExportProfile:
    """What an export may be: chosen to suit Reels, TikTok, Shorts and WhatsApp at once.

    ≤ 60 s (Shorts' and a WhatsApp status's limit, well inside Reels' and TikTok's), 30 fps,
    H.264 High yuv420p under an 8 Mbit/s VBV cap and an average that keeps the file ≤ 16 MB
    (WhatsApp's limit for a video sent as video), AAC-LC stereo 48 kHz, +faststart.
    """

    fps: int = 30
    max_seconds: float = 60.0
    max_bytes: int = 16_000_000
    maxrate: int = 8_000_000
    card_seconds: float = 2.0
    min_slow_factor: float = 1.5  # slower than this is not worth retiming (30 fps sources)
    background: str = "0x111418"
    font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"  # fonts-dejavu-core
    # the ladder's (CRF 23 High, AAC 128 kbit/s 48 kHz) at x264 superfast: 25 % less CPU than veryfast
    # for 2 % more bytes in bench/export.py (the 16 MB budget caps both); exports are made once
    encode: EncodeProfile = replace(DEFAULT_PROFILE, preset="superfast")


EXPORT_PROFILE = ExportProfile()


@dataclass(frozen=True)
class SlowSource:
    """A clip's slow-motion rendition: every captured frame of a high-frame-rate clip, retimed.

    Its second `factor × t` shows the clip's played second t; it covers the first `seconds` of it.
    """

    path: Path
    fps: float  # its display rate (captured rate / factor)
    factor: float
    seconds: float

    @property
    def capture_fps(self) -> float:
        return self.fps * self.factor


@dataclass(frozen=True)
class Source:
    """One published rendition and the range of it to export."""

    path: Path
    start: float  # seconds into the file
    fps: float  # its frame rate: every frame a captured one (the rung keeps real frames only)
    has_audio: bool
    slow: SlowSource | None = None  # where the clip has one: slow spans show every captured frame


@dataclass(frozen=True)
class Overlay:
    """Something burnt in from `start` to `end` (seconds of the exported range): a note's text.

    Drawings join here as another kind of overlay with the same time range.
    """

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class DrawingLayer:
    """A note's drawings over one source's picture from `start` to `end` (seconds of the range).

    drawings: plain dicts in the shared format (kind, points in 0..1 of the upright picture, color,
    label, value); aspect: that picture's width / height."""

    source: int
    start: float
    end: float
    aspect: float | None
    drawings: tuple


@dataclass(frozen=True)
class Span:
    """A range (seconds of the exported range) played in slow motion."""

    start: float
    end: float


@dataclass(frozen=True)
class ExportPlan:
    """Everything one export shows."""

    sources: tuple[Source, ...]  # one, or before and after
    duration: float  # seconds of each source's range
    shape: str = "9:16"
    layout: str = "single"
    overlays: tuple[Overlay, ...] = ()
    slow: tuple[Span, ...] = ()
    drawings: tuple[DrawingLayer, ...] = ()
    title: str = ""
    end_text: str = ""  # the case's short URL
    size: float = 1.0  # < 1 makes a smaller canvas (tests); published exports use 1


@dataclass(frozen=True)
class Segment:
    """A piece of the body: a range of the exported range and how much slower it plays."""

    start: float
    end: float
    factor: float
    slowmo: bool = False  # shown from the sources' slow-motion renditions (every captured frame)

    @property
    def seconds(self) -> float:
        return (self.end - self.start) * self.factor


@dataclass(frozen=True)
class ExportResult:
    """The exported file, as measured back from it."""

    path: Path
    width: int
    height: int
    duration: float
    bytes: int


def canvas(plan: ExportPlan) -> tuple[int, int]:
    """Return the output size: the shape's, scaled by plan.size to even numbers."""
    if plan.shape not in SHAPES:
        raise MediaError("Choose 9:16, 1:1 or 16:9.", f"shape {plan.shape!r}")
    width, height = SHAPES[plan.shape]
    return _even(width * plan.size), _even(height * plan.size)


def slow_factor(plan: ExportPlan, profile: ExportProfile = EXPORT_PROFILE,
                span: tuple[float, float] | None = None) -> float:
    """How much slower slow spans play: every frame of the slowest source shown once.

    A span (seconds of the exported range) that every source's slow-motion rendition covers
    plays at their captured rate (240 fps at 30 fps: 8× slower); otherwise at the rungs' rate.
    """
    factor = (min(s.slow.capture_fps for s in plan.sources) if span and slowmo_covers(plan, *span)
              else min(source.fps for source in plan.sources)) / profile.fps
    return factor if factor >= profile.min_slow_factor else 1.0


def slowmo_covers(plan: ExportPlan, start: float, end: float) -> bool:
    """Whether every source has a slow-motion rendition holding [start, end) of the range."""
    return bool(plan.sources) and all(
        s.slow is not None and s.start + end <= s.slow.seconds + 1e-6 for s in plan.sources)


def plan_segments(plan: ExportPlan, profile: ExportProfile = EXPORT_PROFILE) -> list[Segment]:
    """Cut the body into normal and slow segments, ending it where the length limit is reached."""
    budget = profile.max_seconds - 2 * profile.card_seconds
    edges = sorted({0.0, plan.duration, *(min(max(t, 0.0), plan.duration)
                                          for span in plan.slow for t in (span.start, span.end))})
    segments = []
    for start, end in zip(edges, edges[1:]):
        middle = (start + end) / 2
        slow = any(span.start <= middle < span.end for span in plan.slow)
        factor = slow_factor(plan, profile, (start, end)) if slow else 1.0
        segment = Segment(start, end, factor, slowmo=factor != 1.0 and slowmo_covers(plan, start, end))
        if segment.seconds >= budget:
            segments.append(Segment(start, start + budget / segment.factor, segment.factor,
                                    segment.slowmo))
            break
        budget -= segment.seconds
        segments.append(segment)
    return [s for s in segments if s.end - s.start > 1e-3]


def output_seconds(plan: ExportPlan, profile: ExportProfile = EXPORT_PROFILE) -> float:
    """Return the exported file's length: cards and the (partly slowed) body."""
    return 2 * profile.card_seconds + sum(s.seconds for s in plan_segments(plan, profile))


def export_video(plan: ExportPlan, out: Path, work: Path, limits: Limits = Limits(),
                 profile: ExportProfile = EXPORT_PROFILE,
                 on_progress: Callable[[float], None] | None = None) -> ExportResult:
    """Write the export to `out` (MP4), using `work` for text files; return what was written."""
    if plan.layout not in LAYOUTS or len(plan.sources) != (1 if plan.layout == "single" else 2):
        raise MediaError("Choose one clip alone, or two side by side, stacked or overlaid.",
                         f"layout {plan.layout!r} with {len(plan.sources)} sources")
    work.mkdir(parents=True, exist_ok=True)
    seconds = output_seconds(plan, profile)
    cmd = export_command(plan, Path(out).absolute(), Path(work).absolute(), limits, profile)

    def progress(block: dict[str, str]) -> None:
        try:
            done = int(block.get("out_time_us", "")) / 1e6
        except ValueError:
            return
        if on_progress is not None:
            on_progress(min(1.0, max(0.0, done / seconds)))

    FfmpegRun(cmd, limits.timeout_for(seconds), FAILURE).follow(progress)
    return measure(out, limits)


def export_command(plan: ExportPlan, out: Path, work: Path, limits: Limits,
                   profile: ExportProfile) -> list[str]:
    """Return the ffmpeg command that makes the export in one run."""
    width, height = canvas(plan)
    texts = TextFiles(work)
    fontsize = max(12, round(min(width, height) / 20))
    # the body plays at the output rate: frames the export drops are dropped before any scaling;
    # slowed segments read their own frames (every captured one) in slow_segment
    rate = Fraction(min(profile.fps, *(s.fps for s in plan.sources))).limit_denominator(1001)
    segments = plan_segments(plan, profile)
    layers = drawing_layers(plan, work, profile)
    pictures = [open_rendition(source, plan.duration, limits).video.filter("fps", fps=str(rate))
                for source in plan.sources]
    body = burn(plan, compose(plan, pictures, (width, height), fontsize, profile, layers), texts,
                width, fontsize, profile)
    slow = sum(segment.factor != 1.0 for segment in segments)
    silence = Silence(profile, 2 + slow + (not plan.sources[0].has_audio))
    audio = body_audio(plan, silence, limits, profile)
    cards = fan_out(ffmpeg.input(f"color=c={profile.background}:s={width}x{height}:r={profile.fps}",
                                 f="lavfi").video, 2)
    from_body = [segment for segment in segments if segment.factor == 1.0]
    video_taps = iter(body.filter_multi_output("split", len(from_body)) if len(from_body) > 1
                      else [body] * len(from_body))
    normal = sum(segment.factor == 1.0 for segment in segments)
    audio_taps = audio.filter_multi_output("asplit", normal) if normal > 1 else None
    parts, heard = card(next(cards), width, plan.title, silence, texts, fontsize, profile), 0
    for segment in segments:
        if segment.factor != 1.0:
            video = slow_segment(plan, segment, (width, height), texts, fontsize, limits, profile,
                                 layers)
        else:
            video = (next(video_taps).filter("trim", start=f"{segment.start:.6f}", end=f"{segment.end:.6f}")
                     .filter("setpts", f"(PTS-STARTPTS)*{segment.factor:.6f}")
                     .filter("fps", fps=profile.fps))
        if segment.factor == 1.0:
            tap = audio if audio_taps is None else audio_taps[heard]
            heard += 1
            sound = (tap.filter("atrim", start=f"{segment.start:.6f}", end=f"{segment.end:.6f}")
                     .filter("asetpts", "PTS-STARTPTS"))
        else:  # slowed footsteps only drone: the slow part is silent
            sound = silence(segment.seconds)
        parts += [video, sound]
    parts += card(next(cards), width, plan.end_text, silence, texts, fontsize, profile)
    joined = ffmpeg.concat(*parts, v=1, a=1).node
    video = joined[0].filter("fps", fps=profile.fps).filter("format", profile.encode.pix_fmt)
    seconds = output_seconds(plan, profile)
    maxrate = min(profile.maxrate,
                  int(profile.max_bytes * 8 * 0.95 / seconds) - profile.encode.audio_bitrate)
    gop = round(profile.fps * profile.encode.gop_seconds)
    options = {**h264_options(gop, maxrate, 2 * maxrate, limits, profile.encode),
               **audio_options(profile.encode),
               **clean_mp4_options(True), "t": f"{seconds:.6f}"}
    return compile_run(ffmpeg.output(video, joined[1], "file:" + str(out), **options), limits)


def cell_size(shape: str, layout: str, size: float = 1.0) -> tuple[int, int]:
    """Return the box each source is fitted into: the canvas, or half of it."""
    width, height = canvas(ExportPlan(sources=(), duration=0.0, shape=shape, size=size))
    return {"side": (_half(width), height), "stacked": (width, _half(height))}.get(layout, (width, height))


def burn(plan: ExportPlan, picture, texts: "TextFiles", width: int, fontsize: int,
         profile: ExportProfile, start: float = 0.0, factor: float = 1.0, until: float = math.inf):
    """Burn the overlays in at their moments; the picture's time 0 shows the range's `start`,
    `factor` times slower."""
    for overlay in plan.overlays:
        a, b = (overlay.start - start) * factor, (overlay.end - start) * factor
        if b > 0 and a < until:
            picture = caption(picture, texts(overlay.text, width, fontsize), fontsize, profile,
                              enable=f"between(t,{max(a, 0.0):.3f},{b:.3f})")
    return picture


def drawing_layers(plan: ExportPlan, work: Path, profile: ExportProfile) -> list[tuple[int, str, float, float]]:
    """Render each note's drawings to a cell-sized transparent PNG: (source, path, start, end)."""
    if not plan.drawings:
        return []
    from .drawings import render  # Pillow, only when there is something to draw
    cell = cell_size(plan.shape, plan.layout, plan.size)
    layers = []
    for i, layer in enumerate(plan.drawings):
        if layer.end <= 0 or layer.start >= plan.duration or not layer.drawings:
            continue
        path = render(layer.drawings, cell, layer.aspect, work / f"drawing-{i}.png", profile.font)
        layers.append((layer.source, str(path), layer.start, layer.end))
    return layers


def slow_segment(plan: ExportPlan, segment: Segment, size: tuple[int, int], texts: "TextFiles",
                 fontsize: int, limits: Limits, profile: ExportProfile, layers: list = ()):
    """A slow segment read on its own: from the sources' slow-motion renditions where they cover it,
    else from the rungs; every captured frame of the slowest source shown once, at the output rate."""
    pictures = []
    for source in plan.sources:
        slow = source.slow if segment.slowmo else SlowSource(source.path, source.fps, 1.0, plan.duration)
        options = {"protocol_whitelist": "file", "format_whitelist": ",".join(CONTAINER_DEMUXERS),
                   "threads": limits.threads,
                   "ss": f"{(source.start + segment.start) * slow.factor:.6f}",
                   "t": f"{(segment.end - segment.start) * slow.factor:.6f}"}
        picture = ffmpeg.input("file:" + str(slow.path), **options).video
        # its second s shows s / slow.factor of the range; the export shows that at s·factor/slow.factor
        stretch = segment.factor / slow.factor
        picture = (picture.filter("setpts", f"(PTS-STARTPTS)*{stretch:.6f}")
                   .filter("fps", fps=profile.fps, start_time=0)
                   .filter("trim", duration=f"{segment.seconds:.6f}"))
        pictures.append(picture)
    picture = compose(plan, pictures, size, fontsize, profile, layers, segment.start, segment.factor,
                      segment.seconds)
    return burn(plan, picture, texts, size[0], fontsize, profile, segment.start, segment.factor,
                segment.seconds)


def compose(plan: ExportPlan, inputs: list, size: tuple[int, int], fontsize: int,
            profile: ExportProfile, layers: list = (), start: float = 0.0, factor: float = 1.0,
            until: float = math.inf):
    """Lay the sources' pictures (each on one constant-rate time base from 0) out on the canvas,
    each with its drawings while their notes play; time 0 shows the range's `start`, `factor`
    times slower."""
    width, height = size
    cell = cell_size(plan.shape, plan.layout, plan.size)
    pictures = []
    for i, picture in enumerate(inputs):
        picture = (picture
                   .filter("scale", cell[0], cell[1], force_original_aspect_ratio="decrease")
                   .filter("pad", cell[0], cell[1], "(ow-iw)/2", "(oh-ih)/2", color=profile.background)
                   .filter("setsar", 1).filter("format", profile.encode.pix_fmt))
        for source, path, a, b in layers:
            a, b = (a - start) * factor, (b - start) * factor
            if source == i and b > 0 and a < until:
                image = ffmpeg.input("file:" + path, f="image2", protocol_whitelist="file").video
                picture = ffmpeg.filter([picture, image], "overlay", 0, 0, format="yuv420",
                                        enable=f"between(t,{max(a, 0.0):.3f},{b:.3f})")
        if plan.layout != "single" and plan.layout != "overlay":
            picture = label(picture, LABELS[i], fontsize, profile, right=False)
        pictures.append(picture)
    if plan.layout == "single":
        return pictures[0]
    if plan.layout == "overlay":
        blended = ffmpeg.filter(pictures, "blend", all_mode="average")
        return label(label(blended, LABELS[0], fontsize, profile, right=False),
                     LABELS[1], fontsize, profile, right=True)
    joined = ffmpeg.filter(pictures, "hstack" if plan.layout == "side" else "vstack")
    return joined.filter("pad", width, height, "(ow-iw)/2", "(oh-ih)/2", color=profile.background)


def open_rendition(source: Source, duration: float, limits: Limits):
    """Return an input of a local published MP4 from source.start for `duration` seconds."""
    options = {"protocol_whitelist": "file", "format_whitelist": ",".join(CONTAINER_DEMUXERS),
               "threads": limits.threads, "t": f"{duration:.6f}"}
    if source.start > 0:
        options["ss"] = f"{source.start:.6f}"
    return ffmpeg.input("file:" + str(source.path), **options)


def body_audio(plan: ExportPlan, silence: "Silence", limits: Limits, profile: ExportProfile):
    """Return the first source's sound (the before's in a comparison), or silence."""
    first = plan.sources[0]
    if not first.has_audio:
        return silence(plan.duration)
    return (open_rendition(first, plan.duration, limits).audio
            .filter("aresample", profile.encode.audio_rate)
            .filter("aformat", channel_layouts="stereo")
            .filter("apad", whole_dur=f"{plan.duration:.6f}")
            .filter("atrim", duration=f"{plan.duration:.6f}"))


class Silence:
    """Hand out pieces of one silent stereo source, as many as were asked for when made."""

    def __init__(self, profile: ExportProfile, count: int) -> None:
        source = ffmpeg.input(f"anullsrc=r={profile.encode.audio_rate}:cl=stereo", f="lavfi")
        split = source.audio.filter_multi_output("asplit", count) if count > 1 else None
        self.taps = iter([split[i] for i in range(count)] if split else [source.audio])

    def __call__(self, seconds: float):
        return next(self.taps).filter("atrim", duration=f"{seconds:.6f}")


def card(background, width: int, text: str, silence: Silence, texts: "TextFiles", fontsize: int,
         profile: ExportProfile) -> list:
    """Return a title or end card (picture and silence) showing `text` in the middle."""
    picture = (background.filter("trim", duration=f"{profile.card_seconds:.6f}")
               .filter("setsar", 1).filter("format", profile.encode.pix_fmt))
    if text:
        big = round(fontsize * 1.3)
        picture = picture.filter("drawtext", textfile=texts(text, width, big), fontfile=profile.font,
                                 fontsize=big, fontcolor="white", line_spacing=big // 3,
                                 x="(w-text_w)/2", y="(h-text_h)/2", fix_bounds=1)
    return [picture, silence(profile.card_seconds)]


def caption(picture, textfile: str, fontsize: int, profile: ExportProfile, enable: str):
    """Burn a text box into the lower part of the picture while `enable` holds."""
    return picture.filter("drawtext", textfile=textfile, fontfile=profile.font, fontsize=fontsize,
                          fontcolor="white", box=1, boxcolor="black@0.65",
                          boxborderw=fontsize // 2, line_spacing=fontsize // 4,
                          x="(w-text_w)/2", y="h*0.78-text_h/2", fix_bounds=1, enable=enable)


def label(picture, text: str, fontsize: int, profile: ExportProfile, right: bool):
    """Name a cell of a comparison ("Before", "After") in its top corner."""
    margin = fontsize // 2
    return picture.filter("drawtext", text=text, fontfile=profile.font, fontsize=fontsize,
                          fontcolor="white", box=1, boxcolor="black@0.5", boxborderw=margin // 2,
                          x=f"w-text_w-{margin}" if right else str(margin), y=str(margin))


class TextFiles:
    """Write each burnt-in text, wrapped to the canvas, to its own file (drawtext reads it as is,
    so no text ever needs escaping for the filter graph)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0

    def __call__(self, text: str, width: int, fontsize: int) -> str:
        per_line = max(8, math.floor(width * 0.85 / (fontsize * 0.62)))
        lines = textwrap.wrap(" ".join(text.split()), per_line)[:4] or [""]
        self.count += 1
        path = self.folder / f"text-{self.count}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        return str(path)


def measure(out: Path, limits: Limits) -> ExportResult:
    """Read the export's size and length back from the file."""
    info, stderr = ffprobe_json(out, ["-show_format", "-show_streams", "-select_streams", "v:0"],
                                limits.probe_timeout)
    if not info or not info.get("streams"):
        raise MediaError("The exported video could not be verified.", stderr)
    stream = info["streams"][0]
    return ExportResult(path=out, width=int(stream["width"]), height=int(stream["height"]),
                        duration=float(info["format"]["duration"]), bytes=out.stat().st_size)


def _half(side: int) -> int:
    """Half a side, rounded down to even: two cells never overflow the canvas."""
    return max(2, 2 * (side // 4))


def _even(value: float) -> int:
    return max(2, 2 * round(value / 2))
