"""Run ffmpeg and ffprobe as bounded subprocesses: whitelisted, timed, stderr kept, and killed
with the worker that started them."""

import ctypes
import json
import os
import signal
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
PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not in the forked child


def _die_with_parent(parent: int) -> Callable[[], None]:
    """A preexec_fn: the child gets SIGKILL when the thread that started it exits (or already has)."""
    def arm() -> None:
        _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent:  # the worker died between fork and prctl
            os._exit(1)
    return arm


def ffprobe_json(path: Path, args: Sequence[str], timeout: float) -> tuple[dict | None, str]:
    """Run ffprobe on a local file only; return (parsed JSON or None on failure, stderr)."""
    cmd = [FFPROBE, "-v", "error", "-protocol_whitelist", "file", *args,
           "-of", "json", "file:" + str(path)]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL,
                              preexec_fn=_die_with_parent(os.getpid()))
    except subprocess.TimeoutExpired as exc:
        raise MediaError("Reading this video took too long.", f"ffprobe timed out: {cmd}") from exc
    stderr = done.stderr.decode(errors="replace")
    if done.returncode != 0:
        return None, stderr
    return json.loads(done.stdout or b"{}"), stderr


class FfmpegRun:
    """One running ffmpeg process: killed at its deadline, stderr tail kept."""

    def __init__(self, cmd: list[str], timeout: float, failure: str,
                 cwd: Path | None = None) -> None:
        self.cmd, self.timeout, self.failure = cmd, timeout, failure
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, start_new_session=True, cwd=cwd,
                                     preexec_fn=_die_with_parent(os.getpid()))
        self.tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)
        self.reader = threading.Thread(target=_drain, args=(self.proc.stderr, self.tail),
                                       daemon=True)
        self.reader.start()
        self.timed_out = threading.Event()
        self.watchdog = threading.Timer(timeout, self._expire)
        self.watchdog.start()

    def follow(self, on_progress: ProgressFn | None = None) -> str:
        """Feed each `-progress pipe:1` block to on_progress until exit; return stderr.

        Raise MediaError (with the stderr tail as detail) on timeout or failure.
        """
        try:
            _read_progress(self.proc.stdout, on_progress)
            self.proc.wait()
        finally:
            self.kill()
        stderr = "".join(self.tail)
        command = " ".join(self.cmd)
        if self.timed_out.is_set():
            raise MediaError("Converting this video took too long and was stopped.",
                             f"ffmpeg killed after {self.timeout:.0f} s: {command}\n{stderr}")
        if self.proc.returncode != 0:
            raise MediaError(self.failure,
                             f"ffmpeg exit {self.proc.returncode}: {command}\n{stderr}")
        return stderr

    def kill(self) -> None:
        """Stop the process if it still runs and release its watchdog and pipes."""
        self.watchdog.cancel()
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.reader.join(timeout=5)

    def _expire(self) -> None:
        """Kill a runaway ffmpeg and remember why."""
        self.timed_out.set()
        self.proc.kill()


def run_ffmpeg(cmd: list[str], timeout: float, on_progress: ProgressFn | None = None,
               failure: str = "The video could not be converted.") -> str:
    """Run an ffmpeg command line to completion (see FfmpegRun.follow); return stderr."""
    return FfmpegRun(cmd, timeout, failure).follow(on_progress)


def _drain(stream, tail: deque[str]) -> None:
    """Keep the last lines of a stream without letting its pipe fill up."""
    for raw in iter(stream.readline, b""):
        tail.append(raw.decode(errors="replace"))
    stream.close()


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
