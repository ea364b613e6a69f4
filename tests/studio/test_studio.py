"""The studio through its forms: login, authorisation, CSRF, building a case, notes, consent,
publishing and withdrawal. CSRF protection stays on (WTF_CSRF_ENABLED is never turned off)."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from .helpers import Studio, csrf_of, login, ready_clip
from sqlalchemy import select
from support import PASSWORD, add_user, base_config, setup_db

from runphys import create_app
from runphys.extensions import db
from runphys.models import AuditEvent, Case, CaseStatus, Clip, ClipStatus, Note
from runphys.storage import media_prefix

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def case_row(app, case_id: int) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        _ = [(s.clips, s.kind) for s in case.stages], case.categories, case.consents
        db.session.expunge_all()
        return case


# ------------------------------------------------------------------------------- login & access

def test_anonymous_visitors_get_the_login_page_and_come_back_after(app, client):
    add_user(app, "maria@example.com")
    r = client.get("/studio/cases/new")
    assert r.status_code == 302 and "/auth/login?next=%2Fstudio%2Fcases%2Fnew" in r.headers["Location"]
    page = client.get(r.headers["Location"])
    r = client.post("/auth/login?next=/studio/cases/new", data={
        "email": "Maria@Example.com", "password": PASSWORD, "next": "/studio/cases/new",
        "csrf_token": csrf_of(page.text)})
    assert r.status_code == 302 and r.headers["Location"] == "/studio/cases/new"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"])
def test_next_redirects_stay_on_the_site(app, client, target):
    add_user(app, "maria@example.com")
    page = client.get("/auth/login")
    r = client.post("/auth/login", data={"email": "maria@example.com", "password": PASSWORD, "next": target,
                                         "csrf_token": csrf_of(page.text)})
    assert r.status_code == 302 and r.headers["Location"] == "/studio/"


def test_wrong_password_and_logout(app, client):
    add_user(app, "maria@example.com")
    r = login(client, "maria@example.com", "not the password")
    assert r.status_code == 200 and "do not match an account" in r.text
    assert client.get("/studio/").status_code == 302
    assert login(client, "maria@example.com").status_code == 302
    page = client.get("/studio/")
    assert page.status_code == 200 and "maria@example.com" not in page.text  # shows the name, not the email
    r = client.post("/auth/logout", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 302
    assert client.get("/studio/").status_code == 302


def test_login_attempts_are_rate_limited(tmp_path):
    app = create_app({**base_config(tmp_path), "RATELIMIT_LOGIN": "3 per minute"})
    setup_db(app)
    add_user(app, "maria@example.com")
    client = app.test_client()
    codes = [login(client, "maria@example.com", "guess").status_code for _ in range(4)]
    assert codes[:3] == [200, 200, 200] and codes[3] == 429


def test_password_change(app, studio):
    r = studio.post("/auth/password", {"current": "wrong", "new": "a much longer secret", "confirm": "a much longer secret"})
    assert "not your current password" in r.text
    r = studio.post("/auth/password", {"current": PASSWORD, "new": "a much longer secret",
                                       "confirm": "a much longer secret"})
    assert r.status_code == 302
    fresh = app.test_client()
    assert login(fresh, studio.email, PASSWORD).status_code == 200
    assert login(fresh, studio.email, "a much longer secret").status_code == 302


def test_a_form_post_without_csrf_token_is_refused(app, studio):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    r = studio.client.post("/studio/cases/new", data={"title": "No token"})
    assert r.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Case).where(Case.title == "No token")) is None
    # the tus endpoint with a session (no Bearer token) needs the X-CSRFToken header too
    r = studio.client.post("/api/v1/uploads", headers={"Tus-Resumable": "1.0.0", "Upload-Length": "10"})
    assert r.status_code == 401


def test_a_physio_cannot_touch_another_physios_case(app, studio, other):
    case = studio.new_case()
    stage_id = case_row(app, case.id).stages[0].id
    clip_id = ready_clip(app, stage_id)
    assert other.get(f"/studio/cases/{case.id}").status_code == 404
    assert other.post(f"/studio/cases/{case.id}", {"title": "Mine now"}).status_code == 404
    assert other.post(f"/studio/stages/{stage_id}/delete").status_code == 404
    assert other.get(f"/studio/clips/{clip_id}").status_code == 404
    assert other.post(f"/studio/clips/{clip_id}/notes", {"new-t": "1", "new-text": "x"}).status_code == 404
    assert other.get(f"/studio/cases/{case.id}/consent").status_code == 404
    assert case.title not in other.get("/studio/").text
    editor = Studio(app, "ed@example.com", "editor")
    assert editor.get(f"/studio/cases/{case.id}").status_code == 200
    assert case.title in editor.get("/studio/").text


def test_admin_manages_users(app):
    admin = Studio(app, "admin@example.com", "admin")
    r = admin.post("/auth/users", {"email": "new@example.com", "name": "New", "role": "physio",
                                   "password": "long enough secret"})
    assert r.status_code == 302
    assert login(app.test_client(), "new@example.com", "long enough secret").status_code == 302
    physio = Studio(app, "p@example.com")
    assert physio.get("/auth/users").status_code == 403


# ------------------------------------------------------------------------------ building a case

def test_create_a_case_with_three_stages_and_edit_it(app, studio, client):
    case = studio.new_case("Jonathan's hip external rotation", summary="Hips drop.", client_alias="Jonathan",
                           categories=["hips", "run-form"])
    row = case_row(app, case.id)
    assert row.slug == "jonathan-s-hip-external-rotation"
    assert [s.kind.value for s in row.stages] == ["initial", "drill", "result"]
    assert sorted(c.slug for c in row.categories) == ["hips", "run-form"]
    page = studio.get(f"/studio/cases/{case.id}")
    assert page.status_code == 200 and "Initial form" in page.text and "Add clips" in page.text

    other = studio.new_case("Another")
    r = studio.post(f"/studio/cases/{case.id}", {"title": "Jonathan", "slug": other.slug, "summary": "",
                                                 "client_alias": "J", "cover_clip_id": "0"})
    assert r.status_code == 200 and f"The address “{other.slug}” is already used by another case." in r.text
    assert (case_row(app, case.id).slug, case_row(app, case.id).title) == ("jonathan-s-hip-external-rotation",
                                                                         "Jonathan's hip external rotation")
    r = studio.post(f"/studio/cases/{case.id}", {"title": "Jonathan's hips", "slug": "jonathan-hips",
                                                 "summary": "Better.", "client_alias": "J", "cover_clip_id": "0"})
    assert r.status_code == 302 and case_row(app, case.id).slug == "jonathan-hips"

    stages = case_row(app, case.id).stages
    drill = stages[1]
    r = studio.post(f"/studio/stages/{drill.id}", {f"stage{drill.id}-title": "Clamshells",
                                                   f"stage{drill.id}-body": "**Slow** <script>alert(1)</script>"})
    assert r.status_code == 302
    preview = studio.get(f"/studio/cases/{case.id}/preview")
    assert preview.status_code == 200 and "<strong>Slow</strong>" in preview.text
    assert "<script>alert(1)" not in preview.text
    assert client.get("/cases/jonathan-hips").status_code == 404  # still a draft

    studio.post(f"/studio/stages/{drill.id}/move/up")
    assert [s.kind.value for s in case_row(app, case.id).stages] == ["drill", "initial", "result"]
    studio.post(f"/studio/cases/{case.id}/stages", {"new-kind": "drill", "new-title": "Skips", "new-body": ""})
    assert [s.title for s in case_row(app, case.id).stages][-1] == "Skips"
    studio.post(f"/studio/stages/{drill.id}/delete")
    assert [s.position for s in case_row(app, case.id).stages] == [0, 1, 2]


def test_plain_post_and_page(app, studio):
    r = studio.post("/studio/cases/new?kind=post", {"title": "Why cadence matters"})
    case_id = int(r.headers["Location"].split("/")[-1])
    row = case_row(app, case_id)
    assert row.kind.value == "post" and [s.kind.value for s in row.stages] == ["section"]
    assert studio.get("/studio/pages/new").status_code == 403  # pages are for editors
    editor = Studio(app, "ed@example.com", "editor")
    r = editor.post("/studio/pages/new", {"title": "Clinic hours", "body": "Mondays to Thursdays.", "in_nav": "y"})
    assert r.status_code == 302 and "Clinic hours" in editor.get("/studio/").text


def test_upload_without_javascript_then_clip_settings(app, studio, clip_file):
    case = studio.new_case()
    stage = case_row(app, case.id).stages[0]
    with open(clip_file, "rb") as f:
        r = studio.post(f"/studio/stages/{stage.id}/clips", {"files": (f, "side.mp4"), "caption": "From the side",
                                                             "view": "side"}, content_type="multipart/form-data")
    assert r.status_code == 302
    clip = case_row(app, case.id).stages[0].clips[0]
    assert clip.caption == "From the side" and clip.status == ClipStatus.QUEUED
    status = studio.get(f"/studio/clips/{clip.id}/status.json").json
    assert status["status"] == "queued" and "Queued" in status["html_status"]

    with app.app_context():
        row = db.session.get(Clip, clip.id)
        row.status, row.duration = ClipStatus.READY, 2.0
        db.session.commit()
    r = studio.post(f"/studio/clips/{clip.id}", {"caption": "Side, trimmed", "view": "side", "trim_in": "0.5",
                                                 "trim_out": "1.5"})
    assert r.status_code == 302
    with app.app_context():
        row = db.session.get(Clip, clip.id)
        assert (row.trim_in, row.trim_out, row.status) == (0.5, 1.5, ClipStatus.QUEUED)  # re-processing queued
    r = studio.post(f"/studio/clips/{clip.id}", {"caption": "x", "view": "side", "trim_in": "1.5", "trim_out": "1"})
    assert "Trim out must come after trim in" in r.text


def test_subtitles_must_be_webvtt_and_are_sanitised(app, studio):
    case = studio.new_case()
    clip_id = ready_clip(app, case_row(app, case.id).stages[0].id)
    r = studio.post(f"/studio/clips/{clip_id}", {"caption": "c", "view": "side",
                                                 "subtitles": (io.BytesIO(b"1\n00:00:01,000 --> 00:00:02,000\nHi\n"), "x.srt")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "not a WebVTT file" in r.text
    vtt = b"WEBVTT\n\n00:00.500 --> 00:01.500 align:start\nKeep <b>hips</b> <script>x</script>level\n"
    studio.post(f"/studio/clips/{clip_id}", {"caption": "c", "view": "side", "subtitles": (io.BytesIO(vtt), "s.vtt")},
                content_type="multipart/form-data")
    with app.app_context():
        clip = db.session.get(Clip, clip_id)
        with app.extensions["runphys.storage"].open(clip.subtitles_key) as f:
            stored = f.read().decode()
    assert stored.startswith("WEBVTT") and "00:00.500 --> 00:01.500" in stored
    assert "<" not in stored.split("\n", 3)[3] and "Keep hips xlevel" in stored


def test_notes_add_edit_move_delete(app, studio):
    case = studio.new_case()
    clip_id = ready_clip(app, case_row(app, case.id).stages[0].id, duration=4.0)
    page = studio.get(f"/studio/clips/{clip_id}")
    assert "Add a note here" in page.text and 'aria-keyshortcuts="n"' in page.text
    studio.post(f"/studio/clips/{clip_id}/notes", {"new-t": "1.25", "new-text": "Left hip drops"})
    r = studio.post(f"/studio/clips/{clip_id}/notes", {"new-t": "9", "new-text": "Past the end"}, follow_redirects=True)
    assert "outside the clip" in r.text
    with app.app_context():
        note = db.session.scalar(select(Note).where(Note.clip_id == clip_id))
    studio.post(f"/studio/notes/{note.id}", {f"note{note.id}-t": "2.5", f"note{note.id}-text": "Left hip drops a lot"})
    with app.app_context():
        note = db.session.get(Note, note.id)
        assert (note.t, note.text) == (2.5, "Left hip drops a lot")
    studio.post(f"/studio/notes/{note.id}/delete")
    with app.app_context():
        assert db.session.get(Note, note.id) is None


def test_comparison_is_saved_and_previewed(app, studio):
    case = studio.new_case()
    stages = case_row(app, case.id).stages
    before, after = ready_clip(app, stages[0].id, caption="Before"), ready_clip(app, stages[2].id, caption="After")
    r = studio.post(f"/studio/cases/{case.id}/comparison", {"title": "Hip drop fixed", "before_clip_id": before,
                                                            "after_clip_id": after, "before_offset": "1.2",
                                                            "after_offset": "0.8"})
    assert r.status_code == 302
    page = studio.get(f"/studio/cases/{case.id}/comparison").text
    # The set-up shows the saved pair locked at its sync points (played seconds; no trim here).
    assert 'data-before-offset="1.200"' in page and 'data-after-offset="0.800"' in page
    assert 'data-locked="true"' in page and "js/studio/comparison.js" in page


def test_a_new_comparison_pairs_the_initial_form_with_the_result(app, studio):
    case = studio.new_case()
    stages = case_row(app, case.id).stages
    assert [s.kind.value for s in stages][:1] == ["initial"] and stages[2].kind.value == "result"
    ready_clip(app, stages[1].id, caption="Drill")
    before, after = ready_clip(app, stages[0].id, caption="Before"), ready_clip(app, stages[2].id, caption="After")
    page = studio.get(f"/studio/cases/{case.id}/comparison").text
    assert re.search(rf'<option selected value="{before}">|<option value="{before}" selected>', page)
    assert re.search(rf'<option selected value="{after}">|<option value="{after}" selected>', page)
    # Both are shown side by side to scrub, not yet locked (nothing is saved).
    assert f'data-before-id="{before}" data-after-id="{after}"' in page and 'data-locked="false"' in page


# -------------------------------------------------------------------------- consent & publishing

def test_publishing_needs_consent_then_withdrawal_takes_everything_down(app, studio, client, other):
    case = studio.new_case("Taylor's back pain", client_alias="Taylor")
    clip_id = ready_clip(app, case_row(app, case.id).stages[0].id)
    store = app.extensions["runphys.storage"]
    with app.app_context():
        clip = db.session.get(Clip, clip_id)
        for name in ("360p.mp4", "poster.jpg"):
            store.put_stream(media_prefix(clip.uuid, 1) + name, io.BytesIO(b"media"))
        uuid = clip.uuid

    r = studio.post(f"/studio/cases/{case.id}/status", {"status": "published"}, follow_redirects=True)
    assert "consent before publishing this case" in r.text
    assert case_row(app, case.id).status == CaseStatus.DRAFT
    assert client.get(f"/cases/{case.slug}").status_code == 404

    r = studio.post(f"/studio/cases/{case.id}/consent", {"client_name": "Taylor Private-Surname", "consented_on": "2026-11-20",
                                                         "scope_site": "y",
                                                         "document": (io.BytesIO(b"just text"), "form.pdf")},
                    content_type="multipart/form-data")
    assert "must be a PDF or a photo" in r.text and case_row(app, case.id).consents == []
    r = studio.post(f"/studio/cases/{case.id}/consent", {"client_name": "Taylor Private-Surname", "consented_on": "2026-11-20",
                                                         "scope_site": "y", "scope_embeds": "y",
                                                         "document": (io.BytesIO(PDF), "form.pdf")},
                    content_type="multipart/form-data")
    assert r.status_code == 302
    consent = case_row(app, case.id).consents[0]
    assert consent.consented_on == date(2026, 11, 20) and consent.scope_embeds
    assert not consent.document_key.startswith("media/")  # private, never a public URL
    doc = studio.get(f"/studio/consents/{consent.id}/document")
    assert doc.status_code == 200 and doc.data == PDF and doc.mimetype == "application/pdf"
    assert other.get(f"/studio/consents/{consent.id}/document").status_code == 404
    assert client.get(f"/studio/consents/{consent.id}/document").status_code == 302  # to the login page

    r = studio.post(f"/studio/cases/{case.id}/status", {"status": "published"})
    assert r.status_code == 302 and case_row(app, case.id).status == CaseStatus.PUBLISHED
    public = client.get(f"/cases/{case.slug}")
    assert public.status_code == 200 and "Taylor Private-Surname" not in public.text

    r = studio.post(f"/studio/cases/{case.id}/withdraw", follow_redirects=True)
    assert "Consent withdrawn" in r.text
    assert case_row(app, case.id).status == CaseStatus.WITHDRAWN
    assert client.get(f"/cases/{case.slug}").status_code == 410
    with app.app_context():
        assert store.delete_prefix(media_prefix(uuid)) == 0  # nothing public left
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target == f"case:{case.id}")).all()
    assert {"consent.recorded", "case.published", "consent.withdrawn"} <= set(actions)
    page = studio.get(f"/studio/cases/{case.id}/consent").text
    assert "consent.withdrawn" in page and studio.email in page and "Audit trail" in page
    r = studio.post(f"/studio/cases/{case.id}/status", {"status": "published"}, follow_redirects=True)
    assert case_row(app, case.id).status == CaseStatus.WITHDRAWN


def test_clips_reordered_by_drag_and_drop_endpoint(app, studio, other):
    case = studio.new_case()
    stage_id = case_row(app, case.id).stages[0].id
    ids = [ready_clip(app, stage_id, caption=f"Clip {n}") for n in range(3)]
    headers = {"X-CSRFToken": studio.token}
    r = studio.client.post(f"/studio/stages/{stage_id}/order", json={"clips": ids[::-1]}, headers=headers)
    assert r.status_code == 200 and r.json["clips"] == ids[::-1]
    assert [c.id for c in case_row(app, case.id).stages[0].clips] == ids[::-1]
    assert studio.client.post(f"/studio/stages/{stage_id}/order", json={"clips": ids[:2]},
                              headers=headers).status_code == 409
    assert studio.client.post(f"/studio/stages/{stage_id}/order", json={"clips": ids}).status_code == 400  # no CSRF
    assert other.client.post(f"/studio/stages/{stage_id}/order", json={"clips": ids},
                             headers={"X-CSRFToken": other.token}).status_code == 404


def test_deleting_a_draft_case_removes_its_files_and_consent_form(app, studio):
    case = studio.new_case()
    stages = case_row(app, case.id).stages
    before, after = ready_clip(app, stages[0].id), ready_clip(app, stages[2].id)
    studio.post(f"/studio/cases/{case.id}/comparison", {"before_clip_id": before, "after_clip_id": after,
                                                        "before_offset": "0", "after_offset": "0"})
    studio.post(f"/studio/cases/{case.id}/consent", {"client_name": "Private", "consented_on": "2026-11-20",
                                                     "scope_site": "y", "document": (io.BytesIO(PDF), "form.pdf")},
                content_type="multipart/form-data")
    document_key = case_row(app, case.id).consents[0].document_key
    store = app.extensions["runphys.storage"]
    assert store.exists(document_key)
    r = studio.post(f"/studio/cases/{case.id}/delete")
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(Case, case.id) is None
        assert db.session.scalars(select(Clip)).all() == []
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.deleted")) is not None
    assert not store.exists(document_key)


def test_a_wrong_subtitles_file_leaves_the_current_subtitles_in_place(app, studio):
    case = studio.new_case()
    clip_id = ready_clip(app, case_row(app, case.id).stages[0].id)
    good = b"WEBVTT\n\n00:00.500 --> 00:01.500\nKeep the hips level\n"
    studio.post(f"/studio/clips/{clip_id}", {"caption": "c", "view": "side", "subtitles": (io.BytesIO(good), "s.vtt")},
                content_type="multipart/form-data")
    r = studio.post(f"/studio/clips/{clip_id}", {"caption": "c", "view": "side",
                                                 "subtitles": (io.BytesIO(b"not subtitles"), "s.vtt")},
                    content_type="multipart/form-data", follow_redirects=True)
    assert "not a WebVTT file" in r.text
    with app.app_context():
        clip = db.session.get(Clip, clip_id)
        with app.extensions["runphys.storage"].open(clip.subtitles_key) as f:
            assert "Keep the hips level" in f.read().decode()


def test_preview_is_the_page_readers_see(app, studio, client):
    """Comparisons, the drill list and comments included: preview renders the public page itself."""
    from lxml import etree, html

    from runphys import cases
    from runphys.models import Comment, CommentStatus, User
    from runphys.studio import edits
    case = studio.new_case("Knee wobble", summary="Hips & knees.")
    initial, drills, result = case_row(app, case.id).stages
    before = ready_clip(app, initial.id, caption="Before")
    ready_clip(app, drills.id, caption="Clamshells")
    after = ready_clip(app, result.id, caption="After")
    with app.app_context():
        row, user = db.session.get(Case, case.id), db.session.get(User, studio.user_id)
        edits.save_comparison(row, before, after, 0.5, 0.2, "Before and after")
        cases.record_consent(row, user, "Private", date(2026, 1, 2))
        cases.publish_case(row, user)
        db.session.add(Comment(case_id=case.id, name="Jo", body="Thanks!", status=CommentStatus.APPROVED))
        db.session.commit()

    def article(page: str) -> str:
        return etree.tostring(html.fromstring(page).xpath("//article[contains(@class,'case')]")[0]).decode()
    public = article(client.get(f"/cases/{case.slug}").text)
    preview = studio.get(f"/studio/cases/{case.id}/preview")
    assert preview.headers["X-Robots-Tag"] == "noindex"
    assert "Before and after" in public and "Drill list" in public and "Thanks!" in public
    assert article(preview.text) == public


def test_a_note_time_reads_the_same_in_the_studio_and_on_the_public_page(app, studio, client):
    """One time formatter: 62.5 s is 1:02.5 and 3 s is 0:03 on every page (the studio wrote 0:03.0)."""
    from lxml import html

    from runphys import cases
    from runphys.models import User
    case = studio.new_case("Timed notes")
    clip_id = ready_clip(app, case_row(app, case.id).stages[0].id, duration=90.0)
    for t, text in ((3.0, "Foot strike"), (62.5, "Hip drops"), (59.96, "Almost a minute")):
        studio.post(f"/studio/clips/{clip_id}/notes", {"new-t": str(t), "new-text": text})
    with app.app_context():
        row, user = db.session.get(Case, case.id), db.session.get(User, studio.user_id)
        cases.record_consent(row, user, "Private", date(2026, 1, 2))
        cases.publish_case(row, user)
    studio_labels = html.fromstring(studio.get(f"/studio/clips/{clip_id}").text).xpath("//button[@data-t]/text()")
    public_labels = html.fromstring(client.get(f"/cases/{case.slug}").text).xpath("//a[@class='note-link']/text()")
    assert studio_labels == public_labels == ["0:03", "1:00", "1:02.5"]


def test_a_rows_caption_and_view_save_without_javascript_and_nothing_is_processed_again(app) -> None:
    studio = Studio(app, "maria@example.com")
    case = studio.new_case()
    with app.app_context():
        stage_id = db.session.get(Case, case.id).stages[0].id
    clip_id = ready_clip(app, stage_id, caption="")
    page = studio.get(f"/studio/cases/{case.id}").text
    assert f'action="/studio/clips/{clip_id}/label"' in page
    r = studio.post(f"/studio/clips/{clip_id}/label", {"caption": "  Behind: crossover ", "view": "behind"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/studio/cases/{case.id}#clip-{clip_id}")
    refused = studio.post(f"/studio/clips/{clip_id}/label", {"caption": "x", "view": "sideways"},
                          headers={"Accept": "application/json"})
    assert (refused.status_code, refused.json["error"]) == (400, "View: Not a valid choice.")
    with app.app_context():
        clip = db.session.get(Clip, clip_id)
        assert (clip.caption, clip.view.value, clip.status, clip.version) == ("Behind: crossover", "behind",
                                                                              ClipStatus.READY, 1)
