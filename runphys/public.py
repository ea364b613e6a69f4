"""Reader blueprint: index, categories, case pages."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import Case, CaseStatus, Category, Clip, Stage
from .text import plain_excerpt, render_markdown, timecode
from .views import media_url, renditions

bp = Blueprint("public", __name__)


@bp.app_template_global()
def site() -> dict[str, str]:
    return {"name": current_app.config["SITE_NAME"], "tagline": current_app.config["TAGLINE"]}


bp.add_app_template_filter(render_markdown, "markdown")
bp.add_app_template_filter(plain_excerpt, "excerpt")
bp.add_app_template_filter(timecode, "timecode")
bp.add_app_template_global(media_url)
bp.add_app_template_global(renditions)


def listed_cases():
    """Published cases, newest first, with what a card shows loaded up front."""
    return (select(Case).where(Case.status == CaseStatus.PUBLISHED)
            .order_by(Case.published_at.desc(), Case.id.desc())
            .options(selectinload(Case.categories), selectinload(Case.author),
                     selectinload(Case.cover_clip),
                     selectinload(Case.stages).selectinload(Stage.clips)))


def page_number() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/")
def index():
    pagination = db.paginate(listed_cases(), page=page_number(), per_page=current_app.config["PER_PAGE"],
                             error_out=False)
    if page_number() > 1 and not pagination.items:
        abort(404)
    return render_template("public/index.html", pagination=pagination, heading=None)


@bp.get("/category/<slug>")
def category(slug: str):
    cat = db.session.scalar(select(Category).where(Category.slug == slug)) or abort(404)
    query = listed_cases().where(Case.categories.contains(cat))
    pagination = db.paginate(query, page=page_number(), per_page=current_app.config["PER_PAGE"], error_out=False)
    return render_template("public/index.html", pagination=pagination, heading=cat.name, category=cat)


@bp.get("/cases/<slug>")
def case(slug: str):
    case = db.session.scalar(
        select(Case).where(Case.slug == slug).options(
            selectinload(Case.stages).selectinload(Stage.clips).selectinload(Clip.notes),
            selectinload(Case.categories), selectinload(Case.author))) or abort(404)
    if case.status == CaseStatus.WITHDRAWN:
        abort(410)
    if not case.is_public:
        abort(404)
    return render_template("public/case.html", case=case)


ERROR_TEXT = {
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
