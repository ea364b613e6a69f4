"""Read which frame a page shows: clips with the frame number burnt in, read back from pixels.

`barcode_clip` makes a lavfi clip whose top quarter shows source frame N as 12 black/white
stripes: bit k of N's Gray code, least significant on the left. Consecutive numbers differ in
one stripe, so a picture made from two neighbouring frames (a deinterlacer filling a field's
missing lines from the fields before and after it) still reads as one of them, or shows a
grey stripe and is refused, never as an unrelated number.

In a browser, `seek_and_read` and `after` wait for a <video>'s seek and presented frame, draw the
picture on a canvas and decode the stripes: the frame a viewer sees, whatever file, player or
rendition shows it. `file_frames` decodes every frame of a file with ffmpeg the same way.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

BITS = 12


def barcode(width: int, height: int) -> str:
    """Filters painting frame n's number over the top quarter of a width×height picture: black,
    then stripe k white where bit k of n's Gray code (n xor n/2) is 1. Each stripe is a box
    switched on per frame (drawbox's `enable` sees the frame number n): nothing is computed per
    pixel, so a clip costs a fraction of a second."""
    top = height // 4
    boxes = [f"drawbox=x=0:y=0:w={width}:h={top}:color=black:t=fill"]
    for k in range(BITS):
        left, right = k * width // BITS, (k + 1) * width // BITS
        boxes.append(f"drawbox=x={left}:y=0:w={right - left}:h={top}:color=white:t=fill"
                     f":enable='mod(floor(n/{2 ** k})+floor(n/{2 ** (k + 1)}),2)'")
    return ",".join(boxes)


def barcode_clip(path: Path, fps: int, seconds: float = 1.0, size: str = "320x240",
                 interlaced: bool = False, audio: bool = True) -> Path:
    """Write an H.264 clip of `size` whose frame N shows N as a barcode; return its path.

    Below the stripes, testsrc2's moving picture in grey (no colour a drawing could be taken for)
    keeps the encoder honest (B-frames, motion). The picture is shown at 4:3 (its sample aspect
    ratio stretches any other size).
    interlaced: each field carries its own number (fps is then the field rate): a camcorder's
    25i is barcode_clip(..., fps=50, interlaced=True), fields 0, 1, 2, … in time order.
    """
    width, height = (int(n) for n in size.split("x"))
    # setdar: shown at 4:3 whatever the size, as the clips drawn at 320×240 and scaled used to be
    picture = (f"testsrc2=s={size}:r={fps}:d={seconds},hue=s=0,format=yuv420p,{barcode(width, height)},"
               "setdar=4/3")
    if interlaced:
        picture += ",interlace=scan=tff,setfield=tff"
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", picture]
    if audio:
        cmd += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                "-c:a", "aac"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p"]
    if interlaced:
        # -top 1: without it x264 flags the frames bottom field first (ffmpeg 5.1 drops the
        # filter's flag), and a deinterlacer then shows each pair of fields in reverse order.
        cmd += ["-flags", "+ilme+ildct", "-top", "1"]
    subprocess.run([*cmd, str(path)], check=True, timeout=120)
    return path


def gray_decode(gray: int) -> int:
    """Return the number whose Gray code is `gray`."""
    number, shift = gray, gray >> 1
    while shift:
        number ^= shift
        shift >>= 1
    return number


def file_frames(path: Path) -> list[int]:
    """Return the frame number burnt into each decoded frame of a file, in display order."""
    width, height = 192, 48  # the top quarter, scaled so each stripe is 16 columns wide
    raw = subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(path), "-map",
                          "0:v:0", "-vf", f"crop=iw:ih/4:0:0,scale={width}:{height}",
                          "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                         capture_output=True, check=True, timeout=120).stdout
    numbers = []
    for at in range(0, len(raw), width * height):
        picture = raw[at:at + width * height]
        gray = 0
        for bit in range(BITS):
            values = [picture[y * width + x] for y in range(8, height - 8)
                      for x in range(bit * 16 + 4, bit * 16 + 12)]
            mean = sum(values) / len(values)
            assert abs(mean - 128) >= MIN_MARGIN, f"frame {len(numbers)} of {path} is a blend"
            gray |= (mean > 128) << bit
        numbers.append(gray_decode(gray))
    return numbers


# Before an action that moves the picture: promise its `seeked` and the next presented frame
# (asked for before the action, so neither can be missed).
ARM_JS = """video => {
  video.__seeked = new Promise((resolve) => video.addEventListener("seeked", resolve, { once: true }));
  video.__presented = new Promise((resolve) =>
    video.requestVideoFrameCallback((_now, meta) => resolve(meta.mediaTime)));
}"""

# The stripes of a picture (a <video> on its current frame, or a canvas): {frame, margin}.
DECODE_JS = """(source, width, height, bits) => {
  const rows = Math.floor(height / 4);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(source, 0, 0, width, height);
  const band = context.getImageData(0, 0, width, rows).data;
  let gray = 0, margin = 255;
  for (let bit = 0; bit < bits; bit++) {
    const from = Math.ceil((bit + 0.25) * width / bits), to = Math.floor((bit + 0.75) * width / bits);
    let sum = 0, count = 0;
    for (let y = Math.floor(rows * 0.1); y < Math.ceil(rows * 0.9); y++) {
      for (let x = from; x < to; x++) { sum += band[(y * width + x) * 4]; count++; }
    }
    const mean = sum / count;
    if (mean > 128) gray |= 1 << bit;
    margin = Math.min(margin, Math.abs(mean - 128));
  }
  let frame = gray;
  for (let shift = gray >> 1; shift; shift >>= 1) frame ^= shift;
  return { frame, margin };
}"""

# After it: wait for both, draw the picture on a canvas and decode the stripes.
READ_JS = """async ([video, bits]) => {
  await video.__seeked;
  const mediaTime = await video.__presented;
  // A player switching files holds a still of the old frame over the video (clip.js hold()) until
  // the new file shows the moment asked for: the viewer sees the video again only then.
  const still = video.parentElement?.querySelector(".rp-still");
  for (const end = performance.now() + 10000; still && !still.hidden && performance.now() < end;) {
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  const decode = %s;
  return { ...decode(video, video.videoWidth, video.videoHeight, bits), mediaTime, currentTime: video.currentTime };
}""" % DECODE_JS

# A stripe this far from mid-grey is read with confidence; a blend of two frames is not.
MIN_MARGIN = 40


@dataclass(frozen=True)
class Shown:
    """What a <video> showed: the burnt-in frame number and the times it was shown at."""

    frame: int
    margin: float
    media_time: float  # of the presented frame (requestVideoFrameCallback)
    current_time: float


def after(page, video, action) -> Shown:
    """Do action() (a seek, a key press, a click), then return the frame it brought on screen."""
    page.evaluate(ARM_JS, video)
    action()
    found = page.evaluate(READ_JS, [video, BITS])
    shown = Shown(found["frame"], found["margin"], found["mediaTime"], found["currentTime"])
    assert shown.margin >= MIN_MARGIN, f"the barcode is unreadable (a blend?): {shown}"
    return shown


def seek_and_read(page, video, t: float) -> Shown:
    """Pause `video` (an element handle), set its currentTime to t; return the frame shown."""
    return after(page, video, lambda: page.evaluate("([v, t]) => { v.pause(); v.currentTime = t; }",
                                                    [video, t]))
