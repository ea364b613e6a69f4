"""Drawings (issue 12): stored as data on a note, measured the same way everywhere, editable through the API
by the case's editors only, gone with their note, their clip or a withdrawal."""
from __future__ import annotations

import json
import math
import re

import pytest
from studio.helpers import ready_clip
from support import add_token, add_user

from runphys.drawings import describe, measure
from runphys.extensions import db
from runphys.models import Clip, Drawing

KNEE = [[0.30, 0.20], [0.50, 0.50], [0.35, 0.85]]


def make_note(client, auth, app, t: float = 1.0) -> dict:
    case = client.post("/api/v1/cases", json={"title": "Knee wobble"}, headers=auth).json
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    clip_id = ready_clip(app, stage["id"])
    note = client.post(f"/api/v1/clips/{clip_id}/notes", json={"t": t, "text": "Foot strike"}, headers=auth).json
    return {"case": case, "clip_id": clip_id, "note": note}


# ---------------------------------------------------------------------------------------- measure

def test_angle_is_measured_at_the_vertex_in_degrees() -> None:
    assert measure("angle", [[1, 0.5], [0.5, 0.5], [0.5, 0]], 1.0) == 90.0
    assert measure("angle", [[0, 0.5], [0.5, 0.5], [1, 0.5]], 1.0) == 180.0
    assert measure("angle", [[0.9, 0.5], [0.5, 0.5], [0.9, 0.5]], 1.0) == 0.0
    # 30° at the vertex: leg B at (cos 30°, -sin 30°) in a square picture
    b = [0.5 + 0.4 * math.cos(math.radians(30)), 0.5 - 0.4 * math.sin(math.radians(30))]
    assert measure("angle", [[0.9, 0.5], [0.5, 0.5], b], 1.0) == 30.0


def test_angles_are_taken_in_the_pictures_proportions() -> None:
    # a diagonal of normalised points is 45° only in a square picture; in 16:9 it is flatter
    diagonal = [[0.0, 0.0], [1.0, 1.0]]
    assert measure("horizontal", diagonal, 1.0) == 45.0
    assert measure("horizontal", diagonal, 16 / 9) == round(math.degrees(math.atan2(9, 16)), 1) == 29.4
    assert measure("vertical", diagonal, 16 / 9) == 60.6
    # portrait 9:16: the same points are steep
    assert measure("vertical", diagonal, 9 / 16) == 29.4
    assert measure("angle", [[1, 0], [0, 0], [1, 1]], 16 / 9) == 29.4


def test_lean_and_shin_angles_ignore_direction() -> None:
    lean_forward, lean_back = [[0.5, 0.2], [0.45, 0.6]], [[0.45, 0.6], [0.5, 0.2]]
    assert measure("vertical", lean_forward, 1.0) == measure("vertical", lean_back, 1.0) == 7.1
    assert measure("horizontal", [[0.2, 0.5], [0.8, 0.5]], 1.0) == 0.0
    assert measure("vertical", [[0.5, 0.1], [0.5, 0.9]], 1.0) == 0.0


def test_kinds_that_measure_nothing_have_no_value() -> None:
    for kind, points in [("line", [[0, 0], [1, 1]]), ("arrow", [[0, 0], [1, 1]]), ("circle", [[0.5, 0.5], [0.6, 0.5]]),
                         ("text", [[0.5, 0.5]]), ("freehand", [[0, 0], [0.1, 0.2], [0.3, 0.3]])]:
        assert measure(kind, points, 1.0) is None


def test_screen_readers_hear_kind_value_and_label() -> None:
    assert describe("angle", 152.3, "knee") == "Angle, 152.3°: knee"
    assert describe("vertical", 7.0, "trunk lean") == "Angle to the vertical, 7.0°: trunk lean"
    assert describe("text", None, "Cadence 172") == "Text: Cadence 172"
    assert describe("line", None) == "Line"


# ------------------------------------------------------------------------------------------ API

def test_drawing_round_trip(app, client, auth) -> None:
    made = make_note(client, auth, app)
    note_id = made["note"]["id"]
    assert made["note"]["drawings"] == []
    r = client.post(f"/api/v1/notes/{note_id}/drawings", headers=auth,
                    json={"kind": "angle", "points": KNEE, "label": "knee", "color": "#00AAFF"})
    assert r.status_code == 201, r.json
    drawing = r.json
    # the picture is 640×360 (ready_clip): the value is taken in its proportions
    expected = measure("angle", KNEE, 640 / 360)
    assert drawing["value"] == expected and drawing["color"] == "#00aaff" and drawing["position"] == 0
    assert drawing["description"] == f"Angle, {expected:.1f}°: knee"
    assert client.get(f"/api/v1/drawings/{drawing['id']}", headers=auth).json == drawing
    listed = client.get(f"/api/v1/notes/{note_id}/drawings", headers=auth).json["drawings"]
    assert listed == [drawing]
    # the note (API and clip JSON) carries its drawings with their value
    assert client.get(f"/api/v1/notes/{note_id}", headers=auth).json["drawings"] == [drawing]
    clip = client.get(f"/api/v1/clips/{made['clip_id']}", headers=auth).json
    assert clip["notes"][0]["drawings"][0]["value"] == expected

    moved = [[0.2, 0.5], [0.5, 0.5], [0.5, 0.2]]
    r = client.patch(f"/api/v1/drawings/{drawing['id']}", json={"points": moved, "label": ""}, headers=auth)
    assert r.status_code == 200 and r.json["value"] == 90.0 and r.json["label"] == "" and r.json["color"] == "#00aaff"
    assert r.json["description"] == "Angle, 90.0°"
    second = client.post(f"/api/v1/notes/{note_id}/drawings", headers=auth,
                         json={"kind": "text", "points": [[0.1, 0.1]], "label": "Overstride"}).json
    assert second["position"] == 1 and second["value"] is None and second["color"] == "#ffd400"

    assert client.delete(f"/api/v1/drawings/{drawing['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/drawings/{drawing['id']}", headers=auth).status_code == 404
    assert [d["id"] for d in client.get(f"/api/v1/notes/{note_id}/drawings", headers=auth).json["drawings"]] \
        == [second["id"]]


@pytest.mark.parametrize("body, message", [
    ({"kind": "angle", "points": [[0.1, 0.1], [0.2, 0.2]]}, "A angle drawing needs 3 points, not 2."),
    ({"kind": "line", "points": [[0.1, 0.1], [1.2, 0.2]]}, "Point 2 lies outside the picture"),
    ({"kind": "line", "points": [[0.1, 0.1, 0.3], [0.2, 0.2]]}, "Point 1 must be a pair [x, y] of numbers."),
    ({"kind": "vertical", "points": [[0.1, 0.1], [0.1, 0.1]]}, "points 1 and 2 must differ"),
    ({"kind": "freehand", "points": [[0.1, 0.1]]}, "A freehand drawing needs 2 to 500 points, not 1."),
    ({"kind": "freehand", "points": [[0.1, 0.1]] * 501}, "Field points must hold 1 to 500 points [x, y]."),
    ({"kind": "text", "points": [[0.5, 0.5]]}, "A text drawing needs a label"),
    ({"kind": "square", "points": [[0.5, 0.5]]}, "Field kind must be one of: line, arrow, angle"),
    ({"kind": "line", "points": [[0, 0], [1, 1]], "color": "red"}, 'Field color must be a colour "#rrggbb".'),
    ({"kind": "line", "points": [[0, 0], [1, 1]], "label": "x" * 201}, "Field label must be at most 200"),
    ({"kind": "line", "points": [["a", 0], [1, 1]]}, "Field points items must be a number."),
    ({"kind": "line"}, "Missing field: points."),
])
def test_bad_drawings_get_a_clear_400(app, client, auth, body, message) -> None:
    note_id = make_note(client, auth, app)["note"]["id"]
    r = client.post(f"/api/v1/notes/{note_id}/drawings", json=body, headers=auth)
    assert r.status_code == 400 and message in r.json["error"], r.json
    assert client.get(f"/api/v1/notes/{note_id}/drawings", headers=auth).json["drawings"] == []


def test_only_the_cases_editors_may_draw(app, client, auth) -> None:
    made = make_note(client, auth, app)
    note_id = made["note"]["id"]
    drawing = client.post(f"/api/v1/notes/{note_id}/drawings", headers=auth,
                          json={"kind": "line", "points": [[0, 0], [1, 1]]}).json
    add_user(app, "other@example.com")
    other = {"Authorization": f"Bearer {add_token(app, 'other@example.com')}"}
    line = {"kind": "line", "points": [[0, 0], [1, 1]]}
    for method, url, body in [("GET", f"/api/v1/notes/{note_id}/drawings", None),
                              ("POST", f"/api/v1/notes/{note_id}/drawings", line),
                              ("GET", f"/api/v1/drawings/{drawing['id']}", None),
                              ("PATCH", f"/api/v1/drawings/{drawing['id']}", {"color": "#000000"}),
                              ("DELETE", f"/api/v1/drawings/{drawing['id']}", None)]:
        r = client.open(url, method=method, json=body, headers=other)
        assert r.status_code == 404 and r.json["error"] in ("No such note.", "No such drawing."), (method, url)
    assert client.open(f"/api/v1/drawings/{drawing['id']}", method="GET").status_code == 401
    assert client.get(f"/api/v1/drawings/{drawing['id']}", headers=auth).json["color"] == "#ffd400"


def _drawings_left(app) -> int:
    with app.app_context():
        return db.session.query(Drawing).count()


def test_drawings_go_with_their_note_and_clip(app, client, auth) -> None:
    made = make_note(client, auth, app)
    body = {"kind": "line", "points": [[0, 0], [1, 1]]}
    client.post(f"/api/v1/notes/{made['note']['id']}/drawings", json=body, headers=auth)
    assert _drawings_left(app) == 1
    assert client.delete(f"/api/v1/notes/{made['note']['id']}", headers=auth).status_code == 204
    assert _drawings_left(app) == 0
    note = client.post(f"/api/v1/clips/{made['clip_id']}/notes", json={"t": 2, "text": "x"}, headers=auth).json
    client.post(f"/api/v1/notes/{note['id']}/drawings", json=body, headers=auth)
    assert _drawings_left(app) == 1
    assert client.delete(f"/api/v1/clips/{made['clip_id']}", headers=auth).status_code == 204
    assert _drawings_left(app) == 0


def test_withdrawal_removes_drawings_but_keeps_notes(app, client, auth) -> None:
    made = make_note(client, auth, app)
    client.post(f"/api/v1/notes/{made['note']['id']}/drawings", json={"kind": "line", "points": [[0, 0], [1, 1]]},
                headers=auth)
    case_id = made["case"]["id"]
    assert client.post(f"/api/v1/cases/{case_id}/consent", json={"client_name": "Jo"}, headers=auth).status_code == 201
    assert client.post(f"/api/v1/cases/{case_id}/consent/withdraw", headers=auth).status_code == 200
    assert _drawings_left(app) == 0
    assert client.get(f"/api/v1/notes/{made['note']['id']}", headers=auth).json["drawings"] == []


def test_case_page_carries_drawings_in_played_time(app, client, auth) -> None:
    """The reader's player gets each note's drawings with the played range they are on screen."""
    made = make_note(client, auth, app, t=1.5)
    client.post(f"/api/v1/notes/{made['note']['id']}/drawings", headers=auth,
                json={"kind": "angle", "points": KNEE, "label": "knee"})
    with app.app_context():
        clip = db.session.get(Clip, made["clip_id"])
        clip.output_start = 0.5  # trimmed: played time = source − 0.5
        db.session.commit()
    case_id = made["case"]["id"]
    client.post(f"/api/v1/cases/{case_id}/consent", json={"client_name": "Jo"}, headers=auth)
    assert client.post(f"/api/v1/cases/{case_id}/publish", headers=auth).status_code == 200
    page = client.get(f"/cases/{made['case']['slug']}").get_data(as_text=True)
    found = re.search(r"data-drawings='([^']*)'", page)
    assert found, "no drawings on the case page"
    data = json.loads(found.group(1).replace("&#34;", '"').replace("&amp;", "&"))
    assert data["aspect"] == pytest.approx(640 / 360)
    (note,) = data["notes"]
    assert (note["t"], note["end"]) == (1.0, 2.0)  # source 1.5 .. 2.5, 1 s without an end
    assert note["drawings"][0]["value"] == measure("angle", KNEE, 640 / 360)
    assert note["drawings"][0]["description"].startswith("Angle, ")
