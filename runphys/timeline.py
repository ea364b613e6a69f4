"""One time base for every moment: stored on the source, shown on the played version.

Notes, sync points (and later drawings, gait events, export ranges) are seconds on the source
timeline: from the uploaded file's first frame, as the physio filmed it. The published version
plays the source from `clip.output_start` (its trim in) on, so played time = source time −
output_start. Every view (pages, JSON-LD, `?t=` links, comparison offsets, the API, the studio)
converts here and nowhere else; changing a trim moves no moment off what it describes.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from .models import Clip, Note

EDGE = 0.05  # seconds of slack at either end (frame timing)


def played_time(clip: Clip, t: float | None) -> float | None:
    """Where a source moment falls in the published version; None if it was trimmed away."""
    if t is None:
        return None
    played = t - (clip.output_start or 0.0)
    if played < -EDGE or (clip.duration is not None and played > clip.duration + EDGE):
        return None
    return round(min(max(played, 0.0), clip.duration or played), 3)


def source_time(clip: Clip, played: float | None) -> float | None:
    """The source moment shown at a time of the published version."""
    return None if played is None else round(played + (clip.output_start or 0.0), 3)


@dataclass(frozen=True)
class PlayedNote:
    """A note as the published version shows it: at `t` (and to `end`) of the played video."""

    note: Note
    t: float
    end: float | None


def played_notes(clip: Clip) -> list[PlayedNote]:
    """The clip's notes that fall within its published version, in played time."""
    shown = []
    for note in clip.notes:
        t = played_time(clip, note.t)
        if t is not None:
            end = played_time(clip, note.end)
            if end is None and note.end is not None:  # runs past the trim's end
                end = clip.duration
            shown.append(PlayedNote(note, t, end))
    return shown


def shown_range(clip: Clip, note: Note, without_end: float) -> tuple[float, float] | None:
    """The played range a note's drawings are on screen: [t, end], or [t, t + without_end] of source
    (clamped to the version's end) for a note without an end; None when trimmed away."""
    t = played_time(clip, note.t)
    if t is None:
        return None
    source_end = note.end if note.end is not None else note.t + without_end
    end = played_time(clip, source_end)
    if end is None:  # runs past the trim's end
        end = clip.duration if clip.duration is not None else t + (source_end - note.t)
    return t, max(end, t)


def init_app(app: Flask) -> None:
    app.add_template_global(played_time)
    app.add_template_global(played_notes)
