"""A local news site for the ``rasd watch`` tests and benchmark: feeds and article pages
served on 127.0.0.1 from a dict the test changes between polls.

Each path answers with its body, an ETag (a hash of the body) and a fixed
Last-Modified; a request carrying the current ETag gets 304.  A path can be told to
answer with an error status or to stall past the client's timeout.  Every request is
logged, so a test can assert what the watcher did and did not fetch.  Nothing here
reaches beyond the loopback interface.
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(slots=True)
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds to stall before answering (a timeout test)
    conditional: bool = True  # ETag / Last-Modified, 304 on a match


class FeedSite:
    """The site (see the module docstring); ``base`` is its ``http://127.0.0.1:PORT``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.in_flight = 0
        self.max_in_flight = 0  # most requests being answered at once
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                    route = site.routes.get(self.path)
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                self.counted = True
                try:
                    self._answer(route)
                finally:
                    self._done()

            def end_headers(self) -> None:
                # the answer leaves now: the client may read all of it and send its next
                # request before this handler returns, so the request stops counting here
                self._done()
                super().end_headers()

            def _done(self) -> None:
                if getattr(self, "counted", False):
                    self.counted = False
                    with site._lock:
                        site.in_flight -= 1

            def _answer(self, route: Route | None) -> None:
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.status != 200:
                    self._send(route.status, b"error", "text/plain")
                    return
                etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
                if route.conditional and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                extra = {"ETag": etag, "Last-Modified": formatdate(0, usegmt=True)} if route.conditional else {}
                self._send(200, route.body, route.content_type, extra)

            def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    for k, v in (extra or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (a timeout test)
                    pass

        return Handler

    # ------------------------------------------------------------------ content

    def put(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kw: object) -> str:
        """Serve ``body`` at ``path``; return its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, **kw)  # type: ignore[arg-type]
        return self.base + path

    def put_feed(self, path: str, items: list[tuple[str, str]], title: str = "موقع الاختبار",
                 content: dict[str, str] | None = None) -> str:
        """An RSS 2.0 feed at ``path`` of ``(title, page path)`` items, newest first; ``content``
        gives some items their full text (``content:encoded``), by page path."""
        content = content or {}

        def encoded(p: str) -> str:
            return f"<content:encoded><![CDATA[{content[p]}]]></content:encoded>" if p in content else ""

        entries = "".join(
            f"<item><title>{html.escape(t)}</title><link>{self.base}{p}</link>"
            f"<guid>{self.base}{p}</guid><pubDate>Wed, 18 Nov 2020 10:00:00 GMT</pubDate>{encoded(p)}</item>"
            for t, p in items)
        rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
               'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
               f"<title>{html.escape(title)}</title><link>{self.base}/</link><description>x</description>"
               f"{entries}</channel></rss>")
        return self.put(path, rss, "application/rss+xml; charset=utf-8")

    def put_article(self, path: str, title: str, paragraphs: list[str], day: str = "2020-11-18") -> str:
        """An article page at ``path``."""
        return self.put(path, article_html(title, paragraphs, day))

    def requests_for(self, prefix: str) -> list[str]:
        """Paths requested so far that start with ``prefix``."""
        with self._lock:
            return [p for p, _h in self.log if p.startswith(prefix)]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()


def article_html(title: str, paragraphs: list[str], day: str = "2020-11-18") -> str:
    """A news article page: navigation, the article (headline, paragraphs), a footer."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f'<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title><meta property="article:published_time" content="{day}T09:00:00Z"></head><body>'
            f"<nav><a href='/'>الرئيسية</a></nav><article><h1>{html.escape(title)}</h1>{paras}</article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>")


@contextmanager
def serving() -> Iterator[FeedSite]:
    """A running :class:`FeedSite`, shut down afterwards."""
    site = FeedSite()
    site.thread.start()
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()
