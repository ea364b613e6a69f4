"""Full-text search over titles, summaries, stage text, captions and notes.

One module, two backends chosen by the database dialect: SQLite FTS5 (the embedded default) and
PostgreSQL full text (tsvector + GIN, websearch_to_tsquery). Both index the rows of
`search_entries`, which this module keeps current: every commit that touches a case, stage, clip
or note re-indexes that case (SQLite triggers then sync the FTS5 table).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from markupsafe import Markup, escape
from sqlalchemy import delete, event, insert, inspect, select, text
from sqlalchemy.orm import Session, selectinload

from .extensions import db
from .models import Case, CaseStatus, Clip, Comparison, Consent, Drawing, Note, SearchEntry, Stage
from .text import plain_excerpt

# Highlight markers put around matches by snippet()/ts_headline(), turned into <mark> after escaping.
START, STOP = "\x02", "\x03"
ROW_LIMIT = 300
FTS_NAMES = re.compile(r"^search_fts(_\w+)?$")


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic filter: the FTS5 tables and the GIN index are made by SQL in 0003_reader, not models."""
    if type_ == "table" and name and FTS_NAMES.match(name):
        return False
    if type_ == "index" and name == "ix_search_entries_fts":
        return False
    return True


# ---- keeping the index current ---------------------------------------------------------------

def entries_for(session: Session, case_id: int) -> list[dict[str, Any]]:
    """The search rows of one case, read from its current rows."""
    case = session.execute(select(Case.title, Case.summary).where(Case.id == case_id)).first()
    if case is None:
        return []
    rows = [{"case_id": case_id, "kind": "case", "clip_id": None, "note_id": None, "t": None,
             "text": f"{case.title} {plain_excerpt(case.summary, 100_000)}"}]
    for title, body in session.execute(select(Stage.title, Stage.body).where(Stage.case_id == case_id)):
        rows.append({"case_id": case_id, "kind": "stage", "clip_id": None, "note_id": None, "t": None,
                     "text": f"{title} {plain_excerpt(body, 100_000)}"})
    clips = select(Clip.id, Clip.caption).join(Stage).where(Stage.case_id == case_id)
    for clip_id, caption in session.execute(clips):
        if caption:
            rows.append({"case_id": case_id, "kind": "clip", "clip_id": clip_id, "note_id": None, "t": 0.0,
                         "text": caption})
    notes = select(Note.id, Note.clip_id, Note.t, Note.text).join(Clip).join(Stage).where(Stage.case_id == case_id)
    for note_id, clip_id, t, body in session.execute(notes):
        rows.append({"case_id": case_id, "kind": "note", "clip_id": clip_id, "note_id": note_id, "t": t,
                     "text": body})
    return rows


def reindex_case(session: Session, case_id: int) -> None:
    """Replace the search rows of one case (none when the case is gone)."""
    session.execute(delete(SearchEntry).where(SearchEntry.case_id == case_id))
    rows = entries_for(session, case_id)
    if rows:
        session.execute(insert(SearchEntry), rows)


def reindex_all(session: Session) -> int:
    """Rebuild every search row; return how many cases were indexed."""
    session.execute(delete(SearchEntry))
    ids = list(session.scalars(select(Case.id)))
    for case_id in ids:
        reindex_case(session, case_id)
    return len(ids)


def _case_ids_touched(session: Session, objects: Iterable[Any]) -> set[int]:
    ids: set[int] = set()
    with session.no_autoflush:
        for obj in objects:
            if isinstance(obj, Case):
                ids.add(obj.id)
            elif isinstance(obj, (Comparison, Consent)):
                ids.add(obj.case_id if obj.case_id is not None else getattr(obj.case, "id", None))
            elif isinstance(obj, Stage):
                ids.add(obj.case_id if obj.case_id is not None else obj.case.id)
            elif isinstance(obj, Clip):
                stage = obj.stage if obj.stage_id is None else session.get(Stage, obj.stage_id)
                if stage is not None:
                    ids.add(stage.case_id)
            elif isinstance(obj, (Note, Drawing)):
                if isinstance(obj, Drawing):
                    obj = obj.note if obj.note_id is None else session.get(Note, obj.note_id)
                    if obj is None:
                        continue
                clip = obj.clip if obj.clip_id is None else session.get(Clip, obj.clip_id)
                if clip is not None:
                    stage = session.get(Stage, clip.stage_id)
                    if stage is not None:
                        ids.add(stage.case_id)
    ids.discard(None)  # type: ignore[arg-type]
    return ids


# Comparisons, drawings and consents (their scope decides what the share box offers) hold no
# searched text, but re-indexing their case marks its page as changed (public.fingerprint): its
# cached page is not served again.
SEARCHED = (Case, Stage, Clip, Note, Comparison, Drawing, Consent)


# Bookkeeping a worker writes many times a minute while a clip is processed: neither searched nor shown.
QUIET = frozenset({"progress", "eta_seconds", "heartbeat_at", "attempts", "updated_at"})


def _really_changed(obj: Any) -> bool:
    return any(attr.history.has_changes() for attr in inspect(obj).attrs if attr.key not in QUIET)


def _after_flush(session: Session, _context: Any) -> None:
    changed = [o for o in (*session.new, *session.deleted) if isinstance(o, SEARCHED)]
    changed += [o for o in session.dirty if isinstance(o, SEARCHED) and _really_changed(o)]
    if changed:
        session.info.setdefault("runphys.reindex", set()).update(_case_ids_touched(session, changed))


def _before_commit(session: Session) -> None:
    session.flush()
    pending = session.info.pop("runphys.reindex", None)
    for case_id in sorted(pending or ()):
        reindex_case(session, case_id)


def _after_rollback(session: Session) -> None:
    session.info.pop("runphys.reindex", None)


def watch(session_class: Any) -> None:
    """Keep search rows current on every commit of sessions of this class (idempotent)."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "before_commit", _before_commit)
        event.listen(session_class, "after_soft_rollback", lambda s, _t: _after_rollback(s))


# ---- querying --------------------------------------------------------------------------------

@dataclass
class Hit:
    """One matching piece of a case: a note, a caption, a stage or the case's own text."""

    kind: str
    snippet: Markup
    clip: Clip | None = None
    t: float | None = None


@dataclass
class CaseResult:
    case: Case
    hits: list[Hit] = field(default_factory=list)


def fts5_query(q: str) -> str:
    """User words → an FTS5 expression: every word must match (as a prefix), "phrases" kept,
    -word excluded, OR between words allowed. Never passes FTS5 syntax through."""
    positive: list[str] = []
    negative: list[str] = []
    join_or = False
    for raw in re.findall(r'-?"[^"]*"|\S+', q):
        neg = raw.startswith("-") and len(raw) > 1
        word = raw[1:] if neg else raw
        if word.upper() == "OR" and not neg:
            join_or = bool(positive)
            continue
        phrase = word.startswith('"')
        terms = re.findall(r"\w+", word)
        if not terms:
            continue
        quoted = '"' + " ".join(terms) + '"' + ("" if phrase else "*")
        if neg:
            negative.append(quoted)
        elif join_or and positive:
            positive[-1] = f"({positive[-1]} OR {quoted})"
        else:
            positive.append(quoted)
        join_or = False
    if not positive:
        return ""
    expr = " AND ".join(positive)
    for term in negative:
        expr = f"({expr}) NOT {term}"
    return expr


def _sqlite_rows(q: str) -> list[Any]:
    expr = fts5_query(q)
    if not expr:
        return []
    sql = text(
        "SELECT e.case_id, e.clip_id, e.kind, e.t AS at, "
        "snippet(search_fts, 0, :start, :stop, '…', 14) AS snip, bm25(search_fts) AS rank "
        "FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid "
        "JOIN cases c ON c.id = e.case_id "
        "WHERE search_fts MATCH :q AND c.status = :published "
        "ORDER BY rank, e.id LIMIT :limit")
    return list(db.session.execute(sql, {"q": expr, "start": START, "stop": STOP,
                                         "published": CaseStatus.PUBLISHED.value, "limit": ROW_LIMIT}))


def _postgres_rows(q: str) -> list[Any]:
    if not re.search(r"\w", q):
        return []
    sql = text(
        "SELECT e.case_id, e.clip_id, e.kind, e.t AS at, "
        "ts_headline('english', e.text, query, :options) AS snip, "
        # normalisation 1 (rank / (1 + log(length))): like FTS5's BM25, a match in a short note
        # counts more than the same match in a long text; plain ts_rank ignores length and ties
        "-ts_rank(to_tsvector('english', e.text), query, 1) AS rank "
        "FROM search_entries e JOIN cases c ON c.id = e.case_id, "
        "websearch_to_tsquery('english', :q) AS query "
        "WHERE to_tsvector('english', e.text) @@ query AND c.status = :published "
        "ORDER BY rank, e.id LIMIT :limit")
    options = f"StartSel={START}, StopSel={STOP}, MaxWords=28, MinWords=10, MaxFragments=1"
    return list(db.session.execute(sql, {"q": q, "options": options,
                                         "published": CaseStatus.PUBLISHED.value, "limit": ROW_LIMIT}))


def highlight(snippet: str) -> Markup:
    """Escape a backend's snippet, then turn its match markers into <mark>."""
    return Markup(str(escape(snippet)).replace(START, "<mark>").replace(STOP, "</mark>"))


def search(q: str, limit: int = 30, hits_per_case: int = 5) -> list[CaseResult]:
    """Published cases matching q, best first, each with its best matching moments."""
    q = (q or "").strip()[:200]
    if not q:
        return []
    rows = _postgres_rows(q) if db.engine.dialect.name == "postgresql" else _sqlite_rows(q)
    order: dict[int, list[Any]] = {}
    for row in rows:
        order.setdefault(row.case_id, []).append(row)
        if len(order) > limit:
            order.pop(row.case_id)
            break
    if not order:
        return []
    cases = {c.id: c for c in db.session.scalars(
        select(Case).where(Case.id.in_(order)).options(
            selectinload(Case.author), selectinload(Case.categories), selectinload(Case.cover_clip),
            selectinload(Case.stages).selectinload(Stage.clips)))}
    results = []
    for case_id, case_rows in order.items():
        case = cases[case_id]
        clips = {c.id: c for c in case.clips}
        result = CaseResult(case)
        # Moments (notes, captions) first: they open the clip where the physio saw it.
        for row in sorted(case_rows, key=lambda r: (r.kind not in ("note", "clip"), r.rank))[:hits_per_case]:
            result.hits.append(Hit(row.kind, highlight(row.snip), clips.get(row.clip_id), row.at))
        results.append(result)
    return results
