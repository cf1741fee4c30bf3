"""Corpus-level reads shared by every backend: search facets, trends, one story, alerts.

Each function takes ``rows`` (run one parameterised statement, get plain dicts) and
the backend's placeholder ``ph`` (``?`` or ``%s``), and builds only SQL both SQLite
and PostgreSQL accept, so one function answers the same on both.  All counting is
done by aggregate queries in the database; Python only shapes the few rows they
return (the top of a facet, the top risers, one story's members).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from rasd.store.rows import entity_key

Rows = Callable[[str, Sequence[Any]], list[dict[str, Any]]]

#: Values kept per facet (days are all kept: they draw the histogram).
FACET_SIZE = 10


def search_facets(rows: Rows, ph: str, hits_sql: str, params: Sequence[Any],
                  size: int = FACET_SIZE) -> dict[str, list[dict[str, Any]]]:
    """Counts of the matching articles per outlet, entity, entity type (label) and day.

    ``hits_sql`` selects the ``rowid`` of every matching article (the search without
    its order or page); each facet is one ``GROUP BY`` over it.
    """
    p = list(params)
    outlet = rows(
        f"SELECT a.outlet AS value, count(*) AS n FROM articles a WHERE a.rowid IN ({hits_sql})"
        f" AND a.outlet IS NOT NULL AND a.outlet <> '' GROUP BY a.outlet ORDER BY n DESC, a.outlet LIMIT {ph}",
        [*p, size])
    entity = rows(
        "SELECT e.id, e.canonical AS value, e.label, count(DISTINCT ae.article) AS n FROM article_entities ae"
        f" JOIN entities e ON e.id = ae.entity WHERE ae.article IN ({hits_sql})"
        f" GROUP BY e.id, e.canonical, e.label ORDER BY n DESC, e.id LIMIT {ph}", [*p, size])
    label = rows(
        "SELECT e.label AS value, count(DISTINCT ae.article) AS n FROM article_entities ae"
        f" JOIN entities e ON e.id = ae.entity WHERE ae.article IN ({hits_sql})"
        " GROUP BY e.label ORDER BY n DESC, e.label", p)
    day = rows(
        f"SELECT a.date AS value, count(*) AS n FROM articles a WHERE a.rowid IN ({hits_sql})"
        " AND a.date IS NOT NULL GROUP BY a.date ORDER BY a.date", p)
    return {
        "outlet": [{"value": r["value"], "count": int(r["n"])} for r in outlet],
        "entity": [{"id": int(r["id"]), "value": r["value"], "label": r["label"], "count": int(r["n"])}
                   for r in entity],
        "label": [{"value": r["value"], "count": int(r["n"])} for r in label],
        "day": [{"value": r["value"], "count": int(r["n"])} for r in day],
    }


# ------------------------------------------------------------------ trends


def trend_windows(until: dt.date, days: int) -> tuple[str, str, str]:
    """``(start, mid, end)`` as ISO days: the current window is ``(mid, end]``, the
    previous one ``(start, mid]``, each ``days`` long (dates compare as strings)."""
    mid = until - dt.timedelta(days=days)
    start = mid - dt.timedelta(days=days)
    return start.isoformat(), mid.isoformat(), until.isoformat()


def _series(rows: Rows, ph: str, ids: list[int], start: str, end: str) -> dict[int, dict[str, int]]:
    """Articles per day of each entity in ``ids`` over ``(start, end]``."""
    if not ids:
        return {}
    marks = ",".join([ph] * len(ids))
    out: dict[int, dict[str, int]] = {}
    for r in rows("SELECT ae.entity AS id, a.date AS day, count(DISTINCT a.rowid) AS n FROM article_entities ae"
                  f" JOIN articles a ON a.rowid = ae.article WHERE ae.entity IN ({marks})"
                  f" AND a.date > {ph} AND a.date <= {ph} GROUP BY ae.entity, a.date", [*ids, start, end]):
        out.setdefault(int(r["id"]), {})[r["day"]] = int(r["n"])
    return out


def trends(rows: Rows, ph: str, days: int = 7, until: str | None = None, limit: int = 20,
           min_count: int = 2) -> dict[str, Any]:
    """Entities rising most over the last ``days`` days against the ``days`` before.

    The window ends at ``until`` or else at the newest dated article, so an archive
    has trends as a live store does.  ``entities``: the risers, most added articles
    first (at least ``min_count`` articles in the current window and more than in
    the previous one); ``new``: entities whose first dated article is in the current
    window.  Each carries its article counts in both windows, its mentions, and
    ``series``: articles per day over both windows (the sparkline).
    """
    if until is None:
        got = rows("SELECT max(date) AS d FROM articles", [])  # max skips NULL, and reads the date index
        until = got[0]["d"] if got else None
    empty: dict[str, Any] = {"days": days, "until": until, "current": None, "previous": None, "entities": [], "new": []}
    if not until:
        return empty
    end_day = dt.date.fromisoformat(until[:10])
    start, mid, end = trend_windows(end_day, days)
    # one row per (entity, article) of both windows, then per entity (computed once, for both
    # lists): each article counts once however many local entities of its record share the entity
    cols = "t.id, t.cur, t.prev, t.cur_m, t.prev_m, e.canonical AS name, e.label"
    got = rows(
        "WITH per AS (SELECT ae.entity AS id, a.date AS d, sum(ae.mentions) AS m FROM article_entities ae"
        f" JOIN articles a ON a.rowid = ae.article WHERE a.date > {ph} AND a.date <= {ph}"
        " GROUP BY ae.entity, a.rowid, a.date),"
        f" t AS MATERIALIZED (SELECT id, sum(CASE WHEN d > {ph} THEN 1 ELSE 0 END) AS cur,"
        f" sum(CASE WHEN d <= {ph} THEN 1 ELSE 0 END) AS prev, sum(CASE WHEN d > {ph} THEN m ELSE 0 END) AS cur_m,"
        f" sum(CASE WHEN d <= {ph} THEN m ELSE 0 END) AS prev_m FROM per GROUP BY id)"
        f" SELECT * FROM (SELECT 'rise' AS kind, {cols} FROM t JOIN entities e ON e.id = t.id"
        f" WHERE t.cur >= {ph} AND t.cur > t.prev ORDER BY t.cur - t.prev DESC, t.cur DESC, t.id LIMIT {ph}) r"
        # new: in the current window only, and in no dated article before the previous one either
        f" UNION ALL SELECT * FROM (SELECT 'new' AS kind, {cols} FROM t JOIN entities e ON e.id = t.id"
        f" WHERE t.prev = 0 AND t.cur >= {ph} AND NOT EXISTS (SELECT 1 FROM article_entities x"
        f" JOIN articles b ON b.rowid = x.article WHERE x.entity = t.id AND b.date <= {ph})"
        f" ORDER BY t.cur DESC, t.cur_m DESC, t.id LIMIT {ph}) n",
        [start, end, mid, mid, mid, mid, min_count, limit, min_count, start, limit])
    risers = [r for r in got if r["kind"] == "rise"]
    newcomers = [r for r in got if r["kind"] == "new"]
    ids = sorted({int(r["id"]) for r in [*risers, *newcomers]})
    first = {int(r["id"]): r["d"] for r in rows(
        "SELECT ae.entity AS id, min(a.date) AS d FROM article_entities ae JOIN articles a ON a.rowid = ae.article"
        f" WHERE a.date IS NOT NULL AND ae.entity IN ({','.join([ph] * len(ids))}) GROUP BY ae.entity",
        ids)} if ids else {}
    series = _series(rows, ph, ids, start, end)
    day_keys = [(dt.date.fromisoformat(start) + dt.timedelta(days=i + 1)).isoformat() for i in range(2 * days)]

    def shaped(r: dict[str, Any]) -> dict[str, Any]:
        eid, c, p = int(r["id"]), int(r["cur"]), int(r["prev"])
        per_day = series.get(eid, {})
        return {"id": eid, "name": r["name"], "label": r["label"], "current": c, "previous": p,
                "current_mentions": int(r["cur_m"] or 0), "previous_mentions": int(r["prev_m"] or 0),
                "change": c - p, "ratio": round((c + 1) / (p + 1), 2), "first_seen": first.get(eid),
                "new": bool(first.get(eid) and first[eid] > mid),
                "series": [per_day.get(k, 0) for k in day_keys]}

    next_day = (dt.date.fromisoformat(mid) + dt.timedelta(days=1)).isoformat()
    return {"days": days, "until": end, "min_count": min_count,
            "current": {"from": next_day, "to": end},
            "previous": {"from": (dt.date.fromisoformat(start) + dt.timedelta(days=1)).isoformat(), "to": mid},
            "series_days": day_keys,
            "entities": [shaped(r) for r in risers], "new": [shaped(r) for r in newcomers]}


# ------------------------------------------------------------------ one story


def story(rows: Rows, ph: str, story_id: int, entities: int = 20) -> dict[str, Any] | None:
    """One story: outlets, first and last seen, articles, main entities, quotes by speaker."""
    members = rows(
        "SELECT a.id, a.title, a.date, a.outlet, a.added_at, s.score FROM stories s"
        f" JOIN articles a ON a.rowid = s.article WHERE s.story = {ph} ORDER BY a.date, a.rowid", [story_id])
    if not members:
        return None
    outlets = rows(
        "SELECT a.outlet AS outlet, count(*) AS n FROM stories s JOIN articles a ON a.rowid = s.article"
        f" WHERE s.story = {ph} AND a.outlet IS NOT NULL AND a.outlet <> '' GROUP BY a.outlet"
        " ORDER BY n DESC, a.outlet", [story_id])
    ents = rows(
        "SELECT e.id, e.canonical AS name, e.label, count(DISTINCT ae.article) AS n, sum(ae.mentions) AS m"
        " FROM stories s JOIN article_entities ae ON ae.article = s.article JOIN entities e ON e.id = ae.entity"
        f" WHERE s.story = {ph} GROUP BY e.id, e.canonical, e.label ORDER BY n DESC, m DESC, e.id LIMIT {ph}",
        [story_id, entities])
    quotes = rows(
        'SELECT q.speaker, e.canonical AS speaker_canonical, q.speaker_name, q.kind, q.content, q.start, q."end",'
        " q.idx, a.id AS article, a.date, a.outlet FROM stories s JOIN quotes q ON q.article = s.article"
        " JOIN articles a ON a.rowid = s.article LEFT JOIN entities e ON e.id = q.speaker"
        f" WHERE s.story = {ph} ORDER BY a.date, a.rowid, q.idx", [story_id])
    # a quote whose speaker was not linked to an entity joins the entity of the same (normalised) name
    linked = {entity_key(q["speaker_canonical"], "", None)[0]: int(q["speaker"]) for q in quotes
              if q["speaker"] is not None and q["speaker_canonical"]}
    canonical = {int(q["speaker"]): q["speaker_canonical"] for q in quotes if q["speaker"] is not None}
    groups: dict[tuple[int | None, str], dict[str, Any]] = {}
    for q in quotes:
        sid = int(q["speaker"]) if q["speaker"] is not None else None
        name = q["speaker_canonical"] or q["speaker_name"] or ""
        if sid is None and name:
            sid = linked.get(entity_key(name, "", None)[0])
            name = canonical[sid] if sid is not None else name
        key = (sid, name if sid is None else "")
        g = groups.setdefault(key, {"speaker_id": sid, "speaker": name or None, "quotes": []})
        g["quotes"].append({"article": q["article"], "date": q["date"], "outlet": q["outlet"], "kind": q["kind"],
                            "content": q["content"], "start": q["start"], "end": q["end"], "idx": q["idx"],
                            "speaker_name": q["speaker_name"]})
    # named speakers first, most quoted first; the unknown speaker last
    by_speaker = sorted(groups.values(), key=lambda g: (g["speaker"] is None, -len(g["quotes"]), g["speaker"] or ""))
    rep = max(members, key=lambda m: (m["score"], -members.index(m)))
    dates = [m["date"] for m in members if m["date"]]
    added = [m["added_at"] for m in members if m["added_at"]]
    return {
        "story": story_id, "size": len(members), "headline": rep["title"], "representative": rep["id"],
        "first_date": min(dates) if dates else None, "last_date": max(dates) if dates else None,
        "first_added": min(added) if added else None, "last_added": max(added) if added else None,
        "outlets": [{"outlet": r["outlet"], "articles": int(r["n"])} for r in outlets],
        "articles": [{"id": m["id"], "title": m["title"], "date": m["date"], "outlet": m["outlet"]} for m in members],
        "entities": [{"id": int(r["id"]), "name": r["name"], "label": r["label"], "articles": int(r["n"]),
                      "mentions": int(r["m"] or 0)} for r in ents],
        "quotes_by_speaker": by_speaker,
    }
