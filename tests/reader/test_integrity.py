"""What belongs to a case goes with it, and a deleted case's id is never given to another one:
a withdrawn client's comments must never show on the next case (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from support import add_user, base_config, setup_db

from runphys import create_app
from runphys.extensions import db
from runphys.models import Case, Comment, CommentStatus, SearchEntry, Stage, User
from runphys.studio import edits

from .conftest import make_case

COMMENT = "Hope Grant's hamstring heals!"


def withdraw_and_delete_then_publish_another(app, author: int) -> tuple[int, int, str]:
    """Hope's case gets a comment, is withdrawn and deleted; then Taylor's case is published."""
    hope = make_case(app, author, "Hope's hamstring")
    with app.app_context():
        db.session.add(Comment(case_id=hope.id, name="A friend", body=COMMENT, status=CommentStatus.APPROVED))
        db.session.commit()
        case, user = db.session.get(Case, hope.id), db.session.get(User, author)
        from runphys import cases
        cases.withdraw_consent(case, user)
        edits.delete_case(db.session.get(Case, hope.id), user)
    taylor = make_case(app, author, "Taylor's back")
    return hope.id, taylor.id, taylor.slug


def check_nothing_of_a_deleted_case_survives(app, author: int) -> None:
    hope_id, taylor_id, taylor_slug = withdraw_and_delete_then_publish_another(app, author)
    assert taylor_id != hope_id
    page = app.test_client().get(f"/cases/{taylor_slug}").get_data(as_text=True)
    assert "Taylor&#39;s back" in page and "hamstring heals" not in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.case_id == hope_id)) == 0
        assert db.session.scalar(select(func.count()).select_from(SearchEntry)
                                 .where(SearchEntry.case_id == hope_id)) == 0
        # the database itself refuses orphans and cascades a raw delete, whatever the ORM does
        taylor = db.session.get(Case, taylor_id)
        db.session.add(Comment(case_id=taylor_id, name="B", body="Thanks", status=CommentStatus.APPROVED))
        db.session.commit()
        stage_ids = [s.id for s in taylor.stages]
        db.session.expunge_all()
        db.session.execute(text("DELETE FROM cases WHERE id = :id"), {"id": taylor_id})
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
        assert db.session.scalar(select(func.count()).select_from(Stage).where(Stage.id.in_(stage_ids))) == 0
        with pytest.raises(Exception, match="(?i)foreign key"):
            db.session.add(Comment(case_id=987654, name="C", body="orphan"))
            db.session.commit()
        db.session.rollback()


def test_a_deleted_case_takes_its_comments_and_its_id_with_it(app, author) -> None:
    check_nothing_of_a_deleted_case_survives(app, author)


@pytest.mark.postgres
def test_the_same_on_postgresql(tmp_path, pg_url) -> None:
    app = create_app({**base_config(tmp_path), "TESTING": True, "DATABASE_URL": pg_url})
    setup_db(app)
    try:
        check_nothing_of_a_deleted_case_survives(app, add_user(app, "mike@example.com"))
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.mark.embedded_only("SQLite reuses ids without AUTOINCREMENT; PostgreSQL's sequences never do")
def test_ids_of_linked_rows_are_never_reused_on_sqlite(app, author) -> None:
    """Every table whose ids appear in links is AUTOINCREMENT (a rebuilt table keeps it)."""
    with app.app_context():
        tables = dict(db.session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all())
    linked = ("users", "cases", "stages", "clips", "notes", "comparisons", "consents", "comments", "pages")
    assert {name: "AUTOINCREMENT" in tables[name] for name in linked} == {name: True for name in linked}

