"""A live site with the cases every embed test needs, processed by the real worker.

Used by tests/embed/ and tests/browser/test_embed.py (one site per module).
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import requests
from support import LiveSite, api_token, local_env, make_clip

PRIVATE_NAME = "Jocelyn Private-Surname"  # the consenting client's real name: must never appear


@dataclass
class EmbedSite:
    site: LiveSite
    headers: dict[str, str]
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> {id, slug, clips: [clip json]}
    comparison_uid: str | None = None  # the comparison's id in public URLs

    @property
    def url(self) -> str:
        return self.site.url


def _case(es: EmbedSite, name: str, title: str, stages: list[tuple[str, list[tuple[Path, str, list]]]],
          embeds: bool = True, publish: str | None = "published", summary: str = "") -> None:
    api = es.url + "/api/v1"
    h = es.headers
    case = requests.post(f"{api}/cases", json={"title": title, "summary": summary, "client_alias": "Sam",
                                               "categories": ["Hips", "Run Form"]}, headers=h, timeout=10).json()
    clips = []
    for kind, files in stages:
        stage = requests.post(f"{api}/cases/{case['id']}/stages", json={"kind": kind}, headers=h, timeout=10).json()
        for path, caption, notes in files:
            with open(path, "rb") as f:
                r = requests.post(f"{api}/stages/{stage['id']}/clips", headers=h, timeout=60,
                                  files={"file": (path.name, f)}, data={"caption": caption, "view": "side"})
            assert r.status_code == 202, r.text
            clips.append((r.json()["id"], notes))
    es.cases[name] = {"id": case["id"], "slug": case["slug"], "title": title, "clip_ids": [c[0] for c in clips],
                      "clip_uids": [_clip_uid(es, c[0]) for c in clips],
                      "notes": {c[0]: c[1] for c in clips}}
    if publish:
        requests.post(f"{api}/cases/{case['id']}/consent", headers=h, timeout=10,
                      json={"client_name": PRIVATE_NAME, "scope_embeds": embeds})
        r = requests.post(f"{api}/cases/{case['id']}/publish", headers=h, timeout=10,
                          json={"unlisted": publish == "unlisted"})
        assert r.status_code == 200, r.text


def _clip_uid(es: EmbedSite, clip_id: int) -> str:
    """The random id that public URLs use for a clip."""
    with es.site.app.app_context():
        from runphys.extensions import db
        from runphys.models import Clip
        return db.session.get(Clip, clip_id).uuid


def two_colour_clip(path: Path) -> Path:
    """A portrait 240x426 clip, red for its first 1.5 s and blue for the next 1.5 s: a chosen frame shows."""
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "color=red:size=240x426:rate=30:duration=1.5",
                    "-f", "lavfi", "-i", "color=blue:size=240x426:rate=30:duration=1.5",
                    "-filter_complex", "[0][1]concat=n=2:v=1", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", str(path)], check=True, timeout=60)
    return path


def build(tmp: Path, full: bool = True) -> EmbedSite:
    """Start a site and make its cases; with full=False only the main case (for the browser)."""
    site = LiveSite(tmp, {**local_env(tmp), "RUNPHYS_WORKERS": "2"})
    site.start_worker()
    es = EmbedSite(site, api_token(site))
    side = make_clip(tmp / "side.mp4", seconds=4, size="640x360")
    portrait = make_clip(tmp / "portrait.mp4", seconds=3, size="240x426")
    _case(es, "main", "Back pain from weak hips",
          [("initial", [(side, "Side view on the treadmill",
                         [(1.0, "Trunk leans forward as the right foot lands", None),
                          (2.5, "Short stride on the right", 3.2)])]),
           ("result", [(portrait, "Phone video after three weeks", [(0.5, "Level pelvis", None)])])],
          summary="Sam came in with an ache low in her back after about eight kilometres.")
    upright = two_colour_clip(tmp / "upright.mp4")
    _case(es, "portrait", "Upright phone video", [("initial", [(upright, "Phone video from the side", [])])])
    if full:
        small = make_clip(tmp / "small.mp4", seconds=2, size="320x240")
        _case(es, "unlisted", "Unlisted knee case", [("initial", [(small, "Knee", [])])], publish="unlisted")
        _case(es, "noembed", "Site-only case", [("initial", [(small, "Site only", [])])], embeds=False)
        _case(es, "withdrawn", "Withdrawn case", [("initial", [(small, "Gone", [])])])
        _case(es, "draft", "Draft case", [("initial", [(small, "Not yet", [])])], publish=None)
    for case in es.cases.values():
        case["clips"] = [site.wait_clip(i, es.headers) for i in case["clip_ids"]]
        for clip in case["clips"]:
            assert clip["status"] == "ready", clip
            for t, text, end in case["notes"][clip["id"]]:
                r = requests.post(f"{es.url}/api/v1/clips/{clip['id']}/notes", headers=es.headers, timeout=10,
                                  json={"t": t, "text": text, "end": end})
                assert r.status_code == 201, r.text
            clip["notes"] = case["notes"][clip["id"]]
            clip["uid"] = _clip_uid(es, clip["id"])
    with site.app.app_context():
        from runphys import cases
        from runphys.extensions import db
        from runphys.models import Case, Comparison
        main = db.session.get(Case, es.cases["main"]["id"])
        before, after = main.clips
        comparison = Comparison(case=main, title="Before and after", before_clip=before, after_clip=after,
                                before_offset=0.5, after_offset=0.2)
        db.session.add(comparison)
        db.session.commit()
        es.comparison_uid = comparison.public_id
        if full:
            gone = db.session.get(Case, es.cases["withdrawn"]["id"])
            cases.withdraw_consent(gone, gone.author)
    return es
