"""Presentation helpers shared by pages and the API: a clip's public URLs and facts."""
from __future__ import annotations

from typing import Any

from flask import current_app

from .drawings import as_json as drawing_json
from .models import Clip
from .storage import media_prefix
from .timeline import played_time


def media_url(clip: Clip, name: str | None) -> str | None:
    """Public URL of one file of the clip's current version."""
    if not name or clip.version == 0:
        return None
    return current_app.extensions["runphys.storage"].public_url(media_prefix(clip.uuid, clip.version) + name)


def renditions(clip: Clip, kind: str = "mp4") -> list[dict[str, Any]]:
    """The clip's renditions of one kind, highest first, with URLs."""
    items = [r for r in clip.media.get("renditions", []) if r.get("kind", "mp4") == kind]
    return [{**r, "url": media_url(clip, r["name"])} for r in items]


def clip_json(clip: Clip) -> dict[str, Any]:
    m = clip.media or {}
    return {
        "id": clip.id, "status": clip.status.value, "progress": clip.progress, "eta_seconds": clip.eta_seconds,
        "error": clip.error, "caption": clip.caption, "view": clip.view.value, "stage_id": clip.stage_id,
        "duration": clip.duration, "width": clip.width, "height": clip.height, "fps": clip.fps,
        "capture_fps": clip.capture_fps, "has_audio": clip.has_audio, "version": clip.version,
        "renditions": [{"width": r.get("width"), "height": r.get("height"), "url": r["url"],
                        "bitrate": r.get("bitrate"), "fps": r.get("fps")} for r in renditions(clip)],
        "slowmo": [{"url": r["url"], "fps": r.get("fps")} for r in renditions(clip, "slowmo")],
        "hls": media_url(clip, m.get("hls")),
        "partial": bool(m.get("partial")),  # a first low rung, still growing or the rest to come
        "poster": media_url(clip, m.get("poster")),
        "storyboard_vtt": media_url(clip, m.get("thumbnails")),
        "source_duration": clip.source_duration, "output_start": clip.output_start,
        # t and end on the source timeline (as stored and sent); played_t where the version shows it
        "notes": [{"id": n.id, "t": n.t, "end": n.end, "text": n.text, "played_t": played_time(clip, n.t),
                   "drawings": [drawing_json(d) for d in n.drawings]} for n in clip.notes],
    }
