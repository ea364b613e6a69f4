"""Drawings over the picture: kinds, their points, what they measure and how they are announced.

A drawing belongs to a note and is shown while the note's range plays (and when paused in it):
the source range [note.t, note.end], or [note.t, note.t + SHOWN_WITHOUT_END] without an end.
Points are [x, y] in 0..1 of the UPRIGHT picture as readers see it (x right, y down), so they hold
for every rendition and orientation. The measured value (degrees, one decimal) is computed here and
by static/js/player/drawings.js with the same rule, never stored: angles are taken in picture
proportions, x scaled by `aspect` (picture width / height, the clip's upright output size).
"""
from __future__ import annotations

import math
import re
from typing import Any, Sequence

from .cases import RuleError, check_editor
from .extensions import db
from .models import Clip, Drawing, Note, User
from .timeline import shown_range

SHOWN_WITHOUT_END = 1.0  # seconds of source a drawing stays on after a note without an end
DEFAULT_COLOR = "#ffd400"
MAX_LABEL = 200

# kind → (fewest points, most points, how readers hear it)
KINDS: dict[str, tuple[int, int, str]] = {
    "line": (2, 2, "Line"),
    "arrow": (2, 2, "Arrow"),
    "angle": (3, 3, "Angle"),
    "vertical": (2, 2, "Angle to the vertical"),
    "horizontal": (2, 2, "Angle to the horizontal"),
    "circle": (2, 2, "Circle"),
    "text": (1, 1, "Text"),
    "freehand": (2, 500, "Freehand line"),
}
MEASURED = ("angle", "vertical", "horizontal")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _count(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def check_points(kind: str, points: Any) -> list[list[float]]:
    """The points of a drawing of `kind`, as floats; RuleError naming what is wrong otherwise."""
    if kind not in KINDS:
        raise RuleError(f"Field kind must be one of: {', '.join(KINDS)}.")
    least, most, name = KINDS[kind]
    if not isinstance(points, (list, tuple)) or not (least <= len(points) <= most):
        wanted = _count(least) if least == most else f"{least} to {most} points"
        got = len(points) if isinstance(points, (list, tuple)) else 0
        raise RuleError(f"A {kind} drawing needs {wanted}, not {got}.")
    clean = []
    for i, point in enumerate(points):
        if (not isinstance(point, (list, tuple)) or len(point) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in point)):
            raise RuleError(f"Point {i + 1} must be a pair [x, y] of numbers.")
        x, y = float(point[0]), float(point[1])
        if not (math.isfinite(x) and math.isfinite(y) and 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0):
            raise RuleError(f"Point {i + 1} lies outside the picture: x and y must be between 0 and 1.")
        clean.append([x, y])
    legs = {"angle": [(1, 0), (1, 2)], "vertical": [(0, 1)], "horizontal": [(0, 1)], "circle": [(0, 1)],
            "line": [(0, 1)], "arrow": [(0, 1)]}.get(kind, [])
    for a, b in legs:
        if clean[a] == clean[b]:
            raise RuleError(f"{name}: points {a + 1} and {b + 1} must differ.")
    return clean


def check_color(color: str) -> str:
    if not _COLOR.match(color or ""):
        raise RuleError('Field color must be a colour "#rrggbb".')
    return color.lower()


def _round1(value: float) -> float:
    """One decimal, halves up (as JavaScript's Math.round does)."""
    return math.floor(value * 10 + 0.5) / 10


def measure(kind: str, points: Sequence[Sequence[float]], aspect: float | None) -> float | None:
    """Degrees (one decimal) a drawing measures, or None for kinds that measure nothing.

    angle: at the vertex (points[1]) between its two legs, 0–180; vertical / horizontal: of the
    segment to the vertical / horizontal, 0–90. Taken on the picture as shown: x scaled by aspect."""
    if kind not in MEASURED:
        return None
    k = aspect if aspect and math.isfinite(aspect) and aspect > 0 else 1.0

    def vec(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
        return (b[0] - a[0]) * k, b[1] - a[1]

    if kind == "angle":
        (ax, ay), (bx, by) = vec(points[1], points[0]), vec(points[1], points[2])
        if (ax == 0 and ay == 0) or (bx == 0 and by == 0):
            return None
        degrees = abs(math.degrees(math.atan2(ax * by - ay * bx, ax * bx + ay * by)))
    else:
        dx, dy = vec(points[0], points[1])
        if dx == 0 and dy == 0:
            return None
        degrees = math.degrees(math.atan2(abs(dx), abs(dy)) if kind == "vertical" else math.atan2(abs(dy), abs(dx)))
    return _round1(degrees)


def format_value(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}°"


def describe(kind: str, value: float | None, label: str = "") -> str:
    """What a screen reader announces: "Angle, 152.3°: knee", "Text: cadence 172", "Line"."""
    name = KINDS.get(kind, (0, 0, kind.title()))[2]
    text = name + (f", {format_value(value)}" if value is not None else "")
    return f"{text}: {label}" if label else text


def aspect_of(note: Note) -> float | None:
    """Picture width / height of the note's clip as readers see it (its upright output size)."""
    return aspect_of_clip(note.clip)


def value_of(drawing: Drawing) -> float | None:
    return measure(drawing.kind, drawing.points, aspect_of(drawing.note))


def as_json(drawing: Drawing) -> dict[str, Any]:
    """A drawing as the API and the players' data carry it (value computed, description for readers)."""
    value = value_of(drawing)
    return {"id": drawing.id, "note_id": drawing.note_id, "kind": drawing.kind, "points": drawing.points,
            "color": drawing.color, "label": drawing.label, "position": drawing.position, "value": value,
            "description": describe(drawing.kind, value, drawing.label)}


def player_data(clip: Clip) -> dict[str, Any] | None:
    """The drawings a player shows (data-drawings of the clip's figure), None when there are none:
    each note's drawings with the played range they are on screen (converted by runphys.timeline)."""
    notes = []
    for note in clip.notes:
        shown = shown_range(clip, note, SHOWN_WITHOUT_END) if note.drawings else None
        if shown is not None:
            notes.append({"id": note.id, "t": shown[0], "end": shown[1],
                          "drawings": [as_json(d) for d in note.drawings]})
    return {"aspect": aspect_of_clip(clip), "notes": notes} if notes else None


def aspect_of_clip(clip: Clip) -> float | None:
    """Width / height of the upright picture: the published version's size (else its first rendition's)."""
    first = next(iter((clip.media or {}).get("renditions") or []), {})
    for width, height in ((clip.width, clip.height), (first.get("width"), first.get("height"))):
        if width and height:
            return width / height
    return None


def init_app(app: Any) -> None:
    app.add_template_global(player_data, "drawing_data")


# -------------------------------------------------------------------------------------- writes

def _check_label(kind: str, label: str) -> str:
    label = (label or "").strip()
    if len(label) > MAX_LABEL:
        raise RuleError(f"Field label must be at most {MAX_LABEL} characters.")
    if kind == "text" and not label:
        raise RuleError("A text drawing needs a label: its text.")
    return label


def add(note: Note, kind: str, points: Any, color: str | None = None, label: str = "",
        position: int | None = None) -> Drawing:
    clean = check_points(kind, points)
    drawing = Drawing(note=note, kind=kind, points=clean, color=check_color(color or DEFAULT_COLOR),
                      label=_check_label(kind, label),
                      position=len(note.drawings) if position is None else position)
    db.session.add(drawing)
    db.session.commit()
    return drawing


def update(drawing: Drawing, points: Any = None, color: str | None = None, label: str | None = None,
           position: int | None = None) -> Drawing:
    """Change what is given; the kind stays (delete and draw again to change it)."""
    clean = check_points(drawing.kind, points) if points is not None else drawing.points
    new_color = check_color(color) if color is not None else drawing.color
    new_label = _check_label(drawing.kind, label) if label is not None else drawing.label
    drawing.points, drawing.color, drawing.label = clean, new_color, new_label
    if position is not None:
        drawing.position = position
    db.session.commit()
    return drawing


def delete(drawing: Drawing) -> None:
    db.session.delete(drawing)
    db.session.commit()


def editable(user: User, drawing: Drawing) -> Drawing:
    check_editor(user, drawing.note.clip.case, "drawing")
    return drawing
