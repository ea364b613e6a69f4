"""Atom feeds (site and per category) and the XML sitemap with video entries.

Video (a feed entry's enclosure and Media RSS, a sitemap's video entries) only for cases whose
consent covers sharing beyond the site (scope_embeds), like social previews; others are text.
"""
from __future__ import annotations

from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, current_app, url_for
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import social
from .extensions import db
from .models import Case, CaseStatus, Category, Clip, Page, Stage
from .public import cached
from .urls import absolute, page_url
from .text import plain_excerpt
from .views import media_url, renditions

bp = Blueprint("feeds", __name__)

FEED_SIZE = 20
FEED_CACHE = "public, max-age=300"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
VIDEO_NS = "http://www.google.com/schemas/sitemap-video/1.1"


def published(category: Category | None = None, limit: int | None = None):
    query = (select(Case).where(Case.status == CaseStatus.PUBLISHED)
             .order_by(Case.published_at.desc(), Case.id.desc())
             .options(selectinload(Case.author), selectinload(Case.categories), selectinload(Case.cover_clip),
                      selectinload(Case.consents),
                      selectinload(Case.stages).selectinload(Stage.clips).selectinload(Clip.notes)))
    if category is not None:
        query = query.where(Case.categories.contains(category))
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def atom(cases: list[Case], title: str, self_path: str, alternate_path: str) -> Response:
    """An Atom 1.0 document of cases, newest first."""
    config = current_app.config
    fg = FeedGenerator()
    fg.id(absolute(self_path))
    fg.title(title)
    fg.subtitle(config["TAGLINE"])
    fg.link(href=absolute(self_path), rel="self", type="application/atom+xml")
    fg.link(href=absolute(alternate_path), rel="alternate", type="text/html")
    fg.language("en")
    fg.load_extension("media")
    fg.updated(max((c.updated_at for c in cases), default=datetime(2000, 1, 1, tzinfo=timezone.utc)))
    for case in reversed(cases):  # feedgen prepends: add oldest first
        url = page_url("public.case", slug=case.slug)
        entry = fg.add_entry()
        entry.id(url)
        entry.title(case.title)
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(case.published_at)
        entry.updated(max(case.updated_at, case.published_at))
        entry.author(name=case.author.public_name)
        for cat in case.categories:
            entry.category(term=cat.slug, label=cat.name)
        entry.summary(plain_excerpt(case.summary, 400) or case.title)
        if social.embeddable(case):
            feed_video(entry, case)
    body = fg.atom_str(pretty=True)
    return cached(Response(body, mimetype="application/atom+xml"), FEED_CACHE)


def feed_video(entry, case: Case) -> None:
    """The case's lead clip on a feed entry as Media RSS: its MP4 and its poster.

    (No Atom enclosure link: feedgen 1.0 writes no `rel` on entry links, so it would read as a
    second alternate link.)"""
    clip = social.lead_clip(case)
    video = social.video_file(clip) if clip is not None else None
    poster = media_url(clip, clip.media.get("poster")) if video else None
    if video is None or poster is None:
        return
    entry.media.content(url=video["url"], type="video/mp4", medium="video", width=str(video["width"]),
                        height=str(video["height"]), duration=str(max(1, round(clip.duration or 0))))
    thumbnail = {"url": absolute(poster)}
    if clip.media.get("poster_width") and clip.media.get("poster_height"):
        thumbnail.update(width=str(clip.media["poster_width"]), height=str(clip.media["poster_height"]))
    entry.media.thumbnail(**thumbnail)


@bp.get("/feed.xml")
def feed():
    return atom(published(limit=FEED_SIZE), current_app.config["SITE_NAME"], url_for("feeds.feed"),
                url_for("public.index"))


@bp.get("/category/<slug>/feed.xml")
def category_feed(slug: str):
    cat = db.session.scalar(select(Category).where(Category.slug == slug)) or abort(404)
    return atom(published(cat, FEED_SIZE), f"{cat.name} — {current_app.config['SITE_NAME']}",
                url_for("feeds.category_feed", slug=slug), url_for("public.category", slug=slug))


def video_element(parent: etree._Element, case: Case, clip: Clip) -> None:
    """One <video:video> entry for a ready clip of the case."""
    mp4s = renditions(clip)
    poster = media_url(clip, clip.media.get("poster"))
    if not mp4s or not poster:
        return
    video = etree.SubElement(parent, f"{{{VIDEO_NS}}}video")
    etree.SubElement(video, f"{{{VIDEO_NS}}}thumbnail_loc").text = absolute(poster)
    etree.SubElement(video, f"{{{VIDEO_NS}}}title").text = clip.caption or case.title
    notes = "; ".join(n.text for n in clip.notes)
    description = " — ".join(x for x in (clip.caption, notes) if x) or plain_excerpt(case.summary, 300) or case.title
    etree.SubElement(video, f"{{{VIDEO_NS}}}description").text = description[:2000]
    etree.SubElement(video, f"{{{VIDEO_NS}}}content_loc").text = absolute(mp4s[0]["url"])
    etree.SubElement(video, f"{{{VIDEO_NS}}}player_loc").text = page_url("embed.embed_clip", clip_uid=clip.uuid)
    if clip.duration:
        etree.SubElement(video, f"{{{VIDEO_NS}}}duration").text = str(max(1, min(28800, round(clip.duration))))
    if case.published_at:
        etree.SubElement(video, f"{{{VIDEO_NS}}}publication_date").text = case.published_at.isoformat()
    etree.SubElement(video, f"{{{VIDEO_NS}}}family_friendly").text = "yes"


def url_element(root: etree._Element, path: str, lastmod: datetime | None = None) -> etree._Element:
    url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
    etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = absolute(path)
    if lastmod is not None:
        etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.isoformat()
    return url


@bp.get("/sitemap.xml")
def sitemap():
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "video": VIDEO_NS})
    cases = published()
    url_element(root, url_for("public.index"), cases[0].updated_at if cases else None)
    for cat in db.session.scalars(select(Category).order_by(Category.name)):
        url_element(root, url_for("public.category", slug=cat.slug))
    for page in db.session.scalars(select(Page).order_by(Page.position)):
        url_element(root, url_for("public.page", slug=page.slug))
    for case in cases:
        url = url_element(root, url_for("public.case", slug=case.slug), case.updated_at)
        for clip in case.clips if social.embeddable(case) else ():
            if clip.is_playable:
                video_element(url, case, clip)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return cached(Response(body, mimetype="application/xml"), FEED_CACHE)


@bp.get("/robots.txt")
def robots():
    body = f"User-agent: *\nDisallow: /studio/\nDisallow: /api/\nSitemap: {absolute('/sitemap.xml')}\n"
    return cached(Response(body, mimetype="text/plain"), FEED_CACHE)
