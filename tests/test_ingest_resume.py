"""An ingest killed with SIGKILL mid-run loses at most a batch, corrupts nothing,
and a rerun completes the store with every article exactly once, and finishes the
duplicates and stories the killed run owed (the full sweep: tests/kill_harness.py)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import kill_harness
import pytest
from test_store_corpus import sample_articles

import rasd.store.stories as stories_mod
from rasd.article import text_id
from rasd.cli import main
from rasd.ingest.sources import WorkItem, iter_items
from rasd.pipeline import prepare_text
from rasd.store import open_store
from rasd.store.loader import ingest_paths
from rasd.web.app import create_app

N = 600
SENTENCES = [
    "قال وزير الخارجية إن بغداد ستستضيف اجتماعا إقليميا الشهر المقبل.",
    "وأعلنت وزارة الصحة تسجيل إصابات جديدة في العاصمة.",
    "وشهدت أسواق النفط ارتفاعا في الأسعار خلال تعاملات اليوم.",
    "وأكد المتحدث باسم الحكومة أن المفاوضات مستمرة مع الأطراف كافة.",
]


def corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N):
            text = " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)) + f" وهذا هو الخبر رقم {i}."
            fh.write(json.dumps({"title": f"خبر رقم {i}", "text": text, "date": "2015-07-21", "source": "test"},
                                ensure_ascii=False) + "\n")
        fh.write(json.dumps({"title": "مكرر", "text": text, "date": "2015-07-21", "source": "test"},
                            ensure_ascii=False) + "\n")  # the last article again, under another title


def count(db: Path) -> int:
    con = sqlite3.connect(db, timeout=30)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # tables not created yet
        return 0
    finally:
        con.close()


def ingest_cmd(src: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "rasd", "ingest", str(src), "--db", str(db), "--workers", "2",
            "--batch-size", "10", "--no-progress", "--no-cluster"]


def test_ingest_survives_sigkill_and_resumes(tmp_path: Path) -> None:
    src, db = tmp_path / "corpus.jsonl", tmp_path / "store.db"
    corpus(src)
    expected = {text_id(prepare_text(i.text or "")) for i in iter_items([str(src)]) if isinstance(i, WorkItem)}
    assert len(expected) == N + 1  # the repeated body has a different title line

    proc = subprocess.Popen(ingest_cmd(src, db), start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while (db.exists() and count(db) < 20) or not db.exists():
        assert proc.poll() is None, "the ingest finished before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the parent and its pool workers
    proc.wait()
    killed_at = count(db)
    assert 20 <= killed_at < len(expected)

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()

    rerun = subprocess.run([*ingest_cmd(src, db), "--json"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["added"] == len(expected) - killed_at
    assert summary["already_stored"] >= killed_at

    con = sqlite3.connect(db)
    ids = [r[0] for r in con.execute("SELECT id FROM articles")]
    assert len(ids) == len(set(ids)) == len(expected) and set(ids) == expected
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every stored article is in the full-text index and has its signature, nothing more
    assert con.execute("SELECT count(*) FROM article_fts_docsize").fetchone()[0] == len(expected)
    assert con.execute("SELECT count(*) FROM signatures").fetchone()[0] == len(expected)
    con.close()


# ------------------------------------------------------------------ pending derived work
# Duplicates and stories are computed after the articles are stored.  The work they
# owe is written in the same transaction as the articles and cleared only with their
# result, so a process killed in between leaves it owed and the rerun finishes it.


@pytest.fixture(scope="module")
def kill_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "corpus.jsonl"
    kill_harness.write_corpus(path)
    return path


def _reference(corpus: Path, location: str) -> kill_harness.Snapshot:
    """The store an uninterrupted ingest builds (in this process: no start-up to pay)."""
    with open_store(location) as store:
        ingest_paths(store, [str(corpus)], workers=1, batch_size=kill_harness.BATCH, progress=False)
    return kill_harness.snapshot(location)


@pytest.fixture(scope="module")
def sqlite_reference(kill_corpus: Path) -> kill_harness.Snapshot:
    return _reference(kill_corpus, str(kill_corpus.parent / "clean.db"))


# a few points here (the batch in flight, and the moment the owed work is cleared but not
# committed); every point, twice-killed runs and pool kills: python tests/kill_harness.py
@pytest.mark.parametrize("point", ["store.batch:2", "clusters.written"])
def test_ingest_killed_at_a_point_loses_nothing_and_rerun_finishes_clusters_sqlite(
        point: str, kill_corpus: Path, sqlite_reference: kill_harness.Snapshot, tmp_path: Path) -> None:
    reference = sqlite_reference
    assert len(reference.stories) >= len(kill_harness.TOPICS) and reference.duplicates
    out = kill_harness.kill_at(kill_corpus, str(tmp_path / "killed.db"), point, reference)
    assert out.killed, out
    assert out.problems == [] and out.lost == 0 and out.same_as_clean, out.line()
    if point.startswith("clusters."):  # every article was stored and the clusters owed them all
        assert out.stored_at_kill == len(reference.articles) == out.pending_at_kill["clusters"]


@pytest.mark.parametrize("point", ["clusters.cleared"])
def test_ingest_killed_at_a_point_loses_nothing_and_rerun_finishes_clusters_postgres(
        point: str, kill_corpus: Path, tmp_path: Path, pg_url: str) -> None:
    with kill_harness.fresh_location("postgres", tmp_path, pg_url) as clean:
        reference = _reference(kill_corpus, clean)
    with kill_harness.fresh_location("postgres", tmp_path, pg_url) as loc:
        out = kill_harness.kill_at(kill_corpus, loc, point, reference)
    assert out.killed, out
    assert out.problems == [] and out.lost == 0 and out.same_as_clean, out.line()
    assert out.stored_at_kill == len(reference.articles) == out.pending_at_kill["clusters"]


def test_pending_work_is_written_with_the_articles_and_cleared_with_the_clusters(store_location: str) -> None:
    arts = sample_articles()
    with open_store(store_location) as store:
        assert store.pending_work() == {}
        store.add_articles(arts[:2])
        store.add_articles(arts[1:])  # one already stored: owed for the new ones only
        assert store.pending_work() == {"clusters": len(arts)}
        store.add_articles(arts)  # nothing new: nothing owed
        assert store.pending_work() == {"clusters": len(arts)}
        assert store.finish_pending_work()["clusters"]["stories"] >= 1
        assert store.pending_work() == {} and store.stories(min_size=1)
        assert store.finish_pending_work() == {}  # nothing owed: nothing done


def test_refresh_keeps_owed_the_articles_another_writer_adds_meanwhile(
        store_location: str, monkeypatch: pytest.MonkeyPatch) -> None:
    arts = sample_articles()
    with open_store(store_location) as store, open_store(store_location) as other:
        store.add_articles(arts[:2])
        real = stories_mod.cluster_stories

        def cluster_then_another_writer_adds(*args: Any, **kwargs: Any) -> Any:
            result = real(*args, **kwargs)  # the clusters are computed over the first two
            other.add_articles(arts[2:])
            return result

        monkeypatch.setattr(stories_mod, "cluster_stories", cluster_then_another_writer_adds)
        store.refresh_clusters()
        assert store.pending_work() == {"clusters": len(arts) - 2}
        monkeypatch.setattr(stories_mod, "cluster_stories", real)
        store.finish_pending_work()
        assert store.pending_work() == {}
        assert {a for s in store.stories(min_size=1, limit=100) for a in s["articles"]} == {a.id for a in arts}


def test_a_store_from_before_pending_work_owes_clusters_it_never_computed(store_location: str) -> None:
    with open_store(store_location) as store:
        store.add_articles(sample_articles())
        # as a store written before the table existed: no record of the work owed
        store.conn.execute("DROP TABLE pending_work")
        store.conn.execute("DELETE FROM schema_migrations WHERE version = 5")
    with open_store(store_location) as store:  # the migration finds the clusters never computed
        assert store.pending_work() == {"clusters": len(sample_articles())}
        store.finish_pending_work()
        store.conn.execute("DROP TABLE pending_work")
        store.conn.execute("DELETE FROM schema_migrations WHERE version = 5")
    with open_store(store_location) as store:  # clusters computed at the current count: nothing owed
        assert store.pending_work() == {}


def test_stories_command_and_web_start_finish_work_an_ingest_left(tmp_path: Path, kill_corpus: Path) -> None:
    db = tmp_path / "store.db"
    with open_store(db) as store:
        ingest_paths(store, [str(kill_corpus)], workers=1, progress=False, cluster=False)  # --no-cluster
        assert store.stories(min_size=1) == [] and store.pending_work()
    assert main(["stories", "--db", str(db), "--json", "--min-size", "1"]) == 0
    with open_store(db) as store:
        assert store.pending_work() == {} and store.stories(min_size=1)
        store.add_articles(sample_articles())  # e.g. saved from the web page, with no clustering after
        assert store.pending_work()
    create_app(db)  # the server finishes it at start-up
    with open_store(db) as store:
        assert store.pending_work() == {}
        clustered = {a for s in store.stories(min_size=1, limit=1000) for a in s["articles"]}
        assert {a.id for a in sample_articles()} <= clustered
