"""The author's comment notice when mail cannot go: no SMTP host, or a server that is down, loses no
comment; and an emailed moderation link that has expired does nothing."""
from __future__ import annotations

import logging

import pytest

from lxml import html
from support import free_port

from runphys.extensions import db
from runphys.models import Comment, CommentStatus
from runphys.moderation import mail_link


@pytest.fixture(autouse=True)
def _moderation_logs(app):
    """setup_db runs Alembic's fileConfig in this process, which disables loggers that exist already."""
    logging.getLogger("runphys.moderation").disabled = False


def csrf(client, slug: str) -> str:
    page = client.get(f"/cases/{slug}/comment").data
    return html.fromstring(page).xpath("string(//input[@name='csrf_token']/@value)")


def send_comment(client, slug: str) -> int:
    form_url = f"/cases/{slug}/comment"
    token = csrf(client, slug)
    sent = client.post(form_url, data={"csrf_token": token, "name": "Jo", "body": "Nice drills.", "website": ""})
    return sent.status_code


def test_no_smtp_host_no_email_and_the_comment_is_kept(app, client, make, caplog) -> None:
    case = make("Heel strike")
    with caplog.at_level(logging.INFO, logger="runphys.moderation"):
        assert send_comment(client, case.slug) == 302
    assert "no SMTP host configured" in caplog.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 1


def test_a_mail_server_that_is_down_fails_no_comment(app, client, make, caplog) -> None:
    case = make("Heel strike")
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens there
    with caplog.at_level(logging.INFO, logger="runphys.moderation"):
        assert send_comment(client, case.slug) == 302
    assert "emailing the author" in caplog.text and "failed" in caplog.text
    assert "once it has been approved" in client.get(f"/cases/{case.slug}?comment=held").data.decode()
    with app.app_context():
        assert db.session.scalar(db.select(Comment)).status == CommentStatus.PENDING


def test_an_expired_link_does_nothing(app, client, make) -> None:
    case = make("Heel strike")
    assert send_comment(client, case.slug) == 302
    with app.test_request_context():
        comment = db.session.scalar(db.select(Comment))
        link = mail_link(comment, "approve").removeprefix(app.config["PUBLIC_URL"])
    app.config["MODERATION_LINK_SECONDS"] = -1  # every link is older than that
    answer = client.get(link)
    assert answer.status_code == 410 and "This link has expired" in answer.data.decode()
    assert client.post(link, data={"action": "approve", "csrf_token": csrf(client, case.slug)}).status_code == 410
    with app.app_context():
        assert db.session.scalar(db.select(Comment)).status == CommentStatus.PENDING
