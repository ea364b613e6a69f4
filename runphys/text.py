"""Markdown rendering with sanitising (markdown-it-py, then nh3)."""
from __future__ import annotations

from html import unescape

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable("table")

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre", "h2", "h3",
                "h4", "hr", "table", "thead", "tbody", "tr", "th", "td"}


def render_markdown(source: str) -> Markup:
    """Markdown to safe HTML: raw HTML is escaped, then the output is sanitised."""
    html = _md.render(source or "")
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                            url_schemes={"http", "https", "mailto"}, link_rel="noopener nofollow"))


def plain_excerpt(source: str, limit: int = 240) -> str:
    """A plain-text excerpt of Markdown for cards, feeds, meta descriptions and the search index.

    Plain text, not HTML: whoever writes it into a page or a feed escapes it (once)."""
    text = unescape(nh3.clean(_md.render(source or ""), tags=set()))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def timecode(seconds: float | None) -> str:
    """A time as people read it, on every page: 0:07, 1:02:03, or 0:12.5 between whole seconds."""
    if seconds is None:
        return ""
    whole, tenth = divmod(round(max(float(seconds), 0.0) * 10), 10)
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    clock = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    return f"{clock}.{tenth}" if tenth else clock
