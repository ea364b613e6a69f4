"""Case edits are audited: who changed which details of a case, shown in the case's audit trail."""
from __future__ import annotations

from sqlalchemy import select

from runphys.extensions import db
from runphys.models import AuditEvent


def test_editing_a_case_records_who_changed_what(app, studio):
    case = studio.new_case("Hip drop on the left", summary="First words.")
    editor_form = {"title": "Hip drop on the right", "slug": case.slug, "summary": "First words.",
                   "client_alias": "", "cover_clip_id": "0"}
    assert studio.post(f"/studio/cases/{case.id}", editor_form).status_code == 302
    assert studio.post(f"/studio/cases/{case.id}", editor_form).status_code == 302  # nothing changed
    with app.app_context():
        events = db.session.execute(select(AuditEvent.user_id, AuditEvent.action, AuditEvent.detail)
                                    .where(AuditEvent.target == f"case:{case.id}")).all()
    assert [tuple(e) for e in events] == [(studio.user_id, "case.edited", "title")]
    trail = studio.get(f"/studio/cases/{case.id}/consent").text
    assert "case.edited — title" in trail and studio.email in trail
