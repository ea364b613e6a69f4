"""Public clip and comparison URLs carry random 128-bit ids: numeric ids answer 404, unlisted pages are
noindex, and nothing public names a row number a visitor could step through."""
from __future__ import annotations

import re
from urllib.parse import quote

from lxml import html
from sqlalchemy import select

from runphys.extensions import db
from runphys.models import Case, CaseStatus, Clip, Comparison, Consent

from .conftest import login

RANDOM_ID = re.compile(r"^[0-9a-f]{32}$")


def embeddable_unlisted(app, make):
    """An unlisted case with embed consent, two playable clips and a comparison; (made, clip, comparison)."""
    made = make("Unlisted hamstring case", status=CaseStatus.UNLISTED, playable=True, notes=[(1.0, "Knee drops")])
    with app.app_context():
        case = db.session.get(Case, made.id)
        db.session.scalar(select(Consent).where(Consent.case_id == case.id)).scope_embeds = True
        first = db.session.get(Clip, made.clip_id)
        second = Clip(stage=first.stage, position=1, caption="After", status=first.status, version=1,
                      media=dict(first.media), duration=20.0, width=640, height=360)
        db.session.add(second)
        db.session.flush()
        comparison = Comparison(case=case, before_clip=first, after_clip=second)
        db.session.add(comparison)
        db.session.commit()
        return made, (first.id, first.uuid), (comparison.id, comparison.public_id)


def test_numeric_clip_and_comparison_urls_answer_404(app, client, make) -> None:
    made, (clip_id, clip_uid), (cmp_id, cmp_uid) = embeddable_unlisted(app, make)
    assert RANDOM_ID.match(clip_uid) and RANDOM_ID.match(cmp_uid)
    numeric = [f"/clips/{clip_id}", f"/embed/clips/{clip_id}", f"/og/clips/{clip_id}.jpg",
               f"/clips/{clip_id}/subtitles.vtt", f"/embed/compare/{cmp_id}",
               "/oembed?url=" + quote(f"http://localhost/clips/{clip_id}"),
               "/oembed?url=" + quote(f"http://localhost/embed/compare/{cmp_id}"),
               "/oembed?url=" + quote(f"http://localhost/cases/{made.slug}#clip-{clip_id}")]
    assert {path: client.get(path).status_code for path in numeric} == {path: 404 for path in numeric}
    random_ = [f"/clips/{clip_uid}", f"/embed/clips/{clip_uid}", f"/embed/compare/{cmp_uid}",
               "/oembed?url=" + quote(f"http://localhost/clips/{clip_uid}"),
               "/oembed?url=" + quote(f"http://localhost/embed/compare/{cmp_uid}")]
    assert {path: client.get(path).status_code for path in random_} == {path: 200 for path in random_}
    fragment = client.get("/oembed?url=" + quote(f"http://localhost/cases/{made.slug}#clip-{clip_uid}")).json
    assert f"/embed/clips/{clip_uid}" in fragment["html"]


def test_public_pages_link_clips_and_comparisons_by_random_id_only(app, client, make) -> None:
    made, (clip_id, clip_uid), (cmp_id, cmp_uid) = embeddable_unlisted(app, make)
    for path in (f"/cases/{made.slug}", f"/clips/{clip_uid}", f"/embed/cases/{made.slug}",
                 f"/embed/clips/{clip_uid}", f"/embed/compare/{cmp_uid}"):
        page = client.get(path).get_data(as_text=True)
        doc = html.fromstring(page)
        links = doc.xpath("//@href | //@src | //@content | //@value | //@data-url | //@data-embed | //@id"
                          " | //@data-figure")
        assert [v for v in links if re.search(rf"clips?[/-]{clip_id}\b|compare[/-]{cmp_id}\b", v)] == [], path
        assert f'"/clips/{clip_id}' not in page and f"/clips/{clip_id}?" not in page, path
    case_page = client.get(f"/cases/{made.slug}").get_data(as_text=True)
    assert f'id="clip-{clip_uid}"' in case_page and f"/clips/{clip_uid}" in case_page
    assert f"#clip-{clip_uid}" in case_page  # note links open the clip


def test_unlisted_clip_and_embed_pages_are_not_indexed(app, client, make) -> None:
    made, (_, clip_uid), (_, cmp_uid) = embeddable_unlisted(app, make)
    for path in (f"/clips/{clip_uid}", f"/embed/clips/{clip_uid}", f"/embed/cases/{made.slug}",
                 f"/embed/compare/{cmp_uid}"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers.get("X-Robots-Tag") == "noindex", path
        assert html.fromstring(r.data).xpath("//meta[@name='robots']/@content") == ["noindex"], path


def test_a_published_case_s_clip_pages_may_be_indexed(app, client, make) -> None:
    made = make("Published knee case", playable=True)
    with app.app_context():
        uid = db.session.get(Clip, made.clip_id).uuid
    r = client.get(f"/clips/{uid}")
    assert r.status_code == 200 and "X-Robots-Tag" not in r.headers
    assert not html.fromstring(r.data).xpath("//meta[@name='robots']")


def test_someone_else_s_case_looks_like_no_case_at_all(app, make, author) -> None:
    """403 for an existing id and 404 for a missing one would tell a stranger which ids exist."""
    from support import add_user
    made = make("Private draft", status=CaseStatus.DRAFT)
    stranger = add_user(app, "stranger@example.com", "physio")
    client = app.test_client()
    login(client, stranger)
    pairs = [(f"/studio/cases/{made.id}", "/studio/cases/99999"),
             (f"/studio/cases/{made.id}/consent", "/studio/cases/99999/consent"),
             (f"/studio/cases/{made.id}/preview", "/studio/cases/99999/preview"),
             (f"/studio/clips/{made.clip_id}", "/studio/clips/99999")]
    for existing, missing in pairs:
        assert client.get(existing).status_code == client.get(missing).status_code == 404, existing
