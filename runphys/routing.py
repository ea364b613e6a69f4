"""URL converters: an `<int:…>` id is ASCII digits within the database's integer range."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's `integer` (the type of every primary key); SQLite's range is wider.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` for row ids: a value the database cannot hold, or non-ASCII digits, is a 404."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def parse_id(text: str | None) -> int | None:
    """The row id written in `text` (ASCII digits in the database's range), else None."""
    if not text or not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if value <= MAX_ID else None
