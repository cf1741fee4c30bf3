"""HTTP for a watcher that visits the same sites every few minutes: polite and bounded.

A monitor that polls hundreds of feeds is a guest on every one of them, so each
request here names rasd and its version in the User-Agent, asks robots.txt first
(:mod:`urllib.robotparser`, cached per host), waits for a slot under a cap on
concurrent requests per host, and gives up after a timeout.  Conditional requests
(``If-None-Match`` / ``If-Modified-Since``) let an unchanged feed answer 304 with
no body.  Bodies are read within the input limits (:mod:`rasd.limits`), a gzipped
one through the same expansion guard as a ``.gz`` file.  Standard library only.
"""

from __future__ import annotations

import gzip
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from http.client import HTTPException
from urllib.parse import urlsplit

from rasd import __version__, limits
from rasd.errors import InputError

#: Sent with every request: who is asking, and where to read about it.
USER_AGENT = f"rasd/{__version__} (rasd watch, an Arabic news monitor)"
#: The token robots.txt rules are matched against.
ROBOTS_AGENT = "rasd"
#: How long a host's robots.txt is trusted before it is read again (seconds).
ROBOTS_TTL = 3600.0


@dataclass(frozen=True, slots=True)
class Response:
    """One answer: its status, body (empty for 304 and errors) and the headers a watcher uses."""

    status: int
    body: bytes
    url: str  # after redirects
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""
    retry_after: float | None = None  # seconds, from a 429/503's Retry-After
    reason: str = ""  # the HTTP error line, for messages


class FetchError(InputError):
    """A request that got no usable answer (network, timeout, robots.txt unreachable)."""


def host_of(url: str) -> str:
    """``scheme://host:port``: the unit of politeness (robots.txt, the per-host cap)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None  # an HTTP date: the backoff decides


def get(url: str, *, timeout: float, etag: str | None = None, last_modified: str | None = None,
        what: str = "page") -> Response:
    """GET ``url`` (conditionally when given validators); HTTP errors come back as a
    :class:`Response` with their status, a failure to get any answer raises :class:`FetchError`."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    lim = limits.current()
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # URLs from the user's FEEDS file and its feeds
            raw = limits.CountingReader(resp)
            stream: limits.Readable = raw
            if (resp.headers.get("Content-Encoding") or "").lower() in ("gzip", "x-gzip"):
                guard = limits.ExpansionGuard(url, lambda: raw.count, lim)
                stream = limits.GuardedReader(gzip.GzipFile(fileobj=raw, mode="rb"), guard)
            data = limits.read_at_most(stream, lim.max_input_bytes, url, what, lim)
            return Response(resp.status, data, resp.geturl(), resp.headers.get("ETag"),
                            resp.headers.get("Last-Modified"), resp.headers.get("Content-Type") or "")
    except urllib.error.HTTPError as exc:  # 304 and every 4xx/5xx: an answer, not a failure to connect
        h = exc.headers
        exc.close()
        return Response(exc.code, b"", url, h.get("ETag") if h else None, h.get("Last-Modified") if h else None,
                        retry_after=_retry_after(h.get("Retry-After") if h else None), reason=str(exc))
    except InputError:
        raise
    except (OSError, EOFError, HTTPException, ValueError) as exc:  # URLError, timeouts, bad gzip, bad URL
        raise FetchError(f"{url}: cannot fetch the {what} ({_reason(exc)})") from exc


def _reason(exc: BaseException) -> str:
    """Why a request got no answer, in words a reader of the feeds page can use: a
    ``URLError`` prints as ``<urlopen error [Errno 111] Connection refused>``, its reason
    alone says it."""
    reason = getattr(exc, "reason", None) if isinstance(exc, urllib.error.URLError) else None
    return str(reason if reason is not None else exc) or type(exc).__name__


@dataclass(slots=True)
class _Robots:
    parser: urllib.robotparser.RobotFileParser
    read_at: float


@dataclass(slots=True)
class PoliteClient:
    """:func:`get` behind robots.txt and a per-host cap (see the module docstring).

    Thread-safe: a watcher fetches feeds and pages from a thread pool through one client."""

    timeout: float = 20.0
    per_host: int = 2
    robots: bool = True
    _robots: dict[str, _Robots] = field(default_factory=dict)
    _slots: dict[str, threading.BoundedSemaphore] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.per_host)
                self._locks[host] = threading.Lock()
            return self._slots[host]

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets rasd fetch ``url``.  An unreachable robots.txt (a
        timeout, a 5xx) raises :class:`FetchError`: the caller backs off and asks again,
        rather than crawling a site whose rules it could not read."""
        if not self.robots:
            return True
        host = host_of(url)
        slot = self._slot(host)
        with self._locks[host]:  # one reader of a host's robots.txt at a time; the others wait for it
            cached = self._robots.get(host)
            if cached is None or time.monotonic() - cached.read_at > ROBOTS_TTL:
                with slot:
                    cached = self._robots[host] = _Robots(self._read_robots(host), time.monotonic())
        return cached.parser.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, host: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        resp = get(f"{host}/robots.txt", timeout=self.timeout, what="robots.txt")
        if resp.status in (401, 403):  # as urllib.robotparser and RFC 9309 read them: nothing allowed
            parser.parse(["User-agent: *", "Disallow: /"])
        elif resp.status >= 500 or resp.status == 429:
            raise FetchError(f"{host}/robots.txt: {resp.reason or resp.status}; not crawling the host until it "
                             "can be read")
        elif resp.status >= 400:  # no robots.txt: everything allowed
            parser.parse([])
        else:
            parser.parse(resp.body.decode("utf-8", errors="replace").splitlines())
        parser.modified()
        return parser

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
              what: str = "page") -> Response:
        """GET ``url`` politely; a URL robots.txt forbids gets status 0 and no request is made."""
        if not self.allowed(url):
            return Response(0, b"", url, reason="disallowed by robots.txt")
        with self._slot(host_of(url)):
            return get(url, timeout=self.timeout, etag=etag, last_modified=last_modified, what=what)
