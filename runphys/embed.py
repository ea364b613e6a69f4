"""Embeds and social unfurling: iframe-able players, the oEmbed endpoint, clip pages, preview images.

Embed pages may be framed by any site (security.frameable); every other page may not. Drafts,
withdrawn cases and cases whose consent does not cover embeds answer 404 here (a neutral card).
Clips and comparisons are named by random 128-bit ids (Clip.uuid, Comparison.public_id), never row ids.
"""
from __future__ import annotations

import logging
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from xml.etree import ElementTree

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from . import social
from .extensions import db
from .models import Case, CaseStatus, Clip, Comparison, Stage
from .public import clip_by_uid, error_page
from .security import frameable
from .urls import absolute, base_url, page_url

log = logging.getLogger(__name__)
bp = Blueprint("embed", __name__)

OEMBED_CACHE_AGE = 3600  # seconds a consumer may keep an answer: a withdrawal shows within the hour
EMBED_OPTIONS = ("t", "autoplay", "loop")

bp.add_app_template_global(social.case_meta, "social_case_meta")
bp.add_app_template_global(social.embeddable, "embeddable")
bp.add_app_template_global(social.share_targets, "share_targets")
bp.add_app_template_global(social.player_box, "player_box")


@bp.errorhandler(404)
@bp.errorhandler(410)
def gone(exc: HTTPException):
    """Embed pages that have nothing to show answer with a neutral card that fits the frame, not the
    site's error page; the same 404 whether the video was withdrawn or never existed."""
    if request.path.startswith("/embed/"):
        return render_template("embed/gone.html"), 404
    return error_page(exc)


# ---- lookups -----------------------------------------------------------------------------

def load_case(slug: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.slug == slug).options(
        selectinload(Case.stages).selectinload(Stage.clips).selectinload(Clip.notes),
        selectinload(Case.categories), selectinload(Case.author), selectinload(Case.consents)))


def embeddable_case(slug: str) -> Case:
    case = load_case(slug)
    if not social.embeddable(case):
        abort(404)
    return case


def comparison_by_uid(uid: str) -> Comparison | None:
    return db.session.scalar(select(Comparison).where(Comparison.public_id == uid))


def embeddable_clip(uid: str) -> Clip:
    clip = clip_by_uid(uid)
    if clip is None or not clip.is_playable or not social.embeddable(clip.case):
        abort(404)
    return clip


def embeddable_comparison(uid: str) -> Comparison:
    comparison = comparison_by_uid(uid)
    if (comparison is None or not social.embeddable(comparison.case)
            or not comparison.before_clip.is_playable or not comparison.after_clip.is_playable):
        abort(404)
    return comparison


def embed_options() -> dict[str, str]:
    """The embed options of this request (?t=, autoplay=1, loop=1), to pass on to links."""
    return {k: request.args[k] for k in EMBED_OPTIONS if request.args.get(k)}


# ---- pages -------------------------------------------------------------------------------

@bp.get("/clips/<string(length=32):clip_uid>")
def clip_page(clip_uid: str):
    """One clip on its own page: the shareable URL of a clip (og:type video.other)."""
    clip = clip_by_uid(clip_uid) or abort(404)
    case = clip.case
    if case.status == CaseStatus.WITHDRAWN:
        abort(410)
    if not case.is_public:
        abort(404)
    return unlisted_noindex(case, render_template("social/clip_page.html", clip=clip, case=case,
                                                  meta=social.clip_meta(clip)))


def unlisted_noindex(case: Case, body: str) -> Response:
    """A page of the case; an unlisted case's pages tell search engines not to index them."""
    response = current_app.make_response(body)
    if case.status == CaseStatus.UNLISTED:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _embed_page(template: str, *, case: Case, title: str, canonical: str, shared: str | None = None,
                **context: Any) -> Response:
    """Render an embed page; `shared` is the URL its oEmbed discovery link describes (default canonical)."""
    return unlisted_noindex(case, render_template(
        template, case=case, title=title, canonical=canonical, case_url=page_url("public.case", slug=case.slug),
        oembed=social.oembed_url(shared or canonical), options=embed_options(), **context))


@bp.get("/embed/clips/<string(length=32):clip_uid>")
@frameable
def embed_clip(clip_uid: str):
    clip = embeddable_clip(clip_uid)
    return _embed_page("embed/clip.html", case=clip.case, clip=clip, title=social.clip_title(clip),
                       canonical=social.clip_page_url(clip))


@bp.get("/embed/cases/<slug>")
@frameable
def embed_case(slug: str):
    case = embeddable_case(slug)
    clips = case.clips
    if not clips:
        abort(404)
    wanted = request.args.get("clip")
    clip = (next((c for c in clips if c.uuid == wanted), None)
            or social.lead_clip(case) or clips[0])
    return _embed_page("embed/case.html", case=case, clip=clip, title=case.title,
                       canonical=page_url("public.case", slug=case.slug))


@bp.get("/embed/compare/<string(length=32):comparison_uid>")
@frameable
def embed_compare(comparison_uid: str):
    comparison = embeddable_comparison(comparison_uid)
    case = comparison.case
    return _embed_page("embed/compare.html", case=case, comparison=comparison,
                       title=f"{comparison.title} — {case.title}",
                       canonical=page_url("public.case", slug=case.slug),
                       shared=page_url("embed.embed_compare", comparison_uid=comparison.public_id))


@bp.get("/og/clips/<string(length=32):clip_uid>.jpg")
def og_image(clip_uid: str):
    """The clip's 1200×630 social preview, which the worker made when it published the version."""
    clip = embeddable_clip(clip_uid)
    url = social.media_url(clip, clip.media.get("social"))
    if url is None:
        abort(404)
    response = redirect(absolute(url), 302)
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


# ---- oEmbed ------------------------------------------------------------------------------

def resolve(url: str) -> tuple[str, Any, dict[str, str]] | None:
    """Find what a URL of this site shows: ('clip'|'case'|'compare', row, embed options)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    hosts = {urlsplit(base_url()).netloc.lower(), request.host.lower()}
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        return None
    script_root = request.script_root
    path = parts.path or "/"
    if script_root:
        if not path.startswith(script_root + "/"):
            return None
        path = path[len(script_root):]
    try:
        endpoint, args = current_app.url_map.bind(parts.netloc).match(path, method="GET")
    except HTTPException:
        return None
    query = dict(parse_qsl(parts.query))
    options = {k: query[k] for k in EMBED_OPTIONS if query.get(k)}
    if endpoint in ("embed.clip_page", "embed.embed_clip"):
        clip = clip_by_uid(args["clip_uid"])
        return ("clip", clip, options) if clip else None
    if endpoint in ("public.case", "embed.embed_case"):
        case = load_case(args["slug"])
        if case is None:
            return None
        fragment = parts.fragment
        if fragment.startswith("clip-"):  # /cases/<slug>#clip-<random id>
            clip = next((c for c in case.clips if c.uuid == fragment[5:]), None)
            return ("clip", clip, options) if clip else None
        return "case", case, options
    if endpoint == "embed.embed_compare":
        comparison = comparison_by_uid(args["comparison_uid"])
        return ("compare", comparison, options) if comparison else None
    return None


def oembed_data(kind: str, row: Any, options: dict[str, str], maxwidth: int | None,
                maxheight: int | None) -> dict[str, Any] | None:
    """The oEmbed 1.0 `video` answer for a clip, case or comparison, or None when not embeddable."""
    if kind == "clip":
        if not row.is_playable or not social.embeddable(row.case):
            return None
        case, lead, title = row.case, row, social.clip_title(row)
        src = page_url("embed.embed_clip", clip_uid=row.uuid)
    elif kind == "case":
        case, lead, title = row, social.lead_clip(row), row.title
        if not social.embeddable(case) or lead is None:
            return None
        src = page_url("embed.embed_case", slug=case.slug)
    else:
        case, title = row.case, f"{row.title} — {row.case.title}"
        if (not social.embeddable(case) or not row.before_clip.is_playable
                or not row.after_clip.is_playable):
            return None
        lead = row.before_clip
        src = page_url("embed.embed_compare", comparison_uid=row.public_id)
    width, height = social.player_box(maxwidth, maxheight)  # the picture fits inside the player
    if options:
        src += "?" + urlencode(options)
    html = social.iframe_html(src, width, height, title)
    data: dict[str, Any] = {
        "type": "video", "version": "1.0", "title": title, "html": html, "width": width, "height": height,
        "author_name": case.author.public_name, "author_url": social.author_page(case.author),
        "provider_name": current_app.config["SITE_NAME"], "provider_url": base_url() + "/",
        "cache_age": OEMBED_CACHE_AGE,
    }
    poster = lead.media.get("poster")
    pw, ph = lead.media.get("poster_width"), lead.media.get("poster_height")
    # The spec asks a thumbnail to respect maxwidth/maxheight too: leave it out when it would not.
    if poster and pw and ph and pw <= (maxwidth or pw) and ph <= (maxheight or ph):
        data.update(thumbnail_url=absolute(social.media_url(lead, poster)),
                    thumbnail_width=pw, thumbnail_height=ph)
    return data


def positive(name: str) -> int | None:
    value = request.args.get(name, type=int)
    return value if value and value > 0 else None


@bp.get("/oembed")
def oembed():
    """oEmbed 1.0 for case, clip and comparison URLs (JSON or XML)."""
    fmt = request.args.get("format", "json").lower()
    if fmt not in ("json", "xml"):
        return _oembed_error(501, "Only the json and xml formats are supported.", "json")
    found = resolve(request.args.get("url", ""))
    data = oembed_data(*found, positive("maxwidth"), positive("maxheight")) if found else None
    if data is None:
        return _oembed_error(404, "Nothing embeddable at this URL.", fmt)
    if fmt == "xml":
        root = ElementTree.Element("oembed")
        for key, value in data.items():
            ElementTree.SubElement(root, key).text = str(value)
        body = b'<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n' + ElementTree.tostring(root)
        response = Response(body, mimetype="text/xml", content_type="text/xml; charset=utf-8")
    else:
        response = jsonify(data)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = f"public, max-age={OEMBED_CACHE_AGE}"
    return response


def _oembed_error(code: int, message: str, fmt: str) -> Response:
    response = jsonify(error=message) if fmt == "json" else Response(message, mimetype="text/plain")
    response.status_code = code
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
