"""Package finished MP4 rungs as HLS fMP4 (stream copy) and write the master playlist."""

import re
import struct
from pathlib import Path

import ffmpeg

from .errors import MediaError
from .graph import (HLS_DIR, HLS_TIMING, INIT_NAME, SEGMENT_PATTERN, VARIANT_PLAYLIST,
                    compile_run, variant_dir)
from .results import Rendition
from .runner import run_ffmpeg
from .settings import EncodeProfile, Limits

MASTER_NAME = "master.m3u8"
AAC_LC = "mp4a.40.2"
EXTINF = re.compile(r"#EXTINF:([\d.]+),\s*\n([^\n#]+)")


def package_hls(out_dir: Path, renditions: list[Rendition], has_audio: bool, limits: Limits,
                profile: EncodeProfile, duration: float, live: str | None = None) -> list[str]:
    """Stream-copy each rendition into fMP4 segments; write the master; return new files.

    The `live` rung was already segmented while it was encoded: its playlist is only closed.
    """
    outputs = []
    for rendition in renditions:
        variant = out_dir / variant_dir(Path(rendition.name).stem)
        if variant.name == live:
            close_playlist(variant / VARIANT_PLAYLIST)
            continue
        variant.mkdir(parents=True, exist_ok=True)
        source = ffmpeg.input("file:" + str(out_dir / rendition.name), protocol_whitelist="file",
                              format_whitelist="mov")
        outputs.append(ffmpeg.output(
            source, "file:" + str(variant / VARIANT_PLAYLIST), c="copy", f="hls",
            hls_time=profile.hls_segment_seconds, hls_playlist_type="vod",
            hls_segment_type="fmp4", hls_fmp4_init_filename=INIT_NAME,
            hls_segment_filename="file:" + str(variant / SEGMENT_PATTERN),
            protocol_whitelist="file", map_metadata=-1, fflags="+bitexact", **HLS_TIMING))
    if outputs:
        run_ffmpeg(compile_run(ffmpeg.merge_outputs(*outputs), limits),
                   limits.timeout_for(duration), failure="The streaming version could not be made.")
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    files = []
    for rendition in renditions:
        variant = out_dir / variant_dir(Path(rendition.name).stem)
        strip_user_data(variant / INIT_NAME)
        segments, peak, average = _segment_rates(variant)
        codecs = [avc_codec_string(variant / INIT_NAME)] + ([AAC_LC] if has_audio else [])
        lines += [f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},"
                  f"RESOLUTION={rendition.width}x{rendition.height},"
                  f'CODECS="{",".join(codecs)}",FRAME-RATE={rendition.fps:.3f}',
                  f"{variant.name}/{VARIANT_PLAYLIST}"]
        files += [f"{variant_dir(variant.name)}/{name}"
                  for name in (VARIANT_PLAYLIST, INIT_NAME, *segments)]
    (out_dir / HLS_DIR / MASTER_NAME).write_text("\n".join(lines) + "\n", encoding="ascii")
    return [f"{HLS_DIR}/{MASTER_NAME}", *files]


def close_playlist(playlist: Path) -> None:
    """Turn a finished EVENT playlist into the VOD playlist it now is."""
    text = playlist.read_text(encoding="ascii")
    if "#EXT-X-ENDLIST" not in text:
        raise MediaError("The streaming version could not be made.", f"{playlist} never ended")
    playlist.write_text(vod_playlist(text), encoding="ascii")


def vod_playlist(text: str) -> str:
    """Return an ended EVENT playlist's text marked as VOD: nothing will be added to it."""
    return text.replace("#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-PLAYLIST-TYPE:VOD")


def _segment_rates(variant: Path) -> tuple[list[str], int, int]:
    """Return a variant's segment names, peak and average bits per second."""
    entries = [(float(d), name.strip())
               for d, name in EXTINF.findall((variant / VARIANT_PLAYLIST).read_text())]
    if not entries:
        raise MediaError("The streaming version could not be made.", f"no segments in {variant}")
    sizes = [(variant / name).stat().st_size * 8 for _, name in entries]
    peak = max(round(bits / max(seconds, 0.001)) for (seconds, _), bits in zip(entries, sizes))
    average = round(sum(sizes) / sum(seconds for seconds, _ in entries))
    return [name for _, name in entries], peak, average


def avc_codec_string(init: Path) -> str:
    """Return the RFC 6381 codec string (avc1.PPCCLL) from the init segment's avcC box."""
    data = init.read_bytes()
    at = data.find(b"avcC")
    if at < 0:
        raise MediaError("The streaming version could not be made.", f"no avcC in {init}")
    profile, constraints, level = data[at + 5:at + 8]
    return f"avc1.{profile:02x}{constraints:02x}{level:02x}"


def strip_user_data(init: Path) -> None:
    """Remove moov/udta from an init segment (the HLS muxer writes its version there)."""
    data = bytearray(init.read_bytes())
    moov = _find_box(data, 0, len(data), b"moov")
    if moov is None:
        return
    start, size = moov
    udta = _find_box(data, start + 8, start + size, b"udta")
    if udta is None:
        return
    del data[udta[0]:udta[0] + udta[1]]
    struct.pack_into(">I", data, start, size - udta[1])
    init.write_bytes(bytes(data))


def _find_box(data: bytearray, begin: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """Return (offset, size) of the first ISO-BMFF box of `kind` between begin and end."""
    at = begin
    while at + 8 <= end:
        size = struct.unpack_from(">I", data, at)[0]
        if size < 8:  # 64-bit or to-end sizes never occur in the small boxes we edit
            return None
        if data[at + 4:at + 8] == kind:
            return at, size
        at += size
    return None
