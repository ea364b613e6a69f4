"""The front end's one time formatter (static/js/time.js), which the player, compare view, share box
and studio import, reads like the server's runphys.text.timecode."""
from __future__ import annotations

from runphys.text import timecode

CASES = [(3.0, 0), (3.0, 1), (59.96, 1), (59.6, 0), (62.5, 1), (-1.5, 1), (754.25, 2)]


def test_format_time_rounds_before_it_splits_minutes(page, static_server) -> None:
    (static_server.root / "blank.html").write_text("<!doctype html><title>t</title>")
    page.goto(static_server.url("/blank.html"))
    got = page.evaluate("""async (cases) => {
        const time = await import("/static/js/time.js");
        return cases.map(([t, d]) => time.formatTime(t, d)).concat([time.parseTime("1:02.5")]);
    }""", CASES)
    assert got == ["0:03", "0:03.0", "1:00.0", "1:00", "1:02.5", "-0:01.5", "12:34.25", 62.5]
    assert got[4] == timecode(62.5) and got[0] == timecode(3.0) and got[3] == timecode(60.0)
