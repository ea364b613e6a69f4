"""Drawings burnt into exports: one transparent PNG per note at the size of the picture's place.

Takes drawings as plain dicts in the shared format (kind, points in 0..1 of the upright picture,
color "#rrggbb", label, and the measured `value` in degrees or None), so it does not depend on the
model. The picture is fitted into its cell as the export's scale + pad does (centred, aspect kept);
the PNG covers the whole cell, transparent outside the strokes. ffmpeg overlays it while the note's
range plays (`enable='between(t,a,b)'`).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

SHADOW = (0, 0, 0, 150)  # under every stroke: a yellow line stays visible on a light floor


def picture_box(cell: tuple[int, int], aspect: float | None) -> tuple[float, float, float, float]:
    """Return (left, top, width, height) of a picture of `aspect` fitted into the cell, centred."""
    width, height = cell
    if not aspect or aspect <= 0:
        return 0.0, 0.0, float(width), float(height)
    if width / height > aspect:
        shown = height * aspect
        return (width - shown) / 2, 0.0, shown, float(height)
    shown = width / aspect
    return 0.0, (height - shown) / 2, float(width), shown


def render(drawings: Sequence[dict[str, Any]], cell: tuple[int, int], aspect: float | None, out: Path,
           font: str) -> Path:
    """Draw the note's drawings on a transparent cell-sized PNG; return its path."""
    image = Image.new("RGBA", cell, (0, 0, 0, 0))
    pen = Pen(image, picture_box(cell, aspect), font)
    for drawing in drawings:
        pen.draw(drawing)
    image.save(out, "PNG")
    return out


class Pen:
    """Strokes in picture coordinates (0..1) on the image, sized for the cell."""

    def __init__(self, image: Image.Image, box: tuple[float, float, float, float], font: str) -> None:
        self.image, self.box = image, box
        self.draw_ = ImageDraw.Draw(image)
        self.unit = max(2.0, min(box[2], box[3]) / 180)  # stroke width: 6 px on a 1080-wide picture
        self.font = ImageFont.truetype(font, max(12, round(min(box[2], box[3]) / 22)))

    def xy(self, point: Sequence[float]) -> tuple[float, float]:
        left, top, width, height = self.box
        return left + point[0] * width, top + point[1] * height

    def line(self, points: list[tuple[float, float]], color: str, width: float | None = None,
             dash: bool = False) -> None:
        width = round(width or self.unit)
        if dash:
            pieces = []
            for a, b in zip(points, points[1:]):
                length = math.dist(a, b)
                steps = max(1, int(length // (width * 4)))
                for i in range(0, steps, 2):
                    f0, f1 = i / steps, min(1.0, (i + 1) / steps)
                    pieces.append([(a[0] + (b[0] - a[0]) * f0, a[1] + (b[1] - a[1]) * f0),
                                   (a[0] + (b[0] - a[0]) * f1, a[1] + (b[1] - a[1]) * f1)])
        else:
            pieces = [points]
        for piece in pieces:
            self.draw_.line(piece, fill=SHADOW, width=width + 4, joint="curve")
        for piece in pieces:
            self.draw_.line(piece, fill=color, width=width, joint="curve")

    def text(self, at: tuple[float, float], text: str, color: str = "#ffffff") -> None:
        """A label in a dark box, kept inside the image."""
        left, top, right, bottom = self.draw_.textbbox((0, 0), text, font=self.font)
        pad = self.unit
        w, h = right - left + 2 * pad, bottom - top + 2 * pad
        x = min(max(at[0], 0), self.image.width - w)
        y = min(max(at[1], 0), self.image.height - h)
        self.draw_.rectangle([x, y, x + w, y + h], fill=(0, 0, 0, 170))
        self.draw_.text((x + pad - left, y + pad - top), text, font=self.font, fill=color)

    def draw(self, drawing: dict[str, Any]) -> None:
        kind, color = drawing["kind"], drawing.get("color") or "#ffd400"
        points = [self.xy(p) for p in drawing["points"]]
        label, value = drawing.get("label") or "", drawing.get("value")
        shown = " ".join(filter(None, [f"{value:.1f}°" if value is not None else "", label]))
        if kind in ("line", "freehand"):
            self.line(points, color)
        elif kind == "arrow":
            self.line(points, color)
            (x0, y0), (x1, y1) = points
            angle, size = math.atan2(y1 - y0, x1 - x0), self.unit * 4
            head = [(x1, y1)] + [(x1 - size * math.cos(angle + s), y1 - size * math.sin(angle + s))
                                 for s in (0.45, -0.45)]
            self.draw_.polygon(head, fill=color, outline=SHADOW)
        elif kind == "angle":
            self.line(points, color)
            a, vertex, b = points
            radius = min(math.dist(vertex, a), math.dist(vertex, b), self.unit * 10) * 0.6
            start = math.degrees(math.atan2(a[1] - vertex[1], a[0] - vertex[0]))
            end = math.degrees(math.atan2(b[1] - vertex[1], b[0] - vertex[0]))
            if (end - start) % 360 > 180:
                start, end = end, start
            box = [vertex[0] - radius, vertex[1] - radius, vertex[0] + radius, vertex[1] + radius]
            self.draw_.arc(box, start, end, fill=color, width=max(1, round(self.unit * 0.6)))
            if shown:
                self.text((vertex[0] + self.unit * 3, vertex[1] + self.unit * 2), shown, color)
            return
        elif kind in ("vertical", "horizontal"):
            self.line(points, color)
            (x0, y0), (x1, y1) = points
            length = math.dist(points[0], points[1])
            reference = ([(x0, y0), (x0, y0 + math.copysign(length, y1 - y0 or 1))] if kind == "vertical"
                         else [(x0, y0), (x0 + math.copysign(length, x1 - x0 or 1), y0)])
            self.line(reference, color, self.unit * 0.6, dash=True)
        elif kind == "circle":
            centre, rim = points
            r = math.dist(centre, rim)
            box = [centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r]
            self.draw_.ellipse(box, outline=SHADOW, width=round(self.unit) + 4)
            self.draw_.ellipse(box, outline=color, width=round(self.unit))
        elif kind == "text":
            self.text(points[0], label or "", color)
            return
        if shown:
            x = max(p[0] for p in points) + self.unit * 2
            y = min(p[1] for p in points)
            self.text((x, y), shown, color)
