"""Reader blueprint: home, categories, authors, pages, search, case pages, comments."""
from __future__ import annotations

import gzip
import hashlib
import os
import re
from collections import OrderedDict
from threading import Lock
from time import monotonic
from typing import Any

from flask import (
    Blueprint,
    request_finished,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from slugify import slugify
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .extensions import db, limiter
from .moderation import notify_author
from .models import (
    Case,
    CaseStatus,
    Category,
    Clip,
    ClipStatus,
    Comment,
    CommentStatus,
    Comparison,
    Page,
    SearchEntry,
    Stage,
    StageKind,
    User,
)
from .text import plain_excerpt, render_markdown, timecode
from .urls import absolute, page_url
from .views import media_url, renditions

bp = Blueprint("public", __name__)

# Browsers revalidate every view (a cheap 304 by ETag), so an approved comment or an edit shows at once.
PAGE_CACHE = "public, no-cache"


@bp.app_template_global()
def site() -> dict[str, str]:
    return {"name": current_app.config["SITE_NAME"], "tagline": current_app.config["TAGLINE"]}


@bp.app_template_global()
def nav_pages() -> list[Page]:
    """Pages shown in the main navigation, once per request."""
    if "nav_pages" not in g:
        try:
            g.nav_pages = list(db.session.scalars(select(Page).where(Page.in_nav.is_(True))
                                                  .order_by(Page.position, Page.id)))
        except SQLAlchemyError:  # an error page must still render when the database is down
            db.session.rollback()
            g.nav_pages = []
    return g.nav_pages


def comment_text(body: str) -> Markup:
    """A comment as escaped paragraphs: no markup from readers reaches the page."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", body or "") if p.strip()]
    return Markup("".join(f"<p>{Markup('<br>').join(escape(line) for line in p.splitlines())}</p>"
                          for p in paragraphs))


bp.add_app_template_filter(render_markdown, "markdown")
bp.add_app_template_filter(plain_excerpt, "excerpt")
bp.add_app_template_filter(timecode, "timecode")
bp.add_app_template_filter(comment_text, "comment_text")
bp.add_app_template_global(media_url)
bp.add_app_template_global(renditions)
bp.add_app_template_global(absolute)
bp.add_app_template_global(page_url)


def cached(response: Response | str, max_age: str = PAGE_CACHE) -> Response:
    """Add an ETag and Cache-Control; answer 304 when the reader already has this version.

    The ETag is weak: the gzip and identity encodings of a page are the same version of it.
    """
    if not isinstance(response, Response):
        response = current_app.make_response(response)
    response.headers["Cache-Control"] = max_age
    response.set_etag(hashlib.sha1(response.get_data()).hexdigest(), weak=True)
    return response.make_conditional(request)


def _no_cookie_vary(sender, response: Response, **extra: Any) -> None:
    """Public pages do not depend on the session cookie, though Flask-Login touches the session on
    every request (which makes Flask add `Vary: Cookie`): drop it so shared caches can keep them."""
    if response.cache_control.public and "Set-Cookie" not in response.headers and "Cookie" in response.vary:
        rest = [v for v in response.vary if v.lower() != "cookie"]
        if rest:
            response.headers["Vary"] = ", ".join(rest)
        else:
            del response.headers["Vary"]


@bp.record_once
def _connect_signals(state) -> None:
    request_finished.connect(_no_cookie_vary, state.app)


COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript", "application/xml",
                "application/atom+xml", "image/svg+xml", "text/vtt", "text/plain"}
_static_gzip: dict[tuple[str, float, int], bytes] = {}


@bp.after_app_request
def compress(response: Response) -> Response:
    """Gzip text responses (pages, feeds, CSS, JavaScript) for clients that accept it.

    A proxy or CDN in front may do this too; doing it here keeps a bare deployment fast on phones.
    Static files are compressed once per version and kept in memory.
    """
    if (response.status_code != 200 or response.mimetype not in COMPRESSIBLE
            or "gzip" not in request.headers.get("Accept-Encoding", "")
            or "Content-Encoding" in response.headers or request.method == "HEAD"):
        return response
    if response.direct_passthrough:
        if request.endpoint != "static":
            return response
        path = os.path.join(current_app.static_folder, request.view_args["filename"])
        stat = os.stat(path)
        key = (path, stat.st_mtime, stat.st_size)
        if key not in _static_gzip:
            with open(path, "rb") as f:
                _static_gzip[key] = gzip.compress(f.read(), 6, mtime=0)
        body = _static_gzip[key]
        response.direct_passthrough = False
        response.response = [body]
        response.headers.pop("Accept-Ranges", None)
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(etag, weak=True)
    else:
        data = response.get_data()
        if len(data) < 1024:
            return response
        body = gzip.compress(data, 6, mtime=0)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(body))
    response.vary.add("Accept-Encoding")
    if not response.direct_passthrough and request.endpoint != "static":
        response.set_data(body)
    return response


# ---- listings --------------------------------------------------------------------------------

def listed_cases():
    """Published cases and posts, newest first, with what a card shows loaded up front."""
    return (select(Case).where(Case.status == CaseStatus.PUBLISHED)
            .order_by(Case.published_at.desc(), Case.id.desc())
            .options(selectinload(Case.categories), selectinload(Case.author),
                     selectinload(Case.cover_clip),
                     selectinload(Case.stages).selectinload(Stage.clips)))


def comment_counts(cases: list[Case]) -> dict[int, int]:
    """Approved comments per case, in one query."""
    if not cases:
        return {}
    rows = db.session.execute(select(Comment.case_id, func.count()).where(
        Comment.case_id.in_([c.id for c in cases]), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.case_id))
    return dict(rows.all())


def page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def listing(query, template_args: dict[str, Any]) -> Response:
    pagination = db.paginate(query, page=page_number(), per_page=current_app.config["PER_PAGE"], error_out=False)
    if page_number() > 1 and not pagination.items:
        abort(404)
    html = render_template("public/index.html", pagination=pagination,
                           comments=comment_counts(pagination.items), **template_args)
    return cached(html)


@bp.get("/")
def index():
    return listing(listed_cases(), {"heading": None, "feed_url": url_for("feeds.feed")})


@bp.get("/category/<slug>")
def category(slug: str):
    cat = db.session.scalar(select(Category).where(Category.slug == slug)) or abort(404)
    return listing(listed_cases().where(Case.categories.contains(cat)),
                   {"heading": cat.name, "category": cat, "feed_url": url_for("feeds.category_feed", slug=slug)})


def find_author(ident: str) -> User | None:
    """An author of a published case, by the slug of their name or by id; nobody else has a page."""
    authors = db.session.scalars(select(User).where(User.id.in_(
        select(Case.author_id).where(Case.status == CaseStatus.PUBLISHED).distinct())))
    return next((u for u in authors if author_slug(u) == ident or str(u.id) == ident), None)


def author_slug(user: User) -> str:
    return slugify(user.name) or str(user.id)


@bp.app_template_global()
def author_url(user: User) -> str:
    return url_for("public.author", ident=author_slug(user))


@bp.get("/author/<ident>")
def author(ident: str):
    user = find_author(ident) or abort(404)
    return listing(listed_cases().where(Case.author_id == user.id),
                   {"heading": f"Cases by {user.public_name}", "author": user})


@bp.get("/pages/<slug>")
def page(slug: str):
    item = db.session.scalar(select(Page).where(Page.slug == slug)) or abort(404)
    return cached(render_template("public/page.html", page=item))


@bp.get("/search")
def search():
    from .search import search as run_search
    q = request.args.get("q", "").strip()
    results = run_search(q) if q else []
    return cached(render_template("public/search.html", q=q, results=results))


# ---- case page -------------------------------------------------------------------------------

def public_case(slug: str) -> Case:
    """The case at slug as a reader may see it: 404 for drafts, 410 once withdrawn."""
    # One joined query for the case tree (measured: half the time of one selectin query per level).
    case = db.session.scalars(
        select(Case).where(Case.slug == slug).options(
            joinedload(Case.stages).joinedload(Stage.clips).joinedload(Clip.notes),
            joinedload(Case.author), selectinload(Case.categories))).unique().first() or abort(404)
    if case.status == CaseStatus.WITHDRAWN:
        abort(410)
    if not case.is_public:
        abort(404)
    return case


def comparisons_of(case: Case) -> list[Comparison]:
    """The case's comparisons whose two clips are both ready to play."""
    clips = {c.id: c for c in case.clips}
    found = []
    for cmp in db.session.scalars(select(Comparison).where(Comparison.case_id == case.id).order_by(Comparison.id)):
        before, after = clips.get(cmp.before_clip_id), clips.get(cmp.after_clip_id)
        if before and after and before.is_playable and after.is_playable:
            found.append((cmp, before, after))
    return found


class PageCache:
    """Rendered case pages, keyed by the case's content fingerprint; entries live at most `ttl` s.

    Any commit that changes a case, stage, clip, note or comparison re-indexes the case for search,
    which gives its search rows new ids; the worker's writes move its clips' updated_at: the
    fingerprint (with the approved comments) changes with the content, so a cached page is never
    older than its content; the TTL bounds what the
    fingerprint does not see (an author's name, the navigation pages).
    """

    def __init__(self, size: int = 512, ttl: float = 60.0) -> None:
        self.size, self.ttl = size, ttl
        self.items: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
        self.lock = Lock()

    def get(self, key: tuple) -> str | None:
        with self.lock:
            item = self.items.get(key)
            if item is None or item[0] < monotonic():
                return None
            self.items.move_to_end(key)
            return item[1]

    def put(self, key: tuple, body: str) -> None:
        with self.lock:
            self.items[key] = (monotonic() + self.ttl, body)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def page_cache() -> PageCache:
    cache = current_app.extensions.get("runphys.page_cache")
    if cache is None:
        cache = current_app.extensions["runphys.page_cache"] = PageCache(
            ttl=current_app.config["PAGE_CACHE_SECONDS"])
    return cache


def fingerprint(case_id: int) -> tuple:
    """What a case page shows, in cheap queries: its search rows (text), its clips' last change
    (the worker's lifecycle writes: a version published, a clip ready) and its approved comments."""
    entries = select(func.count(), func.sum(SearchEntry.id)).where(SearchEntry.case_id == case_id)
    clips = select(func.count(), func.max(Clip.updated_at)).join(Stage).where(Stage.case_id == case_id)
    comments = select(func.count(), func.sum(Comment.id)).where(
        Comment.case_id == case_id, Comment.status == CommentStatus.APPROVED)
    return (*db.session.execute(entries).one(), *db.session.execute(clips).one(),
            *db.session.execute(comments).one())


def case_page(case: Case, held: bool = False, preview: bool = False) -> str:
    """The case page as readers see it; the studio's preview renders this too, whatever the status."""
    comments = list(db.session.scalars(select(Comment).where(
        Comment.case_id == case.id, Comment.status == CommentStatus.APPROVED).order_by(Comment.created_at)))
    drills = [clip for stage in case.stages if stage.kind == StageKind.DRILL for clip in stage.clips]
    return render_template("public/case.html", case=case, comments=comments, comparisons=comparisons_of(case),
                           drills=drills, held=held, preview=preview)


@bp.get("/cases/<slug>")
def case(slug: str):
    head = db.session.execute(select(Case.id, Case.status, Case.updated_at).where(Case.slug == slug)).first()
    if head is None or head.status == CaseStatus.DRAFT:
        abort(404)
    if head.status == CaseStatus.WITHDRAWN:
        abort(410)
    held = request.args.get("comment") == "held"
    key = (head.id, head.status, head.updated_at, held, fingerprint(head.id))
    html = page_cache().get(key)
    if html is None:
        html = case_page(public_case(slug), held)
        page_cache().put(key, html)
    response = cached(html)
    if head.status == CaseStatus.UNLISTED:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def clip_by_uid(uid: str) -> Clip | None:
    """The clip a public URL names by its random id (never by its row id)."""
    return db.session.scalar(select(Clip).where(Clip.uuid == uid))


@bp.get("/clips/<string(length=32):clip_uid>/subtitles.vtt")
def subtitles(clip_uid: str):
    """A clip's WebVTT subtitles, for clips of public cases (the stored key may be private)."""
    clip = clip_by_uid(clip_uid) or abort(404)
    if not clip.subtitles_key or not clip.stage.case.is_public or clip.status != ClipStatus.READY:
        abort(404)
    storage = current_app.extensions["runphys.storage"]
    try:
        with storage.open(clip.subtitles_key) as stream:
            body = stream.read(2 * 1024 * 1024)
    except FileNotFoundError:
        abort(404)
    response = Response(body, mimetype="text/vtt")
    return cached(response, "public, max-age=300")


# ---- comments --------------------------------------------------------------------------------

class CommentForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    email = EmailField("Email (optional, never shown)",
                       validators=[Optional(), Length(max=255), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                                                                       message="That is not an email address.")])
    body = TextAreaField("Comment", validators=[DataRequired(), Length(max=5000)])
    website = StringField("Leave this field empty")  # honeypot: people never see it, bots fill it


def comment_limit() -> str:
    return current_app.config["RATELIMIT_COMMENT"]


def clean_text(value: str) -> str:
    """Strip control characters a browser would never send (keeps newlines and tabs)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value or "").strip()


@bp.route("/cases/<slug>/comment", methods=["GET", "POST"])
@limiter.limit(comment_limit, methods=["POST"])
def comment(slug: str):
    case = public_case(slug)
    form = CommentForm()
    if form.validate_on_submit():
        if form.website.data:
            # A bot filled the hidden field: pretend all went well, keep nothing.
            return redirect(url_for("public.case", slug=case.slug, comment="held") + "#comments")
        comment = Comment(case_id=case.id, name=clean_text(form.name.data)[:120],
                          email=clean_text(form.email.data or "")[:255],
                          body=clean_text(form.body.data)[:5000], status=CommentStatus.PENDING)
        db.session.add(comment)
        db.session.commit()
        notify_author(comment.id)  # after the commit; a mail server that is down loses no comment
        return redirect(url_for("public.case", slug=case.slug, comment="held") + "#comments")
    status = 400 if request.method == "POST" else 200
    return render_template("public/comment.html", case=case, form=form), status


# ---- errors ----------------------------------------------------------------------------------

ERROR_TEXT = {
    400: ("Bad request", "The form could not be read. Go back, reload the page and try again."),
    404: ("Page not found", "There is nothing at this address."),
    410: ("No longer available", "This case was taken down at the client's request."),
    413: ("Too large", "That upload is larger than the site accepts."),
    429: ("Slow down", "Too many requests; wait a minute and try again."),
    500: ("Something went wrong", "The error was logged. Please try again."),
}


@bp.app_errorhandler(404)
@bp.app_errorhandler(410)
@bp.app_errorhandler(413)
@bp.app_errorhandler(429)
@bp.app_errorhandler(500)
def error_page(exc):
    code = getattr(exc, "code", 500) or 500
    if request.path.startswith("/api/"):
        from flask import jsonify
        return jsonify(error=getattr(exc, "description", None) or ERROR_TEXT[code][0]), code
    title, message = ERROR_TEXT.get(code, ERROR_TEXT[500])
    return render_template("errors/error.html", title=title, message=message), code
