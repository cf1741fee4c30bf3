"""``rasd watch``: poll feeds and sitemaps on a schedule, store each new article as it comes.

One poll cycle:

1. the feeds that are due are fetched, several at a time, conditionally (the ETag and
   Last-Modified of the last response whose items were all taken): a 304 costs one
   request and fetches nothing else;
2. each feed's links not taken before (``watch_seen`` in the store) are fetched, the
   pages extracted and analysed as ``rasd ingest`` does (:func:`rasd.batch.analyze_item`),
   and stored in small batches, so an article is searchable seconds after its page
   is read; the outlet named in the FEEDS file goes into the record's ``source.outlet``;
3. duplicates and stories are recomputed (:mod:`rasd.store.pending`), and each feed's
   health row is written: a feed that failed waits ``every * 2**failures`` (capped),
   times a random factor in [0.5, 1] so failing feeds do not return in step, and
   never less than ``every``; the others go on as usual.

A feed's new validators are stored only once every new link it listed was taken (a
page that failed for a reason that may pass, a timeout or a 5xx, keeps the old ones,
so the next poll sees the feed whole again).  Links are recorded as taken right after
their batch is committed: a watcher killed in between refetches at most that batch,
and the store's content hash keeps it from being stored twice.  A stop request
(Ctrl-C, SIGTERM: :attr:`Watcher.stop`) is honoured between articles: what is already
analysed is stored, the rest is left for the next run.
"""

from __future__ import annotations

import random
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag

from rasd.article import Source
from rasd.batch import Analysed, analyze_item, run_many
from rasd.crashpoints import crash_point
from rasd.errors import InputError
from rasd.ingest.feedlist import FeedSpec
from rasd.ingest.polite import PoliteClient, Response
from rasd.ingest.sitemaps import Link, looks_like_sitemap, sitemap_links
from rasd.ingest.sources import WorkItem
from rasd.store.postgres import PostgresStore
from rasd.store.rows import PreparedArticle
from rasd.store.sqlite import SQLiteStore
from rasd.work import at

#: Longest wait after failures (seconds), whatever ``every`` is: a feed is retried at least this often.
MAX_BACKOFF = 6 * 3600.0
#: Child sitemaps read from one sitemap index (news sitemaps have one or two).
MAX_CHILD_SITEMAPS = 10

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str) -> float:
    """Seconds in ``10m``, ``30s``, ``1.5h``, ``500ms`` or a plain number of seconds."""
    m = _DURATION.match(text)
    if not m:
        raise InputError(f"cannot read the interval {text!r}; write it as 30s, 10m, 1h or a number of seconds")
    return float(m.group(1)) * _UNITS[m.group(2) or "s"]


def iso(ts: float) -> str:
    """A Unix time as the ISO UTC string the health rows hold (milliseconds: tests poll fast)."""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def from_iso(value: str | None) -> float | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def backoff_delay(every: float, failures: int, rng: random.Random, retry_after: float | None = None,
                  cap: float = MAX_BACKOFF) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (see the module docstring)."""
    grown = min(max(cap, every), every * 2 ** min(failures, 30))
    delay = max(every, grown * rng.uniform(0.5, 1.0))
    return max(delay, retry_after or 0.0)


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """How a watcher polls (``rasd watch`` options)."""

    every: float = 600.0
    timeout: float = 20.0
    per_host: int = 2  # concurrent requests to one host
    threads: int = 8  # concurrent requests in all
    workers: int = 1  # analysis processes (1: in this process)
    batch_size: int = 16  # articles per store transaction (small: searchable sooner)
    robots: bool = True
    cluster: bool = True
    max_new: int = 200  # new links taken from one feed in one poll (a sitemap may list an archive)


@dataclass(slots=True)
class PollReport:
    """What one poll cycle did."""

    feeds: int = 0  # polled
    not_modified: int = 0
    failed: int = 0
    links: int = 0  # new links found
    added: int = 0
    already_stored: int = 0
    robots_blocked: int = 0
    errors: list[str] = field(default_factory=list)
    stopped: bool = False
    seconds: float = 0.0
    clusters: dict[str, int] = field(default_factory=dict)
    added_ids: list[tuple[str, float]] = field(default_factory=list)  # (article id, time stored)

    def as_dict(self) -> dict[str, Any]:
        return {"feeds": self.feeds, "not_modified": self.not_modified, "failed": self.failed, "links": self.links,
                "added": self.added, "already_stored": self.already_stored, "robots_blocked": self.robots_blocked,
                "errors": len(self.errors), "stopped": self.stopped, "seconds": round(self.seconds, 3),
                "clusters": self.clusters}


@dataclass(slots=True)
class _FeedPoll:
    """One feed's answer in this cycle, and what became of its links."""

    spec: FeedSpec
    state: dict[str, Any]
    response: Response | None = None
    links: list[Link] = field(default_factory=list)
    error: str | None = None
    new: list[Link] = field(default_factory=list)
    stored: int = 0
    incomplete: bool = False  # a page failed in a way that may pass: keep the old validators


@dataclass(frozen=True, slots=True)
class _Page:
    """A link's page as fetched: a work item, or why there is none."""

    poll: _FeedPoll
    link: Link
    item: WorkItem | None
    outcome: str  # "fetched" | "robots" | "failed" | "retry"
    error: str | None = None


Store = SQLiteStore | PostgresStore


class Watcher:
    """Polls ``feeds`` into ``store`` (see the module docstring)."""

    def __init__(self, store: Store, feeds: list[FeedSpec], options: WatchOptions | None = None, *,
                 client: PoliteClient | None = None, clock: Callable[[], float] = time.time,
                 rng: random.Random | None = None, say: Callable[[str], None] | None = None,
                 progress: bool = False) -> None:
        self.store = store
        self.feeds = feeds
        self.opts = options or WatchOptions()
        self.client = client or PoliteClient(timeout=self.opts.timeout, per_host=self.opts.per_host,
                                             robots=self.opts.robots)
        self.clock = clock
        self.rng = rng or random.Random()
        self.say = say or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self.progress = progress
        self.stop = threading.Event()
        self.polls = 0

    # ------------------------------------------------------------------ state

    def states(self) -> dict[str, dict[str, Any]]:
        """The stored health rows of this watcher's feeds, with the FEEDS file's outlet and country."""
        stored = {row["url"]: row for row in self.store.feed_health()}
        out = {}
        for spec in self.feeds:
            row = dict(stored.get(spec.url) or {"url": spec.url})
            row["outlet"], row["country"] = spec.outlet, spec.country
            out[spec.url] = row
        return out

    def due(self, now: float | None = None) -> list[FeedSpec]:
        """The feeds whose next poll time has come (all of them, the first time)."""
        now = self.clock() if now is None else now
        states = self.states()
        return [s for s in self.feeds if (from_iso(states[s.url].get("next_poll")) or 0.0) <= now]

    def next_due(self) -> float:
        """When the next feed falls due (Unix time)."""
        times = [from_iso(row.get("next_poll")) or 0.0 for row in self.states().values()]
        return min(times, default=self.clock() + self.opts.every)

    # ------------------------------------------------------------------ one cycle

    def poll(self, healthy_now: bool = False) -> PollReport:
        """Poll every due feed once (see the module docstring); ``healthy_now``: every feed not
        backing off after a failure is due (``--once`` from cron, which cannot hit the schedule
        to the millisecond)."""
        started = self.clock()
        self.polls += 1
        report = PollReport()
        states = self.states()
        due = [s for s in self.feeds if (from_iso(states[s.url].get("next_poll")) or 0.0) <= started
               or (healthy_now and not states[s.url].get("failures"))]
        polls = [_FeedPoll(s, states[s.url]) for s in due]
        report.feeds = len(polls)
        with ThreadPoolExecutor(max_workers=max(1, self.opts.threads), thread_name_prefix="rasd-watch") as pool:
            for fp in pool.map(self._fetch_feed, polls):
                self._after_feed(fp, started, report)
            self._take_new(polls, pool, report)
        report.stopped = self.stop.is_set()
        if self.opts.cluster and not report.stopped:  # this poll's articles, and whatever a killed run owed
            report.clusters = self.store.finish_pending_work().get("clusters", {})
        for fp in polls:
            if fp.error is None and fp.response is not None and fp.response.status == 200:
                self._save_success(fp, started, finished=not report.stopped)
        report.seconds = self.clock() - started
        return report

    def _fetch_feed(self, fp: _FeedPoll) -> _FeedPoll:
        """Fetch and read one feed (in a pool thread); failures are recorded on ``fp``."""
        if self.stop.is_set():
            fp.error = "stopped before this feed was polled"
            return fp
        try:
            resp = self.client.fetch(fp.spec.url, etag=fp.state.get("etag"),
                                     last_modified=fp.state.get("last_modified"), what="feed")
            fp.response = resp
            if resp.status == 200:
                fp.links = self._links(resp)
            elif resp.status != 304:
                fp.error = f"{fp.spec.url}: {resp.reason or f'HTTP {resp.status}'}"
        except InputError as exc:
            fp.error = str(exc)
        except Exception as exc:  # a bug on one feed must not stop the others
            fp.error = f"{fp.spec.url}: internal error, please report ({type(exc).__name__}: {exc})"
        return fp

    def _links(self, resp: Response) -> list[Link]:
        """The article links of a feed or sitemap body (a sitemap index's children fetched too)."""
        if looks_like_sitemap(resp.body):
            links, children = sitemap_links(resp.body, resp.url)
            for child in children[:MAX_CHILD_SITEMAPS]:
                sub = self.client.fetch(child, what="sitemap")
                if sub.status != 200:
                    raise InputError(f"{child}: {sub.reason or f'HTTP {sub.status}'} (a sitemap of {resp.url})")
                links.extend(sitemap_links(sub.body, child)[0])
            return links
        from rasd.ingest.feeds import feed_links, parse_feed

        feed = parse_feed(resp.body, {"content-type": resp.content_type, "content-location": resp.url}, resp.url)
        return feed_links(feed)

    def _after_feed(self, fp: _FeedPoll, now: float, report: PollReport) -> None:
        """Record a failed or unchanged feed at once; find a changed feed's new links."""
        state = fp.state
        state["last_poll"] = iso(now)
        if fp.error is not None or fp.response is None:
            if self.stop.is_set():
                return
            report.failed += 1
            failures = int(state.get("failures") or 0) + 1
            retry = fp.response.retry_after if fp.response is not None else None
            state.update(failures=failures, last_error=fp.error, last_error_at=iso(now), last_new=0,
                         next_poll=iso(now + backoff_delay(self.opts.every, failures, self.rng, retry)))
            report.errors.append(fp.error or f"{fp.spec.url}: no answer")
            self.say(f"rasd: {fp.error} (failure {failures} in a row; next try at {state['next_poll']})")
            self.store.save_feed(state)
            return
        if fp.response.status == 304:
            report.not_modified += 1
            state.update(failures=0, last_success=iso(now), last_new=0,
                         not_modified=int(state.get("not_modified") or 0) + 1, next_poll=iso(now + self.opts.every))
            self.store.save_feed(state)
            return
        urls: list[str] = []
        for link in fp.links:
            url = urldefrag(link.url)[0]
            if url.startswith(("http://", "https://")) and url not in urls:
                urls.append(url)
        seen = self.store.seen_urls(urls)
        by_url = {urldefrag(link.url)[0]: link for link in fp.links}
        fp.new = [replace(by_url[u], url=u) for u in urls if u not in seen]
        if len(fp.new) > self.opts.max_new:  # a sitemap's archive: the rest on later polls, the feed read whole
            fp.new = fp.new[:self.opts.max_new]
            fp.incomplete = True
        report.links += len(fp.new)

    def _save_success(self, fp: _FeedPoll, now: float, finished: bool = True) -> None:
        """A read feed's row: after a stop mid-poll only its counts (it stays due, with its old
        validators, so the next run reads it whole and takes the links left)."""
        state = fp.state
        resp = fp.response
        assert resp is not None
        state.update(last_new=fp.stored, new_total=int(state.get("new_total") or 0) + fp.stored)
        if not finished:
            self.store.save_feed(state)
            return
        state.update(failures=0, last_success=iso(now), next_poll=iso(now + self.opts.every))
        if fp.incomplete:
            state.update(last_error=f"{fp.spec.url}: some pages could not be fetched; they are retried next poll",
                         last_error_at=iso(now))
        else:
            state.update(etag=resp.etag, last_modified=resp.last_modified)
        self.store.save_feed(state)

    # ------------------------------------------------------------------ pages

    def _take_new(self, polls: list[_FeedPoll], pool: ThreadPoolExecutor, report: PollReport) -> None:
        """Fetch, analyse and store the new links of every changed feed."""
        todo: list[tuple[_FeedPoll, Link]] = []
        claimed: set[str] = set()
        for fp in polls:
            for link in fp.new:
                if link.url not in claimed:  # two feeds of one outlet list the same article: fetched once
                    claimed.add(link.url)
                    todo.append((fp, link))
        if not todo:
            return
        bar = _bar(len(todo), self.progress)
        pages: dict[str, _Page] = {}

        def items() -> Iterator[WorkItem]:
            for page in self._fetch_pages(todo, pool):
                if page.item is not None:
                    pages[page.item.position] = page
                    yield page.item
                    continue
                bar.update(1)
                self._page_without_item(page, report)

        batch: list[tuple[_Page, PreparedArticle]] = []
        engine = "local" if self.opts.workers <= 1 else "process"
        try:
            for outcome in run_many(analyze_item, items(), workers=self.opts.workers, chunk_size=1, engine=engine):
                bar.update(1)
                assert isinstance(outcome.item, WorkItem)
                page = pages.pop(outcome.item.position)
                value = outcome.value
                if outcome.error is not None:
                    value = self._from_feed_entry(page, outcome.error, report)
                if isinstance(value, Analysed) and isinstance(value.prepared, PreparedArticle):
                    batch.append((page, value.prepared))
                if len(batch) >= self.opts.batch_size:
                    self._store(batch, report)
                if self.stop.is_set():
                    break
        finally:
            self._store(batch, report)
            bar.close()

    def _from_feed_entry(self, page: _Page, error: str, report: PollReport) -> Analysed | None:
        """The article from the feed entry's own text, when its page gave none (a page built by
        script, say) and the feed carries the text (``content:encoded``); else the failure recorded."""
        from rasd.ingest.feeds import fragment_text

        body = page.link.body or ""
        body = fragment_text(body) if "<" in body and ">" in body else body.strip()
        if len(body) >= 200:  # a teaser is not the article
            title = page.link.title
            text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body + "\n"
            source = Source(url=page.link.url, outlet=page.poll.spec.outlet, title=title, date=page.link.date,
                            author=page.link.author)
            try:
                return analyze_item(WorkItem(page.link.url, source, text=text))
            except Exception as exc:  # as run_many would: this article only
                error = f"{error}; the feed entry's text failed too ({type(exc).__name__}: {exc})"
        report.errors.append(at(page.link.url, error))
        self.store.mark_seen([(page.link.url, page.poll.spec.url, None, "failed")])
        return None

    def _fetch_pages(self, todo: list[tuple[_FeedPoll, Link]], pool: ThreadPoolExecutor) -> Iterator[_Page]:
        """The pages of ``todo`` in order, a few fetched ahead in ``pool``; none started after a stop."""
        ahead = max(1, self.opts.threads) * 2
        queue: list[Future[_Page]] = []
        it = iter(todo)
        try:
            while True:
                while len(queue) < ahead and not self.stop.is_set():
                    nxt = next(it, None)
                    if nxt is None:
                        break
                    queue.append(pool.submit(self._fetch_page, *nxt))
                if not queue:
                    return
                yield queue.pop(0).result()
        finally:
            for fut in queue:
                fut.cancel()

    def _fetch_page(self, fp: _FeedPoll, link: Link) -> _Page:
        try:
            resp = self.client.fetch(link.url, what="page")
        except InputError as exc:
            return _Page(fp, link, None, "retry", str(exc))
        if resp.status == 0:
            return _Page(fp, link, None, "robots", f"{link.url}: {resp.reason}")
        if resp.status == 429 or resp.status >= 500:
            return _Page(fp, link, None, "retry", f"{link.url}: {resp.reason or f'HTTP {resp.status}'}")
        if resp.status != 200:
            return _Page(fp, link, None, "failed", f"{link.url}: {resp.reason or f'HTTP {resp.status}'}")
        source = Source(url=link.url, outlet=fp.spec.outlet, date=link.date)
        return _Page(fp, link, WorkItem(link.url, source, html=resp.body), "fetched")

    def _page_without_item(self, page: _Page, report: PollReport) -> None:
        if page.error:
            report.errors.append(page.error)
        if page.outcome == "retry":
            page.poll.incomplete = True
            return
        if page.outcome == "robots":
            report.robots_blocked += 1
        self.store.mark_seen([(page.link.url, page.poll.spec.url, None, page.outcome)])

    def _store(self, batch: list[tuple[_Page, PreparedArticle]], report: PollReport) -> None:
        """Store ``batch`` (one transaction), then record its links as taken."""
        if not batch:
            return
        fresh = [not self.store.has_article(p.id) for _, p in batch]
        result = self.store.add_articles([p for _, p in batch])
        now = self.clock()
        report.added += result.added
        report.already_stored += result.skipped
        crash_point("watch.stored")  # committed, links not yet recorded: a restart refetches this batch only
        rows = []
        for (page, prepared), new in zip(batch, fresh, strict=True):
            rows.append((page.link.url, page.poll.spec.url, prepared.id, "stored" if new else "already-stored"))
            if new:
                page.poll.stored += 1
                report.added_ids.append((prepared.id, now))
        self.store.mark_seen(rows)
        batch.clear()

    # ------------------------------------------------------------------ the loop

    def run(self, once: bool = False, on_poll: Callable[[PollReport], None] | None = None) -> int:
        """Poll until :attr:`stop` is set, or once (every feed not backing off); return the number
        of cycles run."""
        cycles = 0
        while not self.stop.is_set():
            report = self.poll(healthy_now=once)
            cycles += 1
            if on_poll is not None:
                on_poll(report)
            if once or report.stopped:
                break
            self.stop.wait(max(0.0, self.next_due() - self.clock()))
        return cycles


def _bar(total: int, enabled: bool) -> Any:
    """A tqdm bar on stderr over this cycle's new links (rate and ETA), or a silent stand-in."""
    from rasd.store.loader import _NoBar

    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit="art", desc="watch", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                mininterval=0.5)
