"""Small hand-built corpora for the store tests, and tests of the store basics.

The records are built directly (entities, quotes, events as a later stage would
add them) so the store's views are tested whatever the pipeline currently finds.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from rasd.article import Article, Entity, Event, EventArg, Mention, Quote, Source, SpeakerRef, from_json, to_json
from rasd.store import open_store
from rasd.store.migrate import discover

KADHIMI = "الكاظمي"

TEXTS = [
    ("2020-11-18", "alarab", "الكاظمي يبحث انسحاب القوات الأميركية",
     "بغداد - بحث رئيس الوزراء العراقي مصطفى الكاظمي اليوم جدولة انسحاب والقوات الأميركية من العراق. "
     "وقال الكاظمي \"إن الحوار مع واشنطن مستمر\"."),
    ("2020-11-19", "aawsat", "واشنطن تخفض عدد جنودها في العراق",
     "أعلنت وزارة الدفاع الأمريكية خفض عدد القوات الأمريكية في العراق إلى ثلاثة آلاف جندي. "
     "وقال مسؤول إن الكاظمي أبلغ بالقرار."),
    ("2020-11-19", "sabq", "أمطار غزيرة على جدة",
     "هطلت أمطار غزيرة على مدينة جدة اليوم وأعلن الدفاع المدني رفع درجة الاستعداد في المحافظة."),
    ("2020-11-20", "okaz", "منتخب السعودية يفوز على اليابان",
     "فاز المنتخب السعودي لكرة القدم على نظيره الياباني بهدفين مقابل هدف في المباراة الودية."),
]


def _find(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def build_article(day: str, outlet: str, title: str, body: str) -> Article:
    """An article with its entities, quotes and events marked by hand."""
    text = f"{title}\n\n{body}\n"
    art = Article.from_text(text, Source(outlet=outlet, date=day, title=title))
    ents = []
    if KADHIMI in text:
        ms = []
        pos = 0
        while KADHIMI in text[pos:]:
            s, e = _find(text, KADHIMI, pos)
            ms.append(Mention(s, e, text[s:e]))
            pos = e
        ents.append(Entity("e1", "PER", "مصطفى الكاظمي", tuple(ms), en="Mustafa al-Kadhimi", country="IRQ"))
    if "العراق" in text:
        s, e = _find(text, "العراق")
        ents.append(Entity("e2", "GPE", "العراق", (Mention(s, e, "العراق"),), country="IRQ"))
    if "واشنطن" in text:
        s, e = _find(text, "واشنطن")
        ents.append(Entity("e3", "GPE", "واشنطن", (Mention(s, e, "واشنطن"),), country="USA"))
    quotes = []
    if "إن الحوار مع واشنطن مستمر" in text:
        s, e = _find(text, "إن الحوار مع واشنطن مستمر")
        ks, ke = _find(text, KADHIMI, text.index("وقال"))
        quotes.append(Quote("direct", art.span(s, e), SpeakerRef(ks, ke, KADHIMI, "e1"), "مصطفى الكاظمي"))
    events = []
    if "انسحاب" in text:
        s, e = _find(text, "بحث رئيس")
        events.append(Event("CONSULT", art.span(s, e), actor=EventArg(text="مصطفى الكاظمي", entity="e1", country="IRQ"),
                            target=EventArg(text="واشنطن", entity="e3", country="USA")))
    return Article(text=art.text, id=art.id, source=art.source, title=art.span(0, len(title)),
                   entities=tuple(ents), quotes=tuple(quotes), events=tuple(events))


def sample_articles() -> list[Article]:
    return [build_article(*t) for t in TEXTS]


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = open_store(tmp_path / "t.db")
    s.add_articles(sample_articles())
    yield s
    s.close()


def test_store_migrations_are_ordered_and_recorded(tmp_path: Path) -> None:
    steps = discover("sqlite")
    assert [m.version for m in steps] == sorted(m.version for m in steps)
    s = open_store(tmp_path / "m.db")
    rows = s.conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [m.version for m in steps]
    assert s.migrate() == []  # reopening applies nothing twice
    s.close()
    s2 = open_store(tmp_path / "m.db")
    assert s2.schema_version() == steps[-1].version
    assert s2.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s2.close()


def test_store_add_is_idempotent_by_content_hash(tmp_path: Path) -> None:
    s = open_store(tmp_path / "i.db")
    arts = sample_articles()
    assert s.add_articles(arts).added == len(arts)
    again = s.add_articles([*arts, arts[0]])
    assert (again.added, again.skipped) == (0, len(arts) + 1)
    assert s.count() == len(arts)
    assert s.stats()["mentions"] == sum(len(e.mentions) for a in arts for e in a.entities)
    s.close()


def test_store_keeps_the_record_whole(store) -> None:  # type: ignore[no-untyped-def]
    for art in sample_articles():
        got = store.get_article(art.id)
        assert got is not None
        assert got.pop("store")["added_at"]
        assert from_json(got) == art
        assert json.loads(to_json(art)) == got
    assert store.get_article("0" * 16) is None


def test_store_merges_entities_across_articles(store) -> None:  # type: ignore[no-untyped-def]
    rows = store.conn.execute("SELECT canonical, label, country FROM entities WHERE norm = ?",
                              ("مصطفي الكاظمي",)).fetchall()
    assert [tuple(r) for r in rows] == [("مصطفى الكاظمي", "PER", "IRQ")]
    n_articles = store.conn.execute("SELECT count(*) FROM article_entities ae JOIN entities e ON e.id = ae.entity"
                                    " WHERE e.canonical = ?", ("مصطفى الكاظمي",)).fetchone()[0]
    assert n_articles == 2


def test_store_entity_view_has_days_quotes_and_neighbours(store) -> None:  # type: ignore[no-untyped-def]
    view = store.entity_view("مصطفى الكاظمي")
    assert view["entity"]["label"] == "PER" and view["entity"]["articles"] == 2
    assert [d["date"] for d in view["per_day"]] == ["2020-11-18", "2020-11-19"]
    assert view["per_day"][0]["mentions"] == 3  # title, body, speaker
    assert [q["content"] for q in view["quotes_by"]] == ["إن الحوار مع واشنطن مستمر"]
    assert {c["name"] for c in view["cooccurring"]} == {"العراق", "واشنطن"}
    about = store.entity_view("واشنطن")["quotes_about"]
    assert [q["content"] for q in about] == ["إن الحوار مع واشنطن مستمر"]
    assert store.quotes("مصطفى الكاظمي")[0]["speaker_name"] == "مصطفى الكاظمي"


def test_store_entity_view_unknown_name_says_so(store) -> None:  # type: ignore[no-untyped-def]
    from rasd.errors import StoreError

    with pytest.raises(StoreError, match="no entity named"):
        store.entity_view("لا أحد")


def test_store_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    from rasd.errors import StoreError

    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(bad)


def test_store_integrity_after_writes(store) -> None:  # type: ignore[no-untyped-def]
    assert store.integrity_check() == "ok"
    con = sqlite3.connect(store.path)
    assert con.execute("SELECT count(*) FROM article_fts_docsize").fetchone()[0] == len(TEXTS)
    con.close()


def test_store_entity_cli_draws_a_histogram(store, capsys) -> None:  # type: ignore[no-untyped-def]
    from rasd.cli import main

    path = store.path
    store.close()
    assert main(["entity", "الكاظمي", "--db", path]) == 0  # a part of the name finds it
    out = capsys.readouterr().out
    assert "مصطفى الكاظمي (PER, IRQ, Mustafa al-Kadhimi): 4 mentions in 2 articles" in out
    assert "2020-11-18 ████████████████████████████████████████ 3" in out
    assert "«إن الحوار مع واشنطن مستمر»" in out
    assert main(["entity", "مصطفى الكاظمي", "--db", path, "--json"]) == 0
    view = json.loads(capsys.readouterr().out)
    assert view["per_day"] == [{"date": "2020-11-18", "mentions": 3, "articles": 1},
                               {"date": "2020-11-19", "mentions": 1, "articles": 1}]
