"""The web app against a hostile client or page: links, headers, CSRF, lookups, body limits,
hostile JSON.  Each test pins one class of attack or crash (issue 12, item 6)."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_corpus import corpus, form_token, make_store

from rasd.web import views
from rasd.web.app import MAX_JSON_DEPTH, WebSettings, create_app, json_depth
from rasd.web.render import safe_href, safe_link
from rasd.web.security import CONTENT_SECURITY_POLICY, CSRF_COOKIE

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_store(tmp_path_factory.mktemp("websec") / "web.db")


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    """A fresh browser (no cookies) for each test, over the module's store."""
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def _error(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body  # type: ignore[no-any-return]


class _Attrs(HTMLParser):
    """Every tag and attribute of a page, and the text of inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._in: str | None = None
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "style") else None

    def handle_data(self, data: str) -> None:
        if self._in and data.strip():
            self.inline.append(f"<{self._in}>{data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def parse(page: str) -> _Attrs:
    p = _Attrs()
    p.feed(page)
    return p


def links(page: str) -> list[str]:
    return [v for _, a in parse(page).tags for k, v in a.items() if k in ("href", "src", "action") and v is not None]


# ---------------------------------------------------------------- links from records


HOSTILE_URLS = [
    "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//evil.example/x", "/\\evil.example", "javascript://example.com/%0aalert(1)",
    "http:alert(1)", "https://", "ｊａｖａｓｃｒｉｐｔ:alert(1)", "file:///etc/passwd",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_stored_source_url_that_is_not_http_renders_as_text(client: TestClient, url: str) -> None:
    r = client.post("/api/analyze?save=true", json={"text": f"عنوان الخبر {len(url)}\n\nنص الخبر عن {url!r}.",
                                                   "url": url})
    assert r.status_code == 200, r.text
    page = client.get(f"/articles/{r.json()['id']}").text
    for link in links(page):  # every link of the page is this site's or an http(s) address
        assert (link.startswith("/") and not link.startswith("//")) or safe_href(link) == link, link
    assert 'rel="nofollow noopener noreferrer"' not in page  # the source link is not there
    assert "المصدر" in page  # shown as text instead


def test_an_http_source_url_is_a_link_with_no_referrer(client: TestClient) -> None:
    url = "https://www.alarab.co.uk/article?id=1&x=\"><script>"
    r = client.post("/api/analyze?save=true", json={"text": "عنوان\n\nنص الخبر الجديد عن الرابط.", "url": url})
    page = client.get(f"/articles/{r.json()['id']}").text
    hrefs = [a.get("href") for t, a in parse(page).tags if t == "a" and "noreferrer" in (a.get("rel") or "")]
    assert hrefs == [url]  # the parser unescapes: the attribute held it escaped
    assert "<script>" not in page


@pytest.mark.parametrize(("value", "ok"), [
    ("https://example.com/a?b=c#d", True), ("HTTP://EXAMPLE.COM", True), ("http://[::1]:8000/", True),
    ("http://[::1", False), ("https://exa mple.com", False), ("https://example.com/\x7f", False),
    ("mailto:a@example.com", False), ("", False), (None, False), (42, False), ("https://" + "a" * 3000, False),
])
def test_safe_href_accepts_only_absolute_http_urls(value: Any, ok: bool) -> None:
    assert safe_href(value) == (value if ok else None)


@pytest.mark.parametrize(("value", "ok"), [
    ("/entities/3", True), ("/search?q=x", True), ("//evil.example", False), ("/\\evil.example", False),
    ("/a\tb", False), ("https://example.com", True), ("javascript:alert(1)", False), (None, False),
])
def test_safe_link_accepts_site_paths_and_http_urls(value: Any, ok: bool) -> None:
    assert safe_link(value) == (value if ok else None)


def test_every_link_in_the_templates_is_built_by_a_safe_helper() -> None:
    """A template may link to a literal path of this site, or through entity_url, article_url,
    url_with (this site), safe_href (records' addresses) or safe_link (macro arguments);
    never to a raw value."""
    folder = resources.files("rasd.web").joinpath("templates")
    # a literal path of this site ("/x...", never "//"), a helper's whole value, or a fragment of
    # this page numbered by the template loop ("#q{{ loop.index0 }}")
    safe = re.compile(r"^(/(?:[^/{\"][^\"]*)?|\{\{ (entity_url|article_url|story_url|url_with)\(.*\) \}\}"
                      r"|\{\{ (src|link) \}\}|#[a-z]+\{\{ loop\.index0 \}\})$")
    found = 0
    for entry in folder.iterdir():
        if not entry.name.endswith(".html"):
            continue
        text = entry.read_text(encoding="utf-8")
        for m in re.finditer(r'\b(href|src|action)="([^"]*)"', text):
            found += 1
            assert safe.match(m.group(2)), f"{entry.name}: {m.group(0)}"
        for m in re.finditer(r"\{% set (src|link) = ([^%]*)%\}", text):
            assert re.search(r"\|safe_(href|link) $", m.group(2)), f"{entry.name}: {m.group(0)}"
    assert found > 20


# ---------------------------------------------------------------- headers and policy


def _assert_security_headers(r: Any) -> None:
    h = r.headers
    assert h["content-security-policy"] == CONTENT_SECURITY_POLICY, r.request.url
    assert h["x-content-type-options"] == "nosniff"
    assert h["referrer-policy"] == "same-origin" and h["x-frame-options"] == "DENY"


def test_policy_allows_no_inline_script_style_or_framing() -> None:
    policy = dict(p.strip().split(" ", 1) for p in CONTENT_SECURITY_POLICY.split(";"))
    assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY


def test_every_kind_of_response_carries_the_security_headers(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a = corpus()[0]
    with TestClient(create_app(db, WebSettings(max_body_bytes=4096)), raise_server_exceptions=False) as c:
        answers = [c.get("/"), c.get(f"/articles/{a.id}"), c.get("/analyze"), c.get("/docs"), c.get("/openapi.json"),
                   c.get("/api/stats"), c.get("/static/rasd.css"), c.get("/static/docs.js"),
                   c.get("/docs-static/swagger-ui.css"), c.get("/nowhere", headers=HTML), c.get("/api/nowhere"),
                   c.delete("/api/stories"), c.get("/api/search?limit=0"),
                   c.post("/api/analyze", content=b"x" * 5000, headers={"content-type": "text/plain"}),
                   c.post("/api/analyze", json={"text": "x"}, headers={"origin": "https://evil.example"}),
                   c.post("/analyze", data={"text": "x"})]
        monkeypatch.setattr(views, "stats_view", lambda store: 1 / 0)  # a bug: still the shape and the headers
        answers.append(c.get("/api/stats"))
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 405, 400,
                                                 413, 403, 403, 500]
    for r in answers:
        _assert_security_headers(r)
    assert answers[-1].json() == {"ok": False, "error": "internal error; please report it", "status": 500}


@pytest.mark.parametrize("url", ["/", "/search?q=العراق", "/stories", "/quotes", "/quotes?speaker=الكاظمي",
                                 "/analyze", "/docs", "/entities/1", "/nowhere"])
def test_pages_have_no_inline_script_style_or_handlers(client: TestClient, url: str) -> None:
    r = client.get(url, headers=HTML)
    page = parse(r.text)
    assert page.inline == []
    for tag, attrs in page.tags:
        assert "style" not in attrs and not any(k.startswith("on") for k in attrs), (tag, attrs)
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/"), attrs


def test_article_page_has_no_inline_style(client: TestClient) -> None:
    for a in corpus():
        page = parse(client.get(f"/articles/{a.id}").text)
        assert page.inline == [] and not [t for t, attrs in page.tags if "style" in attrs]


# ---------------------------------------------------------------- CSRF and cross-site writes


def test_analyse_form_without_a_valid_token_stores_nothing(client: TestClient, db: Path) -> None:
    text = "خبر للاختبار\n\nنص لا ينبغي أن يُحفظ من دون رمز."
    before = client.get("/api/stats").json()["articles"]
    assert client.post("/analyze", data={"text": text}, headers=HTML).status_code == 403
    good = form_token(client)
    assert client.post("/analyze", data={"text": text, "csrf_token": good["csrf_token"][::-1]}).status_code == 403
    with TestClient(create_app(db), raise_server_exceptions=False) as other:  # another browser's token
        assert other.post("/analyze", data={"text": text, **good}).status_code == 403
    r = client.post("/analyze", data={"text": text, **good}, headers=HTML | {"origin": "https://evil.example"})
    assert r.status_code == 403 and 'role="alert"' in r.text
    r = client.post("/analyze", data={"text": text, **good}, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    assert client.get("/api/stats").json()["articles"] == before
    # the same form from this site, with its token, is stored
    r = client.post("/analyze", data={"text": text, **good}, follow_redirects=False,
                    headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"})
    assert r.status_code == 303 and client.get("/api/stats").json()["articles"] == before + 1


def test_csrf_cookie_is_http_only_and_same_site_strict(client: TestClient) -> None:
    r = client.get("/analyze")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert r.headers["cache-control"] == "no-store"
    assert "set-cookie" not in client.get("/analyze").headers  # kept, not replaced, on the next visit


def test_api_stores_only_json_and_refuses_other_sites(client: TestClient) -> None:
    before = client.get("/api/stats").json()["articles"]
    text = "خبر عبر الواجهة\n\nنص يُرسل إلى الواجهة البرمجية."
    # what a page on another site can send without a preflight: refused before analysis
    _error(client.post("/api/analyze?save=true", content=text.encode(), headers={"content-type": "text/plain"}), 415)
    _error(client.post("/api/analyze?save=true", content=json.dumps({"text": text}).encode()), 415)
    _error(client.post("/api/analyze?save=true", json={"text": text}, headers={"origin": "null"}), 403)
    _error(client.post("/api/analyze", json={"text": text}, headers={"origin": "http://evil.example"}), 403)
    assert client.get("/api/stats").json()["articles"] == before
    # a non-browser client (no Origin) with JSON stores; analysing without storing takes plain text
    assert client.post("/api/analyze?save=true", json={"text": text}).status_code == 200
    assert client.post("/api/analyze", content=text.encode(), headers={"content-type": "text/plain"}).status_code == 200
    assert client.get("/api/stats").json()["articles"] == before + 1


# ---------------------------------------------------------------- entity and other lookups


@pytest.mark.parametrize(("path", "status"), [
    ("/api/entities/%00", 400), ("/api/entities/%01", 400), ("/api/entities/%7F", 400), ("/api/entities/%C2%85", 400),
    ("/api/entities/a%00b", 400), ("/api/entities/%20", 400), ("/api/entities/" + "ب" * 201, 400),
    ("/api/entities/%C2%B2", 404), ("/api/entities/%D9%8E", 404), ("/api/entities/%D9%80", 404),
    ("/api/entities/%25", 404), ("/api/entities/_", 404), ("/api/entities/99999999999999999999999", 404),
    ("/api/entities/9223372036854775807", 404), ("/api/entities/%D9%A1", 404),
    ("/api/quotes?speaker=%00", 400), ("/api/quotes?speaker=99999999999999999999999", 404),
    ("/api/search?q=%00", 400), ("/api/search?q=x&outlet=%00", 400), ("/api/search?q=x&entity=%1B", 400),
    ("/api/articles/%00", 400), ("/api/articles/0123456789abcdeg", 404),
])
def test_lookups_answer_404_for_no_such_thing_and_400_for_bad_input(client: TestClient, path: str,
                                                                   status: int) -> None:
    _error(client.get(path), status)


def test_a_name_that_normalises_to_nothing_finds_no_entity_and_no_quotes(client: TestClient) -> None:
    kadhimi = client.get("/api/entities/الكاظمي").json()["entity"]
    for junk in ("\u064e", "\u0640", "\u064e\u0640\u0651"):
        assert client.get(f"/api/entities/{junk}").status_code == 404
        assert client.get("/api/quotes", params={"speaker": junk}).json()["quotes"] == []
    assert client.get(f"/api/entities/{kadhimi['id']}").json()["entity"] == kadhimi
    r = client.get("/entities/%00", headers=HTML)
    assert r.status_code == 400 and 'role="alert"' in r.text


# ---------------------------------------------------------------- body limits on a real server


@pytest.fixture(scope="module")
def live(db: Path) -> Iterator[int]:
    """uvicorn serving the app with a 64 KiB body limit, on a free loopback port."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(db, WebSettings(max_body_bytes=64 * 1024)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive()
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def _send(port: int, path: str, body: Any, headers: dict[str, str], chunked: bool) -> tuple[int, bytes]:
    """POST as most clients do: the whole body first, then read the answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers=headers, encode_chunked=chunked)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@pytest.mark.parametrize("chunked", [True, False])
def test_an_oversized_body_gets_its_413_on_a_real_server(live: int, chunked: bool) -> None:
    size = 4 * 1024 * 1024  # 64 times the limit
    body: Any = (b"x" * 65536 for _ in range(size // 65536)) if chunked else b"x" * size
    status, answer = _send(live, "/api/analyze", body, {"content-type": "text/plain"}, chunked)
    assert status == 413 and json.loads(answer)["error"].startswith("request body is larger than 64 KiB")
    # the form (multipart, read by the framework's parser) gets a 413 page too, not a 400
    boundary = "rasdboundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'.encode()]
    parts += [("خبر " * 8000).encode()] * 10 + [f"\r\n--{boundary}--\r\n".encode()]
    form: Any = iter(parts) if chunked else b"".join(parts)
    status, answer = _send(live, "/analyze", form, {"content-type": f"multipart/form-data; boundary={boundary}",
                                                    "accept": "text/html"}, chunked)
    assert status == 413 and 'dir="rtl"' in answer.decode()
    # and the server still answers
    conn = http.client.HTTPConnection("127.0.0.1", live, timeout=10)
    conn.request("GET", "/api/stats")
    assert conn.getresponse().status == 200
    conn.close()


# ---------------------------------------------------------------- hostile JSON bodies


@pytest.mark.parametrize(("body", "why"), [
    (b'{"text": "\\ud800"}', "lone surrogate"),
    (b'{"text": "\\udfff\\ud800 \xd8\xae\xd8\xa8\xd8\xb1"}', "lone surrogate"),
    (b'{"html": "<p>\\ud83d</p>"}', "lone surrogate"),
    (b'{"text": "x", "outlet": "\\udc80"}', "lone surrogate"),
    (b"[" * 100_000, "nested"),
    (b'{"text": ' + b"[" * 100_000, "nested"),
    (b'{"text": "x", "more": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}", "nested"),
    (b'{"text": "\xff\xfe"}', "UTF-8"),
    (b"\xef\xbb\xbf{}", "nothing to analyse"),  # a BOM is allowed; then {} holds nothing
    (b'{"text": 1' + b"0" * 5000 + b"}", "not valid JSON"),
    (b'{"text": 5}', "string"), (b'{"text": ["a"]}', "string"), (b'{"text": {"a": 1}}', "string"),
    (b'{"html": true}', "string"), (b'{"text": "x", "url": 3.5}', "string"),
    (b'"just a string"', "object"), (b"[]", "object"), (b"null", "object"), (b"NaN", "object"),
    (b'{"text": "nul \\u0000 here"}', "NUL"),
    (b"", "empty"), (b"   ", "empty"),
])
def test_hostile_json_bodies_are_400_with_a_reason(client: TestClient, body: bytes, why: str) -> None:
    for url in ("/api/analyze", "/api/analyze?save=true"):
        err = _error(client.post(url, content=body, headers={"content-type": "application/json"}), 400)["error"]
        assert why.lower() in err.lower(), err


def test_json_depth_skips_brackets_inside_strings() -> None:
    assert json_depth('{"a": "[[[[{{{{", "b": ["\\"]]"]}') == 2
    assert json_depth("[" * 10_000) == MAX_JSON_DEPTH + 1  # counting stops past the limit
    assert json_depth('"unterminated [[[') == 0


def _post_endpoints() -> list[str]:
    from fastapi.routing import APIRoute

    app = create_app(":memory:")
    return sorted(r.path for r in app.routes if isinstance(r, APIRoute) and "POST" in r.methods)


def test_the_fuzzed_endpoints_are_every_post_endpoint() -> None:
    assert _post_endpoints() == ["/analyze", "/api/analyze"]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
_FIELDS = st.dictionaries(st.sampled_from(["text", "html", "outlet", "url", "other"]),
                          _JSON_VALUES | st.text(alphabet=st.characters(categories=("Cs", "Cc", "Cf", "Lo", "Mn", "Nd", "No", "Po", "Zs")),
                                                  max_size=60),
                          max_size=4)
_BODIES = st.one_of(
    st.binary(max_size=200),
    _FIELDS.map(lambda d: json.dumps(d).encode()),  # ensure_ascii: lone surrogates travel as \\udXXX
    _JSON_VALUES.map(lambda v: json.dumps(v).encode()),
    st.integers(1, 3000).map(lambda n: b"[" * n),
    st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.builds(lambda t, n: json.dumps({"text": t}).encode()[:n], st.text(min_size=1, max_size=60), st.integers(0, 80)),
)
_CTYPES = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", "text/html", "",
                           "text/csv", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
                           "multipart/form-data", "image/png"])


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = make_store(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


#: Examples per fuzz test: a short pass in the suite; RASD_WEB_FUZZ_EXAMPLES=5000 for a long one.
FUZZ_EXAMPLES = int(os.environ.get("RASD_WEB_FUZZ_EXAMPLES", "150"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])
@given(endpoint=st.sampled_from(["/api/analyze", "/api/analyze?save=true", "/analyze"]), body=_BODIES,
       ctype=_CTYPES)
def test_no_body_posted_to_any_post_endpoint_makes_a_500(fuzz_client: TestClient, endpoint: str, body: bytes,
                                                          ctype: str) -> None:
    headers = {"content-type": ctype} if ctype else {}
    r = fuzz_client.post(endpoint, content=body, headers=headers)
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code >= 400 and endpoint.startswith("/api/"):
        assert r.json()["ok"] is False


@settings(max_examples=max(20, FUZZ_EXAMPLES // 3), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.text(max_size=300), outlet=st.text(max_size=250), upload=st.none() | st.binary(max_size=300))
def test_no_form_sent_with_its_token_makes_a_500(fuzz_client: TestClient, text: str, outlet: str,
                                                 upload: bytes | None) -> None:
    files = {"file": ("x.txt", upload, "text/plain")} if upload is not None else None
    r = fuzz_client.post("/analyze", data={"text": text, "outlet": outlet, **form_token(fuzz_client)}, files=files,
                         follow_redirects=False)
    assert r.status_code < 500, (r.status_code, r.text[:300])


@pytest.mark.parametrize(("host", "status"), [
    ("localhost:8000", 200), ("127.0.0.1", 200), ("[::1]:8000", 200), ("LOCALHOST", 200),
    ("evil.example:8000", 400), ("evil.example", 400), ("localhost.evil.example", 400), ("", 400),
])
def test_a_server_for_loopback_answers_only_to_loopback_names(db: Path, host: str, status: int) -> None:
    """A page whose name an attacker points at 127.0.0.1 (DNS rebinding) is not answered."""
    settings = WebSettings(allowed_hosts=("127.0.0.1", "localhost", "::1"))
    with TestClient(create_app(db, settings), raise_server_exceptions=False) as c:
        r = c.get("/api/stats", headers={"host": host})
        assert r.status_code == status, r.text
        if status == 400:
            assert "host name" in r.json()["error"]
            _assert_security_headers(r)


def test_serve_takes_the_body_limit_and_host_names_from_its_options(db: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "serve", "--db", str(db), "--port", str(port),
                             "--max-body-kib", "4", "--allow-host", "rasd.test"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        status, answer = _send(port, "/api/analyze", "خبر ".encode() * 1000, {"content-type": "text/plain"}, False)
        assert status == 413 and "larger than 4 KiB" in json.loads(answer)["error"]
        status, _ = _send(port, "/api/analyze", "خبر قصير عن العراق.".encode(), {"content-type": "text/plain"}, False)
        assert status == 200
        # on loopback it answers to loopback names and the ones allowed, and to no other
        for name, expected in (("localhost", 200), ("rasd.test", 200), ("evil.example", 400)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/api/stats", headers={"Host": f"{name}:{port}"})
            assert conn.getresponse().status == expected, name
            conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("body", [b"\xff\xfe" + b"a" * 5, b"\xfe\xff\x00", b"\xef\xbb\xbf\xff", b"\x00" * 50,
                                  "بلغ 5² مليون و٣٫٥ ألف".encode(), b"<html><body>" + b"<div>" * 2000])
@pytest.mark.parametrize("ctype", ["text/plain", "text/html"])
def test_raw_bodies_that_crash_decoders_are_answered_4xx(client: TestClient, body: bytes, ctype: str) -> None:
    r = client.post("/api/analyze", content=body, headers={"content-type": ctype})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert r.json()["ok"] is False
