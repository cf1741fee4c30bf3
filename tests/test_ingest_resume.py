"""An ingest killed with SIGKILL mid-run loses at most a batch, corrupts nothing,
and a rerun completes the store with every article exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from rasd.article import text_id
from rasd.ingest.sources import WorkItem, iter_items
from rasd.pipeline import prepare_text

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
