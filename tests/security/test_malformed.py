"""Malformed input gets a 4xx with a message, never a 500: huge and non-ASCII ids in every route,
over-long file names, NaN and infinite times (issue 11, item 13)."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from runphys.extensions import db
from runphys.models import Clip, Comment, CommentStatus, Comparison, Note, Stage
from studio.helpers import Studio, ready_clip

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HUGE_ID = "9" * 25
BAD_INTS = [HUGE_ID, "2147483648", "١٢", "²"]
BAD_STRINGS = ["a" * 300, "nan", "١٢", "²", "%00"]
LONG_NAME = "a" * 300


@pytest.fixture
def world(app):
    """An admin with a case holding a stage, a ready clip with a note, consent, a comparison, a comment."""
    admin = Studio(app, "admin@example.com", role="admin")
    case = admin.new_case("Hip drop")
    with app.app_context():
        stage_id = db.session.scalars(select(Stage.id).where(Stage.case_id == case.id)).first()
    clip_id, other_clip = ready_clip(app, stage_id), ready_clip(app, stage_id)
    admin.post(f"/studio/clips/{clip_id}/notes", {"new-t": "1", "new-text": "foot strike"})
    admin.post(f"/studio/cases/{case.id}/consent", {"client_name": "Private", "consented_on": date.today().isoformat(),
                                                    "scope_site": "y"})
    admin.post(f"/studio/cases/{case.id}/comparison", {"title": "B/A", "before_clip_id": clip_id,
                                                       "after_clip_id": other_clip, "before_offset": "0",
                                                       "after_offset": "0"})
    with app.app_context():
        note_id = db.session.scalar(select(Note.id))
        clip_uid = db.session.get(Clip, clip_id).uuid
        comparison_uid = db.session.scalar(select(Comparison.public_id))
        db.session.add(Comment(case_id=case.id, name="R", body="hi", status=CommentStatus.PENDING))
        db.session.commit()
        comment_id = db.session.scalar(select(Comment.id))
    return admin, {"case_id": case.id, "stage_id": stage_id, "clip_id": clip_id, "note_id": note_id,
                   "comment_id": comment_id, "consent_id": 1, "comparison_id": 1, "page_id": 1,
                   "user_id": admin.user_id, "other_clip_id": other_clip, "slug": case.slug, "direction": "up", "ident": "1",
                   "key": "x", "filename": "x", "upload_id": "x",
                   "clip_uid": clip_uid, "comparison_uid": comparison_uid, "token": "not-a-signed-link",
                   "export_id": 1, "drawing_id": 1}


def malformed_paths(app, real: dict[str, object]):
    """Every route of the url_map with one argument at a time replaced by a malformed value."""
    from werkzeug.routing import IntegerConverter
    for rule in app.url_map.iter_rules():
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        for name, converter in rule._converters.items():
            for value in BAD_INTS if isinstance(converter, IntegerConverter) else BAD_STRINGS:
                args = {**{k: real[k] for k in rule.arguments}, name: value}
                yield methods, re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(args[m.group(1)]), rule.rule)


def test_malformed_values_in_every_route_never_give_a_server_error(app, world):
    admin, real = world
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 is answered (and counted), not raised
    anonymous = app.test_client()
    tried, failures = 0, []
    for methods, path in malformed_paths(app, real):
        for method in methods:
            for client in (admin.client, anonymous):
                data = {"csrf_token": admin.token} if method == "POST" and client is admin.client else None
                r = client.open(path, method=method, data=data)
                tried += 1
                if r.status_code >= 500:
                    failures.append(f"{method} {path[:80]} → {r.status_code}")
    assert tried > 300
    assert failures == []


MALFORMED_FORM = {"t": "nan", "end": "inf", "new-t": "nan", "new-end": "inf", "new-text": "x", "note1-t": "nan",
                  "note1-text": "x", "trim_in": "nan", "trim_out": "-inf", "before_offset": "nan",
                  "after_offset": "inf", "before_clip_id": "9" * 25, "after_clip_id": "١", "cover_clip_id": "nan",
                  "title": "x" * 300, "slug": "a" * 300, "kind": "²", "view": "side", "status": "nan", "role": "nan",
                  "consented_on": "2026-01-02", "client_name": "x", "scope_site": "y", "action": "nan",
                  "email": "a" * 300 + "@example.com", "name": "n", "body": "b"}


def test_malformed_forms_posted_to_every_route_never_give_a_server_error(app, world):
    admin, real = world
    app.config["PROPAGATE_EXCEPTIONS"] = False
    posted, failures = 0, []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or "delete" in rule.endpoint or "withdraw" in rule.endpoint:
            continue  # (they would take rows away from the routes after them)
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: str(real[m.group(1)]), rule.rule)
        files = {"files": (io.BytesIO(b"\0" * 64), LONG_NAME + ".mp4"), "file": (io.BytesIO(b"\0" * 64), LONG_NAME),
                 "document": (io.BytesIO(PDF), LONG_NAME + ".pdf"), "subtitles": (io.BytesIO(b"WEBVTT"), LONG_NAME)}
        r = admin.post(path, {**MALFORMED_FORM, **files}, content_type="multipart/form-data")
        posted += 1
        if r.status_code >= 500:
            failures.append(f"POST {path} → {r.status_code}")
    assert posted > 20
    assert failures == []


def test_a_25_digit_id_is_not_found(app, world):
    admin, _ = world
    for path in (f"/studio/cases/{HUGE_ID}", f"/clips/{HUGE_ID}", f"/studio/clips/{HUGE_ID}/status.json"):
        r = admin.get(path)
        assert r.status_code == 404, path
        assert "There is nothing at this address." in r.text


def test_non_ascii_digits_do_not_alias_a_real_id(app, world):
    admin, real = world
    arabic = str(real["case_id"]).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert admin.get(f"/studio/cases/{real['case_id']}").status_code == 200
    assert admin.get(f"/studio/cases/{arabic}").status_code == 404


NAN_FORMS = [
    ("/studio/clips/{clip_id}/notes", {"new-t": "nan", "new-text": "foot strike"}),
    ("/studio/clips/{clip_id}/notes", {"new-t": "1", "new-end": "inf", "new-text": "foot strike"}),
    ("/studio/clips/{clip_id}/notes", {"new-t": "-inf", "new-text": "foot strike"}),
    ("/studio/notes/{note_id}", {"note{note_id}-t": "nan", "note{note_id}-text": "foot strike"}),
    ("/studio/clips/{clip_id}", {"caption": "x", "view": "side", "trim_in": "nan"}),
    ("/studio/clips/{clip_id}", {"caption": "x", "view": "side", "trim_out": "inf"}),
    ("/studio/cases/{case_id}/comparison", {"title": "B/A", "before_clip_id": "{clip_id}", "after_clip_id": "{other_clip_id}",
                                            "before_offset": "nan", "after_offset": "0"}),
]


@pytest.mark.parametrize("path, form", NAN_FORMS)
def test_a_time_of_nan_or_infinity_is_refused_with_a_message(app, world, path, form):
    admin, real = world
    with app.app_context():
        notes_before = [(n.t, n.end) for n in db.session.scalars(select(Note))]
    fill = {k: str(v) for k, v in real.items()}
    r = admin.post(path.format(**fill), {k.format(**fill): v.format(**fill) for k, v in form.items()},
                   follow_redirects=True)
    assert r.status_code < 500
    assert "a finite number of seconds" in r.text
    with app.app_context():
        assert [(n.t, n.end) for n in db.session.scalars(select(Note))] == notes_before
        clip = db.session.get(Clip, real["clip_id"])
        assert clip.trim_in is None and clip.trim_out is None


def _stored_original(app, prefix: str) -> tuple[str, str]:
    with app.app_context():
        clip = db.session.scalar(select(Clip).where(Clip.original_name.startswith(prefix)))
        assert clip is not None, "the upload was not kept"
        return clip.original_name, clip.original_key


def test_a_300_character_file_name_is_kept_under_a_short_key_on_the_studio_upload(app, world):
    admin, real = world
    r = admin.post(f"/studio/stages/{real['stage_id']}/clips",
                   {"files": (io.BytesIO(b"\0" * 2048), LONG_NAME + ".mp4"), "caption": "", "view": "side"},
                   content_type="multipart/form-data", follow_redirects=True)
    assert "1 file(s) uploaded" in r.text
    name, key = _stored_original(app, "aaaa")
    assert name == (LONG_NAME + ".mp4")[:255]
    assert key.endswith(".mp4") and len(key.rsplit("/", 1)[1]) <= 100


def test_a_300_character_file_name_is_kept_on_the_consent_document(app, world):
    from runphys.models import Consent
    admin, real = world
    r = admin.post(f"/studio/cases/{real['case_id']}/consent",
                   {"client_name": "Private", "consented_on": date.today().isoformat(), "scope_site": "y",
                    "document": (io.BytesIO(PDF), LONG_NAME + ".pdf")},
                   content_type="multipart/form-data", follow_redirects=True)
    assert r.status_code == 200
    with app.app_context():
        consent = db.session.scalar(select(Consent).where(Consent.case_id == real["case_id"]).order_by(Consent.id.desc()))
        assert consent.document_name == (LONG_NAME + ".pdf")[:255]
        assert consent.document_key.endswith(".pdf") and len(consent.document_key.rsplit("/", 1)[1]) <= 100


def test_a_300_character_file_name_is_kept_on_the_api_upload(app, world, auth):
    _, real = world
    with app.app_context():
        from runphys.models import Case, User
        case = db.session.get(Case, real["case_id"])
        case.author_id = db.session.scalar(select(User.id).where(User.email == "physio@example.com"))
        db.session.commit()
    r = app.test_client().post(f"/api/v1/stages/{real['stage_id']}/clips", headers=auth,
                               data={"file": (io.BytesIO(b"\0" * 2048), LONG_NAME + ".mp4"), "view": "side"})
    assert r.status_code == 202, r.json
    name, key = _stored_original(app, "aaaa")
    assert name == (LONG_NAME + ".mp4")[:255] and len(key.rsplit("/", 1)[1]) <= 100
