"""Kill ``rasd ingest`` with SIGKILL at named points, rerun it, and check what survived.

Used by tests/test_ingest_resume.py (a few points per backend) and, run as a script,
for the full sweep whose figures are in RELIABILITY.md::

    .venv/bin/python tests/kill_harness.py                  # SQLite
    .venv/bin/python tests/kill_harness.py --pg "$RASD_TEST_PG"   # and PostgreSQL

A scenario runs the real CLI in a subprocess with ``RASD_CRASH_AT=POINT[:N]`` (see
:mod:`rasd.crashpoints`), so the process dies there as under ``kill -9``; or, for the
"progress" scenarios, starts it with a process pool and kills its whole process
group once N articles are stored.  Then it reruns the same command without the
fault and compares the store with one built by an uninterrupted run:

* lost: articles stored when the process died that are missing after the rerun;
* the rerun's store must hold the same articles, the same duplicate groups and the
  same stories (as sets of article ids) as the clean store, and owe no work.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rasd.store import open_store

#: Topics of the corpus: each gives a story; two articles are near-copies of another.
TOPICS = [
    ("2015-07-20", [
        "قال وزير الخارجية العراقي إن بغداد ستستضيف اجتماعا إقليميا لدول الجوار الشهر المقبل.",
        "وأضاف الوزير أن الاجتماع سيبحث أمن الحدود وعودة النازحين إلى مدنهم.",
        "وأكد أن الدعوات أرسلت إلى وزراء خارجية الدول المجاورة كافة.",
        "ويأتي الاجتماع بعد أشهر من المشاورات بين بغداد والعواصم المجاورة.",
    ]),
    ("2015-07-21", [
        "أعلنت وزارة الصحة السعودية تسجيل إصابات جديدة بفيروس كورونا في الرياض.",
        "وقالت الوزارة إن المصابين نقلوا إلى المستشفيات وحالتهم مستقرة.",
        "ودعت الوزارة المواطنين إلى مراجعة المراكز الصحية عند ظهور الأعراض.",
        "وارتفع عدد الإصابات المسجلة منذ بداية العام إلى أكثر من ألف حالة.",
    ]),
    ("2015-07-22", [
        "شهدت أسواق النفط العالمية ارتفاعا في أسعار خام برنت خلال تعاملات اليوم.",
        "وعزا المحللون الارتفاع إلى تراجع المخزونات الأمريكية من الخام.",
        "وتوقع خبراء أن تستمر الأسعار في الصعود حتى نهاية الربع الثالث.",
        "وكانت منظمة أوبك قد أبقت على سقف الإنتاج في اجتماعها الأخير.",
    ]),
    ("2015-07-23", [
        "فاز المنتخب المغربي لكرة القدم على نظيره التونسي بهدفين مقابل هدف في الرباط.",
        "وسجل المهاجم المغربي الهدفين في الشوط الثاني من المباراة.",
        "وبهذا الفوز يتصدر المنتخب المغربي مجموعته في التصفيات.",
        "ويلتقي المنتخب المغربي في الجولة المقبلة نظيره الجزائري.",
    ]),
]
PER_TOPIC = 6
BATCH = 4


def write_corpus(path: Path) -> int:
    """The test corpus as JSONL; returns how many records it holds."""
    records = []
    for t, (day, sentences) in enumerate(TOPICS):
        for i in range(PER_TOPIC):
            body = " ".join(sentences[(i + k) % len(sentences)] for k in range(3))
            records.append({"title": f"{sentences[0][:40]} ({t}-{i})", "text": f"{body} وهذا هو الخبر رقم {t}-{i}.",
                            "date": day, "source": f"outlet{i % 3}"})
        # a near-copy of the topic's first article, from another outlet
        first = records[-PER_TOPIC]
        records.append(first | {"text": first["text"] + " وتابع المراسل الخبر.", "source": "copy"})
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(records)


def ingest_cmd(corpus: Path, location: str, workers: int = 1) -> list[str]:
    return [sys.executable, "-m", "rasd", "ingest", str(corpus), "--db", location, "--workers", str(workers),
            "--batch-size", str(BATCH), "--no-progress", "--json"]


@dataclass(frozen=True)
class Snapshot:
    """What a store holds, in terms that do not depend on row ids."""

    articles: frozenset[str]
    duplicates: frozenset[frozenset[str]]
    stories: frozenset[frozenset[str]]
    pending: dict[str, int] = field(hash=False)
    integrity: str = "ok"


def snapshot(location: str) -> Snapshot:
    with open_store(location) as s:
        ids = frozenset(r["id"] for r in s.iter_table("articles"))
        dups = frozenset(frozenset(g) for g in s.duplicate_groups())
        stories = frozenset(frozenset(x["articles"]) for x in s.stories(min_size=1, limit=10**6))
        return Snapshot(ids, dups, stories, s.pending_work(), s.integrity_check())


def stored_ids(location: str) -> frozenset[str]:
    """The articles stored now (read without migrating: the process may be writing)."""
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as conn:
            try:
                return frozenset(r[0] for r in conn.execute("SELECT id FROM articles"))
            except psycopg.errors.UndefinedTable:
                return frozenset()
    import sqlite3

    if not Path(location).exists():
        return frozenset()
    conn = sqlite3.connect(location, timeout=30)
    try:
        return frozenset(r[0] for r in conn.execute("SELECT id FROM articles"))
    except sqlite3.OperationalError:  # tables not created yet
        return frozenset()
    finally:
        conn.close()


@dataclass
class Outcome:
    """One scenario: where the process died, what was stored then, what the rerun left."""

    point: str
    killed: bool
    stored_at_kill: int
    pending_at_kill: dict[str, int]
    lost: int
    rerun_added: int
    same_as_clean: bool
    problems: list[str]

    def line(self) -> str:
        ok = "ok" if not self.problems else "; ".join(self.problems)
        return (f"{self.point:22s} killed={'yes' if self.killed else 'NO '} stored={self.stored_at_kill:3d}"
                f" pending={self.pending_at_kill.get('clusters', 0):3d} lost={self.lost}"
                f" rerun_added={self.rerun_added:3d} same_as_clean={self.same_as_clean}  {ok}")


def _run(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)


def clean_snapshot(corpus: Path, location: str) -> Snapshot:
    """The store an uninterrupted ingest builds."""
    done = _run(ingest_cmd(corpus, location))
    assert done.returncode == 0, done.stderr
    return snapshot(location)


def kill_at(corpus: Path, location: str, point: str, reference: Snapshot, extra_kills: tuple[str, ...] = ()
            ) -> Outcome:
    """Ingest with ``RASD_CRASH_AT=point``; rerun (killed again at each of ``extra_kills``), then
    once more to the end; compare with ``reference``."""
    env = os.environ | {"RASD_CRASH_AT": point}
    first = _run(ingest_cmd(corpus, location), env=env)
    killed = first.returncode == -signal.SIGKILL
    before = stored_ids(location)
    pending = snapshot(location).pending if before else {}
    for again in extra_kills:
        rerun_killed = _run(ingest_cmd(corpus, location), env=os.environ | {"RASD_CRASH_AT": again})
        if rerun_killed.returncode != -signal.SIGKILL:
            return _compare(point, killed, before, pending, location, reference, rerun_killed,
                            [f"the rerun was not killed at {again} (exit {rerun_killed.returncode})"],
                            before_rerun=before)
    before_rerun = stored_ids(location)
    rerun = _run(ingest_cmd(corpus, location))
    return _compare(point if not extra_kills else f"{point}+{'+'.join(extra_kills)}", killed, before, pending,
                    location, reference, rerun, [], before_rerun=before_rerun)


def kill_after_progress(corpus: Path, location: str, n: int, reference: Snapshot, workers: int = 2) -> Outcome:
    """Ingest on a process pool; SIGKILL its process group once ``n`` articles are stored."""
    proc = subprocess.Popen(ingest_cmd(corpus, location, workers), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    killed = False
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if len(stored_ids(location)) >= n:
            os.killpg(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.01)
    proc.wait()
    before = stored_ids(location)
    pending = snapshot(location).pending if before else {}
    rerun = _run(ingest_cmd(corpus, location))
    return _compare(f"progress>={n}", killed, before, pending, location, reference, rerun, [], order_free=True)


def _compare(point: str, killed: bool, before: frozenset[str], pending: dict[str, int], location: str,
             reference: Snapshot, rerun: subprocess.CompletedProcess[str], problems: list[str],
             order_free: bool = False, before_rerun: frozenset[str] | None = None) -> Outcome:
    added = 0
    before_rerun = before if before_rerun is None else before_rerun
    if rerun.returncode != 0:
        problems.append(f"rerun exit {rerun.returncode}: {rerun.stderr.strip()[-300:]}")
    else:
        added = int(json.loads(rerun.stdout.strip().splitlines()[-1])["added"])
    after = snapshot(location)
    lost = len(before - after.articles)
    if lost:
        problems.append(f"{lost} stored articles lost")
    if after.pending:
        problems.append(f"work still pending after the rerun: {after.pending}")
    if after.integrity != "ok":
        problems.append(f"integrity: {after.integrity}")
    if after.articles != reference.articles:
        problems.append(f"articles differ: {len(after.articles)} vs {len(reference.articles)}")
    if len(after.articles) - len(before_rerun) != added and rerun.returncode == 0:
        problems.append(f"rerun added {added}, but {len(after.articles) - len(before_rerun)} were missing")
    if order_free:
        # a process pool stores articles in completion order, on which clustering may
        # depend: what must hold is that the stored clusters are those of the store now
        with open_store(location) as s:
            s.refresh_clusters()
        same = snapshot(location)
        same_clusters = (same.duplicates, same.stories) == (after.duplicates, after.stories)
    else:
        same_clusters = (after.duplicates, after.stories) == (reference.duplicates, reference.stories)
    if not same_clusters:
        problems.append("duplicates or stories differ from an uninterrupted run")
    return Outcome(point, killed, len(before), pending, lost, added, not problems, problems)


# ------------------------------------------------------------------ stores for scenarios


@contextlib.contextmanager
def fresh_location(kind: str, workdir: Path, pg: str | None = None) -> Iterator[str]:
    """An empty SQLite file, or an empty schema on the PostgreSQL server ``pg``."""
    if kind == "sqlite":
        yield str(workdir / f"store-{uuid.uuid4().hex[:8]}.db")
        return
    import psycopg

    assert pg
    name = "k_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    sep = "&" if "?" in pg else "?"
    try:
        yield f"{pg}{sep}options=-csearch_path%3D{name}"
    finally:
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


def all_points(n_records: int) -> list[str]:
    """Every crash point the sweep visits: each batch before and after its commit, then
    every step of the clustering."""
    batches = -(-n_records // BATCH)
    return ([f"store.batch:{i}" for i in range(1, batches + 1)] + [f"ingest.batch:{i}" for i in range(1, batches + 1)]
            + ["ingest.stored", "clusters.start", "clusters.duplicates", "clusters.stories", "clusters.cleared",
               "clusters.written", "clusters.committed"])


def sweep(kind: str, workdir: Path, pg: str | None = None) -> list[Outcome]:
    corpus = workdir / "corpus.jsonl"
    n = write_corpus(corpus)
    with fresh_location(kind, workdir, pg) as loc:
        reference = clean_snapshot(corpus, loc)
    assert len(reference.articles) == n and not reference.pending
    out = []
    for point in all_points(n):
        with fresh_location(kind, workdir, pg) as loc:
            out.append(kill_at(corpus, loc, point, reference))
    # killed again during the rerun that finishes the first kill's work
    for first, again in (("clusters.cleared", "clusters.written"), ("ingest.stored", "clusters.stories"),
                         ("store.batch:3", "store.batch:2")):
        with fresh_location(kind, workdir, pg) as loc:
            out.append(kill_at(corpus, loc, first, reference, (again,)))
    for k in (1, 5, 9, 13, 17, 21, 25):
        with fresh_location(kind, workdir, pg) as loc:
            out.append(kill_after_progress(corpus, loc, k, reference))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", metavar="URL", default=None, help="also sweep PostgreSQL at this server (a test database)")
    ap.add_argument("--workdir", type=Path, default=None, help="where SQLite stores go (default: a temp folder)")
    args = ap.parse_args(argv)
    import tempfile

    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        for kind in ("sqlite", "postgres") if args.pg else ("sqlite",):
            started = time.monotonic()
            outcomes = sweep(kind, workdir, args.pg)
            print(f"== {kind}: {len(outcomes)} kill points, {sum(o.killed for o in outcomes)} killed, "
                  f"{sum(o.lost for o in outcomes)} stored articles lost, "
                  f"{sum(not o.same_as_clean for o in outcomes)} stores unlike an uninterrupted run "
                  f"({time.monotonic() - started:.0f} s)")
            for o in outcomes:
                print("  " + o.line())
            # a progress kill may come too late (the run had ended): reported, not a failure
            failures += sum(bool(o.problems) or (not o.killed and not o.point.startswith("progress"))
                            for o in outcomes)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
