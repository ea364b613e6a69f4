"""URL converters: an `<int:…>` id is ASCII digits within the database's integer range."""
from __future__ import annotations

from werkzeug.routing import IntegerConverter, Map

# PostgreSQL's `integer` (the type of every primary key); SQLite's range is wider.
MAX_ID = 2**31 - 1


def _at_most(limit: int) -> str:
    """A regular expression matching the decimal numbers 1..limit (no leading zero)."""
    digits = str(limit)
    shorter = rf"[1-9][0-9]{{0,{len(digits) - 2}}}" if len(digits) > 1 else ""
    same_length = []
    for i, d in enumerate(digits):  # the first i digits equal the limit's, the next one is smaller
        low = "1" if i == 0 else "0"
        if int(d) > int(low):
            rest = len(digits) - i - 1
            same_length.append(digits[:i] + f"[{low}-{int(d) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "(?:" + "|".join(filter(None, [shorter, *same_length, digits])) + ")"


class IdConverter(IntegerConverter):
    """`<int:…>` for row ids: a value the database cannot hold, or non-ASCII digits, is a 404.

    The range is in the regular expression, not only in to_python: Werkzeug answers 405 instead of
    404 when a rule of another method matched the path before its converter refused the value.
    """

    regex = _at_most(MAX_ID)

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def parse_id(text: str | None) -> int | None:
    """The row id written in `text` (ASCII digits in the database's range), else None."""
    if not text or not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if value <= MAX_ID else None
