"""The demo case: a three-stage case study with generated clips, processed by the real pipeline."""
from __future__ import annotations

import secrets
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select

from . import cases
from .extensions import db
from .models import Case, CaseStatus, Role, User

DEMO_SLUG = "back-pain-from-weak-hips"
DEMO_EMAIL = "demo@runphys.example"

# (stage kind, title, body, clips: (caption, view, lavfi source, fps, notes))
DEMO = {
    "title": "Back pain from weak hips",
    "summary": ("Sam, a trail runner in her forties, came in with an ache low in her back that built up after "
                "about eight kilometres. Nothing hurt at rest. On video the reason showed in her hips."),
    "client_alias": "Sam",
    "categories": ["Low Back", "Hips", "Core Strength", "Run Form"],
    "stages": [
        ("initial", "How Sam ran at first",
         "Watch her pelvis as the right foot lands: the left side drops and her trunk leans right to "
         "make up for it. From behind, the right knee drifts inwards during loading.\n\n"
         "That pattern asks the small muscles of the low back to hold up what the hip should carry.",
         [("Side view on the treadmill", "side", "testsrc2=size=640x360:rate=30", 30,
           [(1.0, "Trunk leans forward as the right foot lands"), (2.5, "Short stride on the right")]),
          ("From behind", "behind", "smptebars=size=640x360:rate=30", 30,
           [(1.5, "Left hip drops at right foot strike")])]),
        ("drill", "Drills",
         "Three drills, each a few minutes a day. Quality first: stop a set when the form goes.",
         [("Side-lying clam with a band", "side", "life=size=640x360:rate=30:mold=10:ratio=0.2:life_color=#f0b429:death_color=#0b5d7a", 30,
           [(1.0, "Keep the heels together and the pelvis still")]),
          ("Single-leg squat to a box", "front", "testsrc=size=640x360:rate=30", 30,
           [(2.0, "Knee stays over the second toe")]),
          ("Wall march, filmed at 120 fps", "side", "testsrc2=size=480x270:rate=120", 120,
           [(0.8, "Drive the knee up without leaning back")])]),
        ("result", "Three weeks later",
         "The pelvis now stays level through loading and the lean is gone. Sam reports no back ache "
         "on a twelve-kilometre run.",
         [("Side view after three weeks", "side", "testsrc2=size=640x360:rate=30", 30,
           [(1.0, "Upright trunk at foot strike")]),
          ("From behind after three weeks", "behind", "smptebars=size=640x360:rate=30", 30,
           [(1.5, "Level pelvis through loading")])]),
    ],
}


def make_clip(path: Path, source: str, fps: int, seconds: float = 4.0) -> None:
    """Generate a short H.264/AAC clip with ffmpeg's lavfi sources."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source,
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", str(seconds),
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-r", str(fps),
         "-c:a", "aac", "-shortest", str(path)], check=True, timeout=120)


def demo_author() -> User:
    user = db.session.scalar(select(User).where(User.email == DEMO_EMAIL))
    if user is None:
        user = User(email=DEMO_EMAIL, name="Alex Morgan", role=Role.EDITOR)
        user.set_password(secrets.token_urlsafe(16))
        db.session.add(user)
        db.session.commit()
    return user


def load_demo() -> str:
    """Create the demo case once; return what was done."""
    cases.seed_categories()
    if db.session.scalar(select(Case).where(Case.slug == DEMO_SLUG)) is not None:
        return "Demo case already loaded."
    with tempfile.TemporaryDirectory() as tmp:
        made = []  # make every clip first, so a failure leaves no half-made case behind
        for s, (_, _, _, clips) in enumerate(DEMO["stages"]):
            for n, (_, view, source, fps, _) in enumerate(clips):
                path = Path(tmp) / f"{s}-{n}-{view}.mp4"
                make_clip(path, source, fps, seconds=3.0 if fps > 60 else 4.0)
                made.append(path)
        author = demo_author()
        case = cases.create_case(author, DEMO["title"], DEMO["summary"], DEMO["client_alias"], DEMO["categories"])
        case.slug = DEMO_SLUG
        db.session.commit()
        paths = iter(made)
        for kind, title, body, clips in DEMO["stages"]:
            stage = cases.add_stage(case, kind, title, body)
            for caption, view, _, _, notes in clips:
                path = next(paths)
                with open(path, "rb") as stream:
                    clip = cases.add_clip_from_stream(stage, stream, path.name, caption, view)
                for t, text in notes:
                    cases.add_note(clip, t, text)
    cases.record_consent(case, author, "Demo client (fictional)", date.today(), True, True)
    add_demo_comparison(case)
    cases.publish_case(case, author, CaseStatus.PUBLISHED)
    add_demo_post(author)
    return f"Demo case loaded: /cases/{case.slug} (clips are processed by the worker)."


DEMO_POST = {
    "title": "Why we film from the side and from behind",
    "summary": "Two camera angles, two questions: the side view shows where the foot lands and how the trunk "
               "carries, the view from behind shows what the pelvis and knees do while the leg takes the load.",
    "body": "A phone on a tripod at hip height is enough. Film ten to fifteen strides at an easy pace, then the "
            "same at the pace that hurts.\n\nFrom the side, look at the shin when the foot lands and at the "
            "angle of the trunk. From behind, look at the belt line: it should stay close to level.",
}


def add_demo_comparison(case: Case) -> None:
    """Pair the first and last side views of the demo case as before/after, synced at foot strike."""
    from .models import ClipView, Comparison
    sides = [c for c in case.clips if c.view == ClipView.SIDE]
    before = next((c for c in case.stages[0].clips if c.view == ClipView.SIDE), None)
    after = next((c for c in case.stages[-1].clips if c.view == ClipView.SIDE), None)
    if before is None or after is None or len(sides) < 2:
        return
    db.session.add(Comparison(case_id=case.id, title="Side view: before and after three weeks",
                              before_clip_id=before.id, after_clip_id=after.id, before_offset=0.5, after_offset=0.3))
    db.session.commit()


def add_demo_post(author: User) -> None:
    """A plain post (no clips) so the listing shows both kinds."""
    from .models import CaseKind
    if db.session.scalar(select(Case).where(Case.title == DEMO_POST["title"])) is not None:
        return
    post = cases.create_case(author, DEMO_POST["title"], DEMO_POST["summary"], "", ["Run Form"], kind=CaseKind.POST)
    cases.add_stage(post, "section", "", DEMO_POST["body"])
    cases.record_consent(post, author, "No client (general post)", date.today(), True, True)
    cases.publish_case(post, author, CaseStatus.PUBLISHED)
