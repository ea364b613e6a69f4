"""API v1 validation and authorisation: a client gets a clear 4xx, and nothing half-made stays behind."""
from __future__ import annotations

import io
import re

import pytest

from runphys.extensions import db
from runphys.models import Case, Clip, ClipStatus
from runphys.openapi import Undocumented, document
from support import add_token, add_user


def make_case(client, auth, **extra) -> dict:
    r = client.post("/api/v1/cases", json={"title": "Knee wobble", **extra}, headers=auth)
    assert r.status_code == 201, r.json
    return r.json


def test_no_token_gets_401(client) -> None:
    r = client.post("/api/v1/cases", json={"title": "x"})
    assert r.status_code == 401 and "Bearer" in r.json["error"]
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/api/v1/clips/1", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_token_is_stored_hashed(app, token) -> None:
    from runphys.models import ApiToken
    with app.app_context():
        stored = db.session.scalars(db.select(ApiToken.token_hash)).all()
    assert token not in stored and ApiToken.hash(token) in stored


def test_missing_and_wrong_fields_get_400(client, auth) -> None:
    assert client.post("/api/v1/cases", json={}, headers=auth).json == {"error": "Missing field: title."}
    r = client.post("/api/v1/cases", data="not json", headers=auth)
    assert r.status_code == 400 and "JSON object" in r.json["error"]
    r = client.post("/api/v1/cases", json={"title": "x", "categories": ["Elbows"]}, headers=auth)
    assert r.status_code == 400 and "Unknown category: Elbows" in r.json["error"]
    case = make_case(client, auth)
    r = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "warmup"}, headers=auth)
    assert r.status_code == 400 and "initial, drill, result" in r.json["error"]
    assert client.post("/api/v1/cases/999/stages", json={"kind": "drill"}, headers=auth).status_code == 404


def test_slugs_are_unique(client, auth) -> None:
    assert make_case(client, auth)["slug"] == "knee-wobble"
    assert make_case(client, auth)["slug"] == "knee-wobble-2"


def test_clip_upload_needs_a_file_and_a_known_view(app, client, auth) -> None:
    case = make_case(client, auth)
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    r = client.post(f"/api/v1/stages/{stage['id']}/clips", data={"caption": "x"}, headers=auth)
    assert r.status_code == 400 and "'file'" in r.json["error"]
    r = client.post(f"/api/v1/stages/{stage['id']}/clips", headers=auth,
                    data={"file": (io.BytesIO(b"x" * 10), "a.mp4"), "view": "sideways"})
    assert r.status_code == 400 and "side, behind" in r.json["error"]
    r = client.post(f"/api/v1/stages/{stage['id']}/clips", headers=auth, data={"file": (io.BytesIO(b""), "a.mp4")})
    assert r.status_code == 400 and r.json["error"] == "The file is empty."
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Clip.id))) == 0  # nothing half-made


def test_clip_upload_is_queued_and_reported(app, client, auth, clip_file) -> None:
    case = make_case(client, auth)
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    with open(clip_file, "rb") as f:
        r = client.post(f"/api/v1/stages/{stage['id']}/clips", headers=auth,
                        data={"file": (f, "side.mp4"), "caption": "Side", "view": "side"})
    assert r.status_code == 202
    status = client.get(r.json["status_url"], headers=auth).json
    assert status["status"] == "queued" and status["caption"] == "Side" and status["renditions"] == []
    with app.app_context():
        clip = db.session.get(Clip, r.json["id"])
        assert clip.status == ClipStatus.QUEUED
        assert app.extensions["runphys.storage"].size(clip.original_key) == clip_file.stat().st_size


def test_a_physio_cannot_touch_another_physios_case(app, client, auth) -> None:
    case = make_case(client, auth)
    add_user(app, "other@example.com")
    other = {"Authorization": f"Bearer {add_token(app, 'other@example.com')}"}
    r = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "drill"}, headers=other)
    assert (r.status_code, r.json) == (404, {"error": "No such case."})  # as if it did not exist
    assert client.post(f"/api/v1/cases/{case['id']}/publish", headers=other).status_code == 404


def test_publish_needs_consent(app, client, auth) -> None:
    case = make_case(client, auth)
    r = client.post(f"/api/v1/cases/{case['id']}/publish", headers=auth)
    assert r.status_code == 409 and "consent" in r.json["error"]
    assert client.get(f"/cases/{case['slug']}").status_code == 404
    r = client.post(f"/api/v1/cases/{case['id']}/consent", json={"client_name": "Jo", "date": "12/01/2026"},
                    headers=auth)
    assert r.status_code == 400 and "ISO date" in r.json["error"]
    assert client.post(f"/api/v1/cases/{case['id']}/consent", json={"client_name": "Jo"},
                       headers=auth).status_code == 201
    assert client.post(f"/api/v1/cases/{case['id']}/publish", json={"unlisted": True},
                       headers=auth).json["status"] == "unlisted"
    assert client.get(f"/cases/{case['slug']}").status_code == 200
    assert case["title"] not in client.get("/").get_data(as_text=True)  # unlisted: by link only
    with app.app_context():
        assert db.session.get(Case, case["id"]).published_at is None


def test_openapi_document_lists_every_api_route_of_the_url_map(app, client) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"] == "3.1.0"
    documented = {(path, method.upper()) for path, item in doc["paths"].items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            methods = rule.methods - ({"HEAD"} if "GET" in rule.methods else set())
            methods -= {"OPTIONS"} if methods != {"OPTIONS"} else set()
            routes |= {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule), m) for m in methods}
    assert ("/api/v1/clips/{clip_id}", "PATCH") in routes and ("/api/v1/uploads/{upload_id}", "PATCH") in routes
    assert documented == routes


def test_a_route_without_its_schemas_breaks_the_document(app) -> None:
    app.add_url_rule("/api/v1/sneaky", "sneaky", lambda: "x", methods=["POST"])
    with app.app_context(), pytest.raises(Undocumented, match="POST /api/v1/sneaky"):
        document(app)


def test_documented_bodies_are_the_ones_validated(client, auth) -> None:
    """The document's request schema is the validating one: unknown fields are refused in both."""
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert schemas["ConsentCreate"]["additionalProperties"] is False
    assert set(schemas["ConsentCreate"]["properties"]) == {"client_name", "date", "scope_site", "scope_embeds"}
    case = make_case(client, auth)
    r = client.post(f"/api/v1/cases/{case['id']}/consent", json={"client_name": "Jo", "scope": True}, headers=auth)
    assert r.status_code == 400 and r.json == {"error": "Unknown field: scope"}
    assert client.get(f"/api/v1/cases/{case['id']}/consent", headers=auth).json == {"consents": []}


def test_note_times_must_be_finite_numbers(client, auth, app) -> None:
    case = make_case(client, auth)
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    with app.app_context():
        from runphys.cases import new_clip
        from runphys.models import Stage
        clip = new_clip(db.session.get(Stage, stage["id"]), "run.mp4")
        clip.duration = 4.0
        db.session.commit()
        clip_id = clip.id
    for raw in ('{"t": NaN, "text": "x"}', '{"t": Infinity, "text": "x"}', '{"t": 1e999, "text": "x"}'):
        r = client.post(f"/api/v1/clips/{clip_id}/notes", data=raw, content_type="application/json", headers=auth)
        assert (r.status_code, r.json) == (400, {"error": "Field t must be a finite number."}), raw
    r = client.post(f"/api/v1/clips/{clip_id}/notes", json={"t": "1", "text": "x"}, headers=auth)
    assert (r.status_code, r.json) == (400, {"error": "Field t must be a number."})
    r = client.post(f"/api/v1/clips/{clip_id}/notes", json={"t": 1, "text": "x" * 2001}, headers=auth)
    assert (r.status_code, r.json) == (400, {"error": "Field text must be at most 2000 characters."})
    assert client.get(f"/api/v1/clips/{clip_id}/notes", headers=auth).json == {"notes": []}


def test_healthz_reports_components(client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json["status"] == "ok"
    assert r.json["db"]["ok"] and r.json["storage"]["ok"] and r.json["queue"]["ok"]
