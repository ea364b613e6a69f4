"""Absolute URLs of this site: the one builder, from config PUBLIC_URL (never the request's Host)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def base_url() -> str:
    """PUBLIC_URL without a trailing slash."""
    return current_app.config["PUBLIC_URL"].rstrip("/")


def absolute(url: str | None) -> str | None:
    """Make a site-relative URL (a page, local-storage media) absolute; absolute URLs pass unchanged."""
    if not url or urlsplit(url).scheme in ("http", "https"):
        return url
    return base_url() + ("" if url.startswith("/") else "/") + url


def page_url(endpoint: str, **values: Any) -> str:
    """Absolute URL of a page of this site (in a worker's job too, where no request is)."""
    if has_request_context():
        return base_url() + url_for(endpoint, **values)
    return base_url() + current_app.url_map.bind("localhost").build(endpoint, values)


def is_https() -> bool:
    return base_url().startswith("https://")
