"""The JSON API covers a case's whole life: list, read, update and delete cases, stages, clips and notes;
comparisons; consent recorded, read and withdrawn; publish, unlist and draft."""
from __future__ import annotations

from studio.helpers import ready_clip

from runphys.extensions import db
from runphys.models import Clip, ClipStatus


def test_cases_and_stages_are_listed_changed_and_deleted(client, auth) -> None:
    case = client.post("/api/v1/cases", json={"title": "Knee wobble"}, headers=auth).json
    assert [c["id"] for c in client.get("/api/v1/cases", headers=auth).json["cases"]] == [case["id"]]
    r = client.patch(f"/api/v1/cases/{case['id']}", json={"title": "Knee wobble fixed", "slug": "knee",
                                                           "categories": ["Knees"]}, headers=auth)
    assert r.status_code == 200, r.json
    assert (r.json["title"], r.json["slug"], r.json["categories"]) == ("Knee wobble fixed", "knee", ["Knees"])
    first = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    second = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "drill", "title": "Drills"},
                         headers=auth).json
    r = client.patch(f"/api/v1/stages/{second['id']}", json={"body": "Ten **skips**."}, headers=auth)
    assert (r.json["title"], r.json["body"]) == ("Drills", "Ten **skips**.")
    r = client.post(f"/api/v1/stages/{second['id']}/move", json={"direction": "up"}, headers=auth)
    assert [s["id"] for s in r.json["stages"]] == [second["id"], first["id"]]
    assert client.delete(f"/api/v1/stages/{first['id']}", headers=auth).status_code == 204
    assert [s["id"] for s in client.get(f"/api/v1/cases/{case['id']}/stages", headers=auth).json["stages"]] == [
        second["id"]]
    assert client.get(f"/api/v1/stages/{first['id']}", headers=auth).status_code == 404
    assert client.delete(f"/api/v1/cases/{case['id']}", headers=auth).status_code == 204
    assert client.get("/api/v1/cases", headers=auth).json == {"cases": []}


def test_clips_are_edited_reprocessed_and_deleted(app, client, auth, clip_file) -> None:
    case = client.post("/api/v1/cases", json={"title": "Overstride"}, headers=auth).json
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    with open(clip_file, "rb") as f:
        uploaded = client.post(f"/api/v1/stages/{stage['id']}/clips", headers=auth,
                               data={"file": (f, "side.mp4"), "caption": "Side"}).json
    with app.app_context():  # as if the worker had made version 1
        clip = db.session.get(Clip, uploaded["id"])
        clip.status, clip.duration, clip.version = ClipStatus.READY, 2.0, 1
        db.session.commit()
    r = client.patch(f"/api/v1/clips/{uploaded['id']}", json={"caption": "From the side", "view": "side"},
                     headers=auth)
    assert (r.json["caption"], r.json["view"], r.json["status"]) == ("From the side", "side", "ready")
    r = client.patch(f"/api/v1/clips/{uploaded['id']}", json={"trim_in": 0.5, "trim_out": 1.5, "strip_audio": True},
                     headers=auth)
    assert (r.json["trim_in"], r.json["trim_out"], r.json["strip_audio"], r.json["status"]) == (0.5, 1.5, True,
                                                                                               "queued")
    with app.app_context():
        db.session.get(Clip, uploaded["id"]).status = ClipStatus.READY
        db.session.commit()
    r = client.post(f"/api/v1/clips/{uploaded['id']}/reprocess", headers=auth)
    assert (r.status_code, r.json["status"]) == (202, "queued")
    listed = client.get(f"/api/v1/stages/{stage['id']}/clips", headers=auth).json["clips"]
    assert [c["id"] for c in listed] == [uploaded["id"]]
    with app.app_context():
        key = db.session.get(Clip, uploaded["id"]).original_key
    assert client.delete(f"/api/v1/clips/{uploaded['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/clips/{uploaded['id']}", headers=auth).status_code == 404
    assert not app.extensions["runphys.storage"].exists(key)


def test_a_clip_without_an_original_cannot_be_reprocessed(app, client, auth) -> None:
    case = client.post("/api/v1/cases", json={"title": "Overstride"}, headers=auth).json
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    clip = ready_clip(app, stage["id"])
    r = client.post(f"/api/v1/clips/{clip}/reprocess", headers=auth)
    assert (r.status_code, r.json) == (409, {"error": "This clip has no original file to process."})


def test_notes_are_listed_moved_and_deleted(app, client, auth) -> None:
    case = client.post("/api/v1/cases", json={"title": "Heel strike"}, headers=auth).json
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    clip = ready_clip(app, stage["id"])
    note = client.post(f"/api/v1/clips/{clip}/notes", json={"t": 1.0, "end": 2.0, "text": "Heel"}, headers=auth).json
    r = client.patch(f"/api/v1/notes/{note['id']}", json={"t": 1.5, "text": "Heel first"}, headers=auth)
    assert (r.json["t"], r.json["end"], r.json["text"]) == (1.5, 2.0, "Heel first")
    r = client.patch(f"/api/v1/notes/{note['id']}", json={"end": None}, headers=auth)
    assert r.json["end"] is None
    assert client.get(f"/api/v1/clips/{clip}/notes", headers=auth).json["notes"] == [r.json]
    assert client.get(f"/api/v1/clips/{clip}", headers=auth).json["notes"] == [r.json]
    assert client.delete(f"/api/v1/notes/{note['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/notes/{note['id']}", headers=auth).status_code == 404


def test_a_comparison_is_created_read_changed_and_deleted(app, client, auth) -> None:
    case = client.post("/api/v1/cases", json={"title": "Cadence"}, headers=auth).json
    stage = client.post(f"/api/v1/cases/{case['id']}/stages", json={"kind": "initial"}, headers=auth).json
    before, after = ready_clip(app, stage["id"]), ready_clip(app, stage["id"])
    r = client.post(f"/api/v1/cases/{case['id']}/comparisons", headers=auth,
                    json={"before_clip_id": before, "after_clip_id": after, "before_offset": 0.4})
    assert r.status_code == 201, r.json
    made = r.json
    again = client.post(f"/api/v1/cases/{case['id']}/comparisons", headers=auth,
                        json={"before_clip_id": before, "after_clip_id": after})
    assert again.status_code == 409
    r = client.patch(f"/api/v1/comparisons/{made['id']}", json={"after_offset": 1.25, "title": "Week 6"},
                     headers=auth)
    assert (r.json["before_offset"], r.json["after_offset"], r.json["title"]) == (0.4, 1.25, "Week 6")
    assert client.get(f"/api/v1/cases/{case['id']}/comparisons", headers=auth).json == {"comparisons": [r.json]}
    assert client.get(f"/api/v1/comparisons/{made['id']}", headers=auth).json == r.json
    assert client.delete(f"/api/v1/comparisons/{made['id']}", headers=auth).status_code == 204
    assert client.get(f"/api/v1/cases/{case['id']}/comparisons", headers=auth).json == {"comparisons": []}


def test_consent_status_and_withdrawal(client, auth) -> None:
    case = client.post("/api/v1/cases", json={"title": "Arm swing"}, headers=auth).json
    r = client.post(f"/api/v1/cases/{case['id']}/consent", headers=auth,
                    json={"client_name": "Jo Bloggs", "date": "2026-01-05", "scope_embeds": True})
    assert (r.status_code, r.json["scope_embeds"], r.json["date"]) == (201, True, "2026-01-05")
    for status in ("unlisted", "published", "draft"):
        r = client.post(f"/api/v1/cases/{case['id']}/status", json={"status": status}, headers=auth)
        assert r.json["status"] == status
    client.post(f"/api/v1/cases/{case['id']}/status", json={"status": "published"}, headers=auth)
    assert client.get(f"/cases/{case['slug']}").status_code == 200
    r = client.post(f"/api/v1/cases/{case['id']}/consent/withdraw", headers=auth)
    assert r.json["status"] == "withdrawn"
    assert client.get(f"/cases/{case['slug']}").status_code in (404, 410)
    consents = client.get(f"/api/v1/cases/{case['id']}/consent", headers=auth).json["consents"]
    assert [c["client_name"] for c in consents] == ["Jo Bloggs"] and consents[0]["withdrawn_at"]
    r = client.post(f"/api/v1/cases/{case['id']}/status", json={"status": "draft"}, headers=auth)
    assert r.status_code == 409
