"""Withdrawal deletes everything of the client's video: public media, the raw original upload and the
subtitles, with an audit row; an embed of the case then shows a neutral card, not the site's 404 page."""
from __future__ import annotations

import io
from datetime import date

from lxml import html
from sqlalchemy import select

from runphys import cases
from runphys.extensions import db
from runphys.models import AuditEvent, Case, Clip, User
from runphys.storage import media_prefix

from .helpers import ready_clip


def published_with_files(app, studio) -> tuple[tuple[int, str], int, list[str]]:
    """A published, embeddable case whose clip has its original, subtitles and public media stored."""
    case_id = studio.new_case("Hope's hamstring").id
    with app.app_context():
        stage_id = db.session.get(Case, case_id).stages[0].id
    clip_id = ready_clip(app, stage_id)
    store = app.extensions["runphys.storage"]
    with app.app_context():
        clip = db.session.get(Clip, clip_id)
        store.put_stream(clip.original_key, io.BytesIO(b"raw upload"))
        clip.subtitles_key = f"originals/{clip.uuid}/subtitles.vtt"
        store.put_stream(clip.subtitles_key, io.BytesIO(b"WEBVTT\n"))
        store.put_stream(media_prefix(clip.uuid, 1) + "360p.mp4", io.BytesIO(b"media"))
        row, user = db.session.get(Case, case_id), db.session.get(User, studio.user_id)
        cases.record_consent(row, user, "Hope Private", date(2026, 1, 2), scope_embeds=True)
        cases.publish_case(row, user)
        keys = [clip.original_key, clip.subtitles_key, media_prefix(clip.uuid, 1) + "360p.mp4"]
        return (case_id, row.slug), clip_id, keys


def test_withdrawal_deletes_the_original_and_subtitles_too_and_says_so(app, studio):
    (case_id, _), clip_id, keys = published_with_files(app, studio)
    store = app.extensions["runphys.storage"]
    assert [store.exists(k) for k in keys] == [True, True, True]
    studio.post(f"/studio/cases/{case_id}/withdraw")
    assert [store.exists(k) for k in keys] == [False, False, False]
    with app.app_context():
        clip = db.session.get(Clip, clip_id)
        assert (clip.original_key, clip.subtitles_key, clip.media) == (None, None, {})
        detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "consent.media_deleted"))
    assert detail == "1 clip: 1 public file, 1 original, 1 subtitles file"
    assert "consent.media_deleted" in studio.get(f"/studio/cases/{case_id}/consent").text


def test_an_embed_of_a_withdrawn_case_shows_a_neutral_card(app, studio, client):
    (case_id, slug), clip_id, _ = published_with_files(app, studio)
    with app.app_context():
        uid = db.session.get(Clip, clip_id).uuid
    studio.post(f"/studio/cases/{case_id}/withdraw")
    for path in (f"/embed/cases/{slug}", f"/embed/clips/{uid}", "/embed/cases/never-existed",
                 "/embed/clips/" + "0" * 32):
        r = client.get(path)
        doc = html.fromstring(r.data)
        assert r.status_code == 404, path
        assert doc.xpath("string(//main)").strip() == "This video is no longer available.", path
        assert not doc.xpath("//nav | //form | //header[@class='site-header']"), path  # no site chrome
        assert "X-Frame-Options" not in r.headers and "frame-ancestors *" in r.headers["Content-Security-Policy"]


def test_a_withdrawn_case_takes_no_new_video(app, studio, clip_file):
    """No new raw original after withdrawal: the plain upload, the API and tus all refuse before storing."""
    import base64

    from support import add_token
    (case_id, _), clip_id, _ = published_with_files(app, studio)
    studio.post(f"/studio/cases/{case_id}/withdraw")
    with app.app_context():
        stage_id = db.session.get(Clip, clip_id).stage_id
    auth = {"Authorization": f"Bearer {add_token(app, studio.email)}"}
    client = app.test_client()
    with open(clip_file, "rb") as f:
        r = client.post(f"/api/v1/stages/{stage_id}/clips", headers=auth, data={"file": (f, "again.mp4")})
    assert r.status_code == 409 and "withdrawn" in r.json["error"]
    meta = "stage_id " + base64.b64encode(str(stage_id).encode()).decode()
    r = client.post("/api/v1/uploads", headers={**auth, "Tus-Resumable": "1.0.0", "Upload-Length": "10",
                                                "Upload-Metadata": meta})
    assert r.status_code == 409
    with open(clip_file, "rb") as f:
        page = studio.post(f"/studio/stages/{stage_id}/clips", {"files": (f, "again.mp4"), "view": "side"},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "withdrawn" in page.text
    with app.app_context():
        assert [c.id for c in db.session.get(Case, case_id).clips] == [clip_id]
    assert app.extensions["runphys.storage"].keys("originals/") == []
