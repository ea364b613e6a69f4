"""Social and search metadata of case and clip pages: OpenGraph, Twitter card, JSON-LD, oEmbed links.

Every URL is absolute from config PUBLIC_URL. Nothing private is read here: no consent names,
no original keys. A case whose consent does not cover embeds and social previews unfurls as text
only: no image, no video, no player card, no oEmbed, no VideoObject.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import current_app

from .models import Case, CaseKind, Clip, User
from .public import author_slug, comparisons_of, find_author
from .text import plain_excerpt, timecode
from .timeline import played_notes
from .urls import absolute, base_url, is_https, page_url
from .views import media_url, renditions

SOCIAL_IMAGE = (1200, 630)
# Every embed (clip, case, comparison) is one fixed 16:9 player box, 640×360 unless the consumer
# asks otherwise; the picture is letterboxed or pillarboxed inside it, so a portrait clip never
# makes an iframe taller than a laptop screen with its controls below the fold.
PLAYER_BOX = (640, 360)
MAX_PLAYER_WIDTH = 1920
OG_VIDEO_SHORT_SIDE = 720  # the MP4 offered to unfurlers: the best rendition up to 720p


@dataclass
class PageMeta:
    """What the head of a page says about it to unfurlers and search engines."""

    url: str
    og: list[tuple[str, str]] = field(default_factory=list)
    twitter: list[tuple[str, str]] = field(default_factory=list)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    oembed: str | None = None  # the oEmbed endpoint URL for this page, without format
    title: str = ""
    description: str = ""


# ---- URLs and facts ----------------------------------------------------------------------

def embeddable(case: Case | None) -> bool:
    """May this case be embedded and previewed with media elsewhere (consent scope_embeds)?"""
    if case is None or not case.is_public:
        return False
    consent = case.active_consent
    return consent is not None and consent.scope_site and consent.scope_embeds


def display_size(clip: Clip) -> tuple[int, int]:
    """The clip's picture size as played (largest rendition), else its probed size."""
    mp4s = renditions(clip)
    if mp4s and mp4s[0].get("width") and mp4s[0].get("height"):
        return int(mp4s[0]["width"]), int(mp4s[0]["height"])
    return clip.width or 640, clip.height or 360


def video_file(clip: Clip) -> dict[str, Any] | None:
    """The MP4 offered to unfurlers and search engines: the best one up to 720p, absolute URL."""
    mp4s = [r for r in renditions(clip) if r.get("width") and r.get("height")]
    if not mp4s:
        return None
    fit = [r for r in mp4s if min(r["width"], r["height"]) <= OG_VIDEO_SHORT_SIDE]
    chosen = fit[0] if fit else mp4s[-1]
    return {"url": absolute(chosen["url"]), "width": chosen["width"], "height": chosen["height"]}


def player_box(maxwidth: int | None = None, maxheight: int | None = None) -> tuple[int, int]:
    """The iframe size of any embed: 16:9, PLAYER_BOX wide unless maxwidth/maxheight say otherwise."""
    ratio = PLAYER_BOX[0] / PLAYER_BOX[1]
    width = min(maxwidth or PLAYER_BOX[0], MAX_PLAYER_WIDTH)
    if maxheight and width / ratio > maxheight:
        width = int(maxheight * ratio)
    width = max(16, width)
    return width, max(9, int(round(width / ratio)))


def author_page(user: User) -> str:
    """The author's public page (only authors of published cases have one), else the site."""
    if find_author(str(user.id)) is None:
        return base_url() + "/"
    return page_url("public.author", ident=author_slug(user))


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration: 83.5 → PT1M23.5S."""
    millis = int(round(max(0.0, seconds) * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs = f"{millis / 1000:.3f}".rstrip("0").rstrip(".")
    out = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return out + (f"{secs}S" if secs != "0" or out == "PT" else "")


def number(value: float) -> int | float:
    """A time as JSON: whole seconds as integers, else to the millisecond."""
    value = round(float(value), 3)
    return int(value) if value.is_integer() else value


def clip_title(clip: Clip) -> str:
    case = clip.case
    name = clip.caption or f"Clip {clip.case.clips.index(clip) + 1}"
    return f"{name} — {case.title}"


def clip_description(clip: Clip) -> str:
    stage = clip.stage
    parts = [clip.caption or "A clip"]
    if clip.view.value != "other":
        parts[0] += f" ({clip.view.value} view)"
    parts[0] = parts[0].rstrip(".") + "."
    where = stage.kind.label or stage.title
    parts.append(f"{where} of “{clip.case.title}”." if where else f"From “{clip.case.title}”.")
    if clip.notes:
        parts.append(" ".join(f"{n.text.rstrip('.')}." for n in clip.notes[:3]))
    return plain_excerpt(" ".join(parts), 300)


def case_description(case: Case) -> str:
    return plain_excerpt(case.summary, 300) or f"A running-form case study on {current_app.config['SITE_NAME']}."


def clip_page_url(clip: Clip, **values: Any) -> str:
    return page_url("embed.clip_page", clip_uid=clip.uuid, **values)


def social_image(clip: Clip | None) -> dict[str, Any] | None:
    """The 1200×630 preview of a clip, once the worker has made it for its version."""
    if clip is None or not clip.is_playable or not clip.media.get("social"):
        return None
    return {"url": page_url("embed.og_image", clip_uid=clip.uuid, v=clip.version),
            "width": SOCIAL_IMAGE[0], "height": SOCIAL_IMAGE[1],
            "alt": f"Still from the video: {clip.caption or clip.case.title}"}


def case_social_image(case: Case) -> dict[str, Any] | None:
    """The case's preview: the frame the physio chose, with the title, once the worker made it;
    else its lead clip's."""
    clip, name = case.social_clip, None
    if clip is not None and clip.is_playable:
        name = clip.media.get("case_social")
    if name is None:
        return social_image(lead_clip(case))
    return {"url": absolute(media_url(clip, name)), "width": SOCIAL_IMAGE[0], "height": SOCIAL_IMAGE[1],
            "alt": f"Still from the video of “{case.title}”"}


def oembed_url(page: str) -> str:
    return page_url("embed.oembed") + "?" + urlencode({"url": page})


# ---- JSON-LD ------------------------------------------------------------------------------

def key_moments(clip: Clip) -> list[dict[str, Any]]:
    """The clip's notes as schema.org Clip parts: each runs to its end, the next note or the end."""
    duration = clip.duration or 0.0
    notes = played_notes(clip)
    parts = []
    for i, note in enumerate(notes):
        end = note.end if note.end and note.end > note.t else (
            notes[i + 1].t if i + 1 < len(notes) and notes[i + 1].t > note.t else duration)
        parts.append({"@type": "Clip", "name": note.note.text, "startOffset": number(note.t),
                      "endOffset": number(max(end, note.t)),
                      "url": clip_page_url(clip, t=number(note.t))})
    return parts


def video_object(clip: Clip) -> dict[str, Any] | None:
    """schema.org VideoObject of a playable clip, with its notes as key moments."""
    video = video_file(clip)
    if video is None or not embeddable(clip.case):
        return None
    thumbs = [absolute(media_url(clip, clip.media.get("poster")))]
    if image := social_image(clip):
        thumbs.append(image["url"])
    width, height = display_size(clip)
    obj: dict[str, Any] = {
        "@type": "VideoObject",
        "@id": clip_page_url(clip) + "#video",
        "name": clip_title(clip),
        "description": clip_description(clip),
        "thumbnailUrl": [t for t in thumbs if t],
        "uploadDate": clip.created_at.isoformat(),
        "duration": iso_duration(clip.duration or 0.0),
        "contentUrl": video["url"],
        "embedUrl": page_url("embed.embed_clip", clip_uid=clip.uuid),
        "url": clip_page_url(clip),
        "width": width,
        "height": height,
        "encodingFormat": "video/mp4",
    }
    if parts := key_moments(clip):
        obj["hasPart"] = parts
    return obj


def organization() -> dict[str, Any]:
    return {"@type": "Organization", "name": current_app.config["SITE_NAME"], "url": base_url() + "/"}


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    return {"@context": "https://schema.org", "@type": "BreadcrumbList",
            "itemListElement": [{"@type": "ListItem", "position": i, "name": name, "item": url}
                                for i, (name, url) in enumerate(trail, start=1)]}


def case_trail(case: Case) -> list[tuple[str, str]]:
    trail = [(current_app.config["SITE_NAME"], base_url() + "/")]
    if case.categories:
        cat = case.categories[0]
        trail.append((cat.name, page_url("public.category", slug=cat.slug)))
    return trail + [(case.title, page_url("public.case", slug=case.slug))]


def article(case: Case) -> dict[str, Any]:
    """schema.org Article (a case) or BlogPosting (a plain post) carrying its videos."""
    url = page_url("public.case", slug=case.slug)
    obj: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting" if case.kind == CaseKind.POST else "Article",
        "@id": url + "#article",
        "headline": case.title[:110],
        "description": case_description(case),
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "dateModified": case.updated_at.isoformat(),
        "author": {"@type": "Person", "name": case.author.public_name},
        "publisher": organization(),
        "isAccessibleForFree": True,
    }
    if case.published_at:
        obj["datePublished"] = case.published_at.isoformat()
    if case.categories:
        obj["articleSection"] = case.categories[0].name
        obj["keywords"] = [c.name for c in case.categories]
    videos = [v for v in (video_object(c) for c in case.clips) if v]
    if videos:
        obj["video"] = videos
    image = case_social_image(case) if embeddable(case) else None
    if image:
        obj["image"] = {"@type": "ImageObject", "url": image["url"], "width": image["width"],
                        "height": image["height"]}
    return obj


# ---- OpenGraph and Twitter ----------------------------------------------------------------

def _og_image(og: list, image: dict[str, Any]) -> None:
    og.append(("og:image", image["url"]))
    if is_https():
        og.append(("og:image:secure_url", image["url"]))
    og += [("og:image:type", "image/jpeg"), ("og:image:width", str(image["width"])),
           ("og:image:height", str(image["height"])), ("og:image:alt", image["alt"])]


def _og_video(og: list, clip: Clip, embed_url: str, embed_size: tuple[int, int]) -> None:
    """The MP4 first (players that play files inline), then the embeddable player page."""
    video = video_file(clip)
    if video is None:
        return
    for url, kind, (w, h) in ((video["url"], "video/mp4", (video["width"], video["height"])),
                              (embed_url, "text/html", embed_size)):
        og.append(("og:video", url))
        if url.startswith("https://"):
            og.append(("og:video:secure_url", url))
        og += [("og:video:type", kind), ("og:video:width", str(w)), ("og:video:height", str(h))]


def _twitter(title: str, description: str, image: dict[str, Any] | None, clip: Clip | None,
             embed_url: str | None, embed_size: tuple[int, int]) -> list[tuple[str, str]]:
    """A player card where one fits (HTTPS player, a playable clip), else a large image or summary."""
    video = video_file(clip) if clip is not None else None
    if image and video and embed_url and is_https():
        card = "player"
    elif image:
        card = "summary_large_image"
    else:
        card = "summary"
    tags = [("twitter:card", card), ("twitter:title", title[:70]), ("twitter:description", description[:200])]
    if image:
        tags += [("twitter:image", image["url"]), ("twitter:image:alt", image["alt"])]
    if card == "player":
        tags += [("twitter:player", embed_url), ("twitter:player:width", str(embed_size[0])),
                 ("twitter:player:height", str(embed_size[1])), ("twitter:player:stream", video["url"]),
                 ("twitter:player:stream:content_type", "video/mp4")]
    return tags


def _og_base(kind: str, title: str, description: str, url: str) -> list[tuple[str, str]]:
    return [("og:type", kind), ("og:title", title), ("og:description", description), ("og:url", url),
            ("og:site_name", current_app.config["SITE_NAME"]), ("og:locale", "en_US")]


def lead_clip(case: Case) -> Clip | None:
    """The clip that stands for the case in previews and starts its embed: its cover, else the first."""
    cover = case.poster_clip()
    if cover is not None and cover.is_playable:
        return cover
    return next((c for c in case.clips if c.is_playable), None)


def case_meta(case: Case) -> PageMeta:
    """Metadata of a case page."""
    url = page_url("public.case", slug=case.slug)
    title, description = case.title, case_description(case)
    og = _og_base("article", title, description, url)
    meta = PageMeta(url=url, og=og, title=title, description=description)
    media_ok = embeddable(case)
    lead = lead_clip(case) if media_ok else None
    image = case_social_image(case) if lead else None
    embed_url = page_url("embed.embed_case", slug=case.slug)
    size = player_box()
    if image:
        _og_image(og, image)
    if lead:
        _og_video(og, lead, embed_url, size)
    if case.published_at:
        og.append(("article:published_time", case.published_at.isoformat()))
    og.append(("article:modified_time", case.updated_at.isoformat()))
    if case.categories:
        og.append(("article:section", case.categories[0].name))
        og += [("article:tag", c.name) for c in case.categories]
    meta.twitter = _twitter(title, description, image, lead, embed_url if lead else None, size)
    meta.jsonld = [article(case), breadcrumbs(case_trail(case))]
    if media_ok:
        meta.oembed = oembed_url(url)
    return meta


def clip_meta(clip: Clip) -> PageMeta:
    """Metadata of a clip page (og:type video.other)."""
    case = clip.case
    url = clip_page_url(clip)
    title, description = clip_title(clip), clip_description(clip)
    media_ok = embeddable(case) and clip.is_playable
    og = _og_base("video.other" if media_ok else "article", title, description, url)
    meta = PageMeta(url=url, og=og, title=title, description=description)
    image = social_image(clip) if media_ok else None
    embed_url = page_url("embed.embed_clip", clip_uid=clip.uuid)
    size = player_box()
    if image:
        _og_image(og, image)
    if media_ok:
        _og_video(og, clip, embed_url, size)
        if clip.duration:
            og.append(("video:duration", str(int(round(clip.duration)))))
        if case.published_at:
            og.append(("video:release_date", case.published_at.isoformat()))
        og += [("video:tag", c.name) for c in case.categories]
    meta.twitter = _twitter(title, description, image, clip if media_ok else None,
                            embed_url if media_ok else None, size)
    trail = case_trail(case) + [(clip.caption or "Clip", url)]
    video = video_object(clip) if media_ok else None
    meta.jsonld = ([{"@context": "https://schema.org", **video}] if video else []) + [breadcrumbs(trail)]
    if media_ok:
        meta.oembed = oembed_url(url)
    return meta


# ---- share UI ----------------------------------------------------------------------------

def iframe_html(src: str, width: int, height: int, title: str) -> str:
    """The embed code of a player page (oEmbed `html` and the share box use the same)."""
    from markupsafe import escape
    return (f'<iframe src="{escape(src)}" width="{width}" height="{height}" title="{escape(title)}" '
            'frameborder="0" style="border:0" allow="autoplay; fullscreen; picture-in-picture" '
            'allowfullscreen loading="lazy"></iframe>')


def _target(label: str, url: str, embed: str | None, title: str, figure: str = "",
            timed: bool = True) -> dict[str, Any]:
    """One choice of the share box; `timed`: "at the current time" applies (it has no moment of its own)."""
    width, height = player_box()
    return {"label": label, "url": url, "embed": embed, "title": title, "figure": figure, "timed": timed,
            "code": iframe_html(embed, width, height, title) if embed else ""}


def share_targets(case: Case, clip: Clip | None = None) -> list[dict[str, Any]]:
    """What the share box offers: the case, its comparisons, each playable clip and each note's
    moment (on a clip page: that clip and its moments). Links use the random public ids."""
    media_ok = embeddable(case)
    clips = [clip] if clip is not None else [c for c in case.clips if c.is_playable]
    case_url = page_url("public.case", slug=case.slug)
    targets = []
    if clip is None:
        targets.append(_target(f"The whole case: {case.title}", case_url,
                               page_url("embed.embed_case", slug=case.slug) if media_ok and lead_clip(case) else None,
                               case.title))
        for cmp, _before, _after in comparisons_of(case):
            targets.append(_target(
                f"Before and after: {cmp.title}", f"{case_url}#compare-{cmp.public_id}",
                page_url("embed.embed_compare", comparison_uid=cmp.public_id) if media_ok else None,
                f"{cmp.title} — {case.title}", timed=False))
    for c in clips:
        playable = media_ok and c.is_playable
        targets.append(_target(f"Clip: {c.caption or 'Clip'}", clip_page_url(c),
                               page_url("embed.embed_clip", clip_uid=c.uuid) if playable else None,
                               clip_title(c), figure=f"clip-{c.uuid}"))
        for note in played_notes(c):
            t = number(note.t)
            targets.append(_target(
                f"Moment {timecode(note.t)}: {plain_excerpt(note.note.text, 60)}", clip_page_url(c, t=t),
                page_url("embed.embed_clip", clip_uid=c.uuid, t=t) if playable else None,
                f"{note.note.text} — {clip_title(c)}", timed=False))
    return targets
