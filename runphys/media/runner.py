"""Run ffmpeg and ffprobe as bounded subprocesses: whitelisted, timed, stderr kept."""

import json
import subprocess
import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import MediaError

FFMPEG = "/usr/bin/ffmpeg"
FFPROBE = "/usr/bin/ffprobe"
STDERR_TAIL_LINES = 30

ProgressFn = Callable[[dict[str, str]], None]


def ffprobe_json(path: Path, args: Sequence[str], timeout: float) -> tuple[dict | None, str]:
    """Run ffprobe on a local file only; return (parsed JSON or None on failure, stderr)."""
    cmd = [FFPROBE, "-v", "error", "-protocol_whitelist", "file", *args,
           "-of", "json", "file:" + str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise MediaError("Reading this video took too long.", f"ffprobe timed out: {cmd}") from exc
    stderr = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        return None, stderr
    return json.loads(done.stdout or b"{}"), stderr


def run_ffmpeg(cmd: list[str], timeout: float, on_progress: ProgressFn | None = None,
               failure: str = "The video could not be converted.") -> str:
    """Run an ffmpeg command line, feeding each `-progress` block to on_progress; return stderr.

    The command must write its progress to pipe:1 when on_progress is given. The process is
    killed when `timeout` seconds pass; failures raise MediaError with the stderr tail as detail.
    """
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
    reader = threading.Thread(target=_drain, args=(proc.stderr, tail), daemon=True)
    reader.start()
    timed_out = threading.Event()
    watchdog = threading.Timer(timeout, _kill, args=(proc, timed_out))
    watchdog.start()
    try:
        _read_progress(proc.stdout, on_progress)
        proc.wait()
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        reader.join(timeout=5)
    stderr = "".join(tail)
    if timed_out.is_set():
        raise MediaError("Converting this video took too long and was stopped.",
                         f"ffmpeg killed after {timeout:.0f} s: {' '.join(cmd)}\n{stderr}")
    if proc.returncode != 0:
        raise MediaError(failure, f"ffmpeg exit {proc.returncode}: {' '.join(cmd)}\n{stderr}")
    return stderr


def _drain(stream, tail: deque[str]) -> None:
    """Keep the last lines of a stream without letting its pipe fill up."""
    for raw in iter(stream.readline, b""):
        tail.append(raw.decode(errors="replace"))
    stream.close()


def _kill(proc: subprocess.Popen, timed_out: threading.Event) -> None:
    """Kill a runaway ffmpeg and remember why."""
    timed_out.set()
    proc.kill()


def _read_progress(stream, on_progress: ProgressFn | None) -> None:
    """Parse ffmpeg's key=value progress blocks; each ends with a `progress=` line."""
    block: dict[str, str] = {}
    for raw in iter(stream.readline, b""):
        key, _, value = raw.decode(errors="replace").strip().partition("=")
        block[key] = value
        if key == "progress":
            if on_progress is not None:
                on_progress(block)
            block = {}
    stream.close()
