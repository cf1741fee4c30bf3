"""The FastAPI application: JSON API under ``/api``, pages everywhere else.

``create_app(db)`` builds the app over one store file.  Routes are thin: they
parse parameters, call a function of :mod:`rasd.web.views` (which calls the
store), and either return its dict as JSON or render it into a page.  Each worker
thread opens its own SQLite connection (SQLite connections are not shared across
threads here), so concurrent requests read in parallel under WAL.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException

from rasd import __version__
from rasd.article import Article as ArticleRecord
from rasd.article import from_dict
from rasd.errors import RasdError
from rasd.store import Store, open_store
from rasd.web import DEFAULT_MAX_BODY_BYTES, views
from rasd.web.errors import BodyLimit, WebError, error_body, message_ar, status_for
from rasd.web.highlight import quote_spans
from rasd.web.render import error_page_html, render_page
from rasd.web.security import CSRF_FIELD, SecurityHeaders, csrf_token, csrf_valid, set_csrf_cookie

log = logging.getLogger("rasd.web")

#: Page sizes and offsets accepted by the list endpoints (out of range: 400 in the error shape).
MAX_LIMIT = 100
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=100_000)]


#: Deepest JSON accepted in a request body (a rasd request is an object of strings).
MAX_JSON_DEPTH = 64


@dataclass(frozen=True, slots=True)
class WebSettings:
    """Limits and paths of one server (declared once, with their defaults)."""

    db: str = "rasd.db"
    #: Largest request body accepted (a pasted article, an uploaded HTML page); a larger
    #: one, declared or chunked, is answered 413.  ``rasd serve --max-body-kib`` sets it.
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    #: Largest article text analysed (characters, after HTML extraction).
    max_article_chars: int = 300_000
    #: Host names the server answers to (None: any); ``rasd serve`` on loopback allows
    #: only loopback names, against DNS rebinding (:class:`rasd.web.security.SecurityHeaders`).
    allowed_hosts: tuple[str, ...] | None = None


class StorePool:
    """One store connection per worker thread, opened on first use."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        # create and migrate once, up front, so errors show at start-up; and finish the
        # duplicates and stories an ingest killed mid-way (or run with --no-cluster) left owed
        with open_store(db) as store:
            done = store.finish_pending_work()
        if done:
            log.info("finished pending work at start-up: %s", done)

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db)
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for s in self._all:
                s.close()
            self._all.clear()


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error_response(request: Request, status: int, message: str, detail: Any = None,
                    ar: str | None = None) -> Response:
    """The JSON error shape (English), or for a browser the error page (``ar``: its Arabic message)."""
    if _is_api(request) or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, detail), status_code=status)
    return HTMLResponse(error_page_html(status, message, ar), status_code=status)


def _validation_message(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    detail = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
        detail.append({"field": loc, "problem": str(e.get("msg", ""))})
    first = detail[0] if detail else {"field": "", "problem": "invalid request"}
    return f"bad parameter {first['field']!r}: {first['problem']}", detail


def create_app(db: str | FilePath = "rasd.db", settings: WebSettings | None = None) -> FastAPI:
    """The rasd web app over the store at ``db``."""
    cfg = dataclasses.replace(settings or WebSettings(), db=str(db))
    pool = StorePool(cfg.db)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="rasd", version=__version__,
        description="Arabic news intelligence: analyse articles, search a corpus, follow entities and stories. "
                    'Every error is {"ok": false, "error": "...", "status": N}.',
        docs_url=None, redoc_url=None,
    )
    # the bundled Swagger UI (4.x) reads OpenAPI 3.0 documents only; with 3.1 it draws "Unable to render"
    app.openapi_version = "3.0.3"
    app.state.pool = pool
    app.state.settings = cfg
    static_dir = FilePath(str(resources.files("rasd.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static_dir), name="static")
    _mount_docs(app)

    # ------------------------------------------------------------------ errors

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "not found", 405: "method not allowed"}.get(exc.status_code, str(exc.detail))
        if exc.status_code == 404:
            message = f"no page or endpoint at {request.url.path[:200]}; the API is described at /docs"
        return _error_response(request, exc.status_code, message,
                               ar="لا صفحة بهذا العنوان. ابدأ من الصفحة الرئيسية أو من البحث."
                               if exc.status_code == 404 else None)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        message, detail = _validation_message(exc)
        field = detail[0]["field"] if detail else ""
        return _error_response(request, 400, message, detail,
                               ar=f"قيمة غير مقبولة في المعامل «{field}»." if field else None)

    @app.exception_handler(RasdError)
    async def rasd_error(request: Request, exc: RasdError) -> Response:
        status = status_for(exc)
        return _error_response(request, status, str(exc), ar=message_ar(exc, status))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error_response(request, 500, f"internal error ({type(exc).__name__}); please report it")

    # ------------------------------------------------------------------ JSON API

    @app.get("/api/stats", tags=["store"], summary="Counts of what the store holds")
    def api_stats() -> dict[str, Any]:
        return views.stats_view(pool.get())

    @app.post("/api/analyze", tags=["analyse"], summary="Analyse one article (text or HTML) and return its record",
              openapi_extra={"requestBody": {"content": {
                  "application/json": {"schema": {"type": "object", "properties": {
                      "text": {"type": "string"}, "html": {"type": "string"}, "outlet": {"type": "string"},
                      "url": {"type": "string"}}}},
                  "text/plain": {"schema": {"type": "string"}},
                  "text/html": {"schema": {"type": "string"}}}, "required": True}})
    async def api_analyze(request: Request, save: bool = False) -> JSONResponse:
        """JSON ``{"text": …}`` or ``{"html": …}``, or a raw ``text/plain`` / ``text/html`` body.

        With ``?save=true`` the record is also stored (then ``GET /api/articles/{id}`` finds it).
        """
        body = await request.body()
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        kwargs: dict[str, Any] = {"max_chars": cfg.max_article_chars}
        if save and ctype != "application/json":
            # a page on another site can send text/plain (or no type) without asking;
            # application/json needs a CORS preflight this app never grants
            raise WebError(415, 'to store an article send JSON {"text": "..."} or {"html": "..."} with '
                                "Content-Type: application/json")
        if ctype in ("application/json", ""):
            payload = json_object(body)
            for key in ("text", "html", "outlet", "url"):
                value = payload.get(key)
                if value is not None and not isinstance(value, str):
                    raise WebError(400, f"'{key}' must be a string, not {type(value).__name__}")
                if value is not None:
                    kwargs[key] = value
        elif ctype == "text/html":
            kwargs.update(data=body, as_html=True, name="<request body>")
        elif ctype.startswith("text/"):
            kwargs.update(data=body, name="<request body>")
        else:
            raise WebError(415, f"content type {ctype[:80]!r} is not accepted; "
                                "use application/json, text/plain or text/html")
        record = await _run(lambda: views.analyze_input(**kwargs))
        if save:
            await _run(lambda: _save(pool.get(), record))
        return JSONResponse(record)

    @app.get("/api/articles/{article_id}", tags=["store"], summary="One stored record")
    def api_article(article_id: str) -> dict[str, Any]:
        return views.article_view(pool.get(), article_id)

    @app.get("/api/search", tags=["store"], summary="Full-text search with filters, facets and highlighted snippets",
             response_model=None)
    def api_search(request: Request, q: str = "",
                   limit: Annotated[int | None, Query(ge=1, le=views.EXPORT_MAX)] = None, offset: Offset = 0,
                   date_from: Annotated[str | None, Query(alias="from")] = None,
                   date_to: Annotated[str | None, Query(alias="to")] = None,
                   outlet: str | None = None, entity: str | None = None, label: str | None = None,
                   sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance",
                   format: Annotated[str | None, Query(pattern="^(json|csv)$")] = None) -> Any:
        """``facets`` count every match per ``outlet``, ``entity``, ``label`` (entity type) and ``day``;
        each value is a filter of its own (``outlet=``, ``entity=``, ``label=``, ``from=``/``to=``).

        ``format=csv`` or ``format=json`` downloads the results (up to 1000, ``limit`` to say fewer)."""
        if format is None and limit is not None and limit > MAX_LIMIT:
            raise WebError(400, f"bad parameter 'limit': at most {MAX_LIMIT} per page "
                                f"(an export, format=csv or format=json, takes up to {views.EXPORT_MAX})")
        size = limit or (views.EXPORT_MAX if format else 20)
        data = views.search_view(pool.get(), q, date_from, date_to, outlet, entity, label, size, offset, sort)
        if format is None:
            return data
        name = "rasd-search." + format
        headers = {"content-disposition": f'attachment; filename="{name}"'}
        if format == "csv":
            return Response(views.search_csv(data, str(request.base_url)), media_type="text/csv; charset=utf-8",
                            headers=headers)
        return JSONResponse(data, headers=headers)

    @app.get("/api/trends", tags=["store"],
             summary="Entities rising most over the last N days against the N days before, and new ones")
    def api_trends(days: Annotated[int, Query(ge=1, le=366)] = 7, until: str | None = None,
                   limit: Limit = 20, min_count: Annotated[int, Query(ge=1, le=10_000)] = 2) -> dict[str, Any]:
        """``entities``: each with ``current`` and ``previous`` (articles in each window), mentions,
        ``change`` and ``series`` (articles per day over both windows). The window ends at
        ``until`` (YYYY-MM-DD) or at the newest stored article."""
        return views.trends_view(pool.get(), days, until, limit, min_count)

    @app.get("/api/alerts", tags=["store"],
             summary="Watched searches and entities, with what matched since the last look")
    def api_alerts() -> dict[str, Any]:
        """Reading this list marks nothing seen; ``rasd alerts check`` records a look."""
        return views.alerts_view(pool.get())

    @app.get("/api/entities/{entity}", tags=["store"],
             summary="An entity (store id or name): mentions per day, quotes by and about it, co-occurring entities")
    def api_entity(entity: str, limit: Limit = 20) -> dict[str, Any]:
        return views.entity_view(pool.get(), entity, limit)

    @app.get("/api/quotes", tags=["store"], summary="Quotes by a speaker (store entity id or name)")
    def api_quotes(speaker: str = "", limit: Limit = 50) -> dict[str, Any]:
        return views.quotes_view(pool.get(), speaker, limit)

    @app.get("/api/stories", tags=["store"], summary="Stories: articles about the same event across outlets")
    def api_stories(min_size: Annotated[int, Query(ge=1, le=1000)] = 2, limit: Limit = 50) -> dict[str, Any]:
        return views.stories_view(pool.get(), min_size, limit)

    @app.get("/api/feeds", tags=["store"], summary="The feeds rasd watch polls, with each one's health")
    def api_feeds() -> dict[str, Any]:
        return views.feeds_view(pool.get())

    @app.get("/api/stories/{story_id}", tags=["store"],
             summary="One story: outlets, first and last seen, articles, main entities, quotes by speaker")
    def api_story(story_id: Annotated[int, Path(ge=0, le=views.MAX_ID)]) -> dict[str, Any]:
        return views.story_view(pool.get(), story_id)

    # ------------------------------------------------------------------ pages

    def page(template: str, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(render_page(template, page=name, **context), status_code=status)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home_page() -> HTMLResponse:
        return page("home.html", "home", data=views.home_view(pool.get()))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> HTMLResponse:
        record = views.article_view(pool.get(), article_id)
        return page("article.html", "article", a=record, marks=_marks(record), qspans=quote_spans(record))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", page_no: Annotated[int, Query(alias="page", ge=1, le=1000)] = 1,
                    date_from: Annotated[str | None, Query(alias="from")] = None,
                    date_to: Annotated[str | None, Query(alias="to")] = None,
                    outlet: str | None = None, entity: str | None = None, label: str | None = None,
                    sort: Annotated[str, Query(pattern="^(relevance|date)$")] = "relevance") -> HTMLResponse:
        params = {"q": q, "from": date_from or "", "to": date_to or "", "outlet": outlet or "",
                  "entity": entity or "", "label": label or "", "sort": "" if sort == "relevance" else sort}
        try:
            data = views.search_view(pool.get(), q, date_from, date_to, outlet, entity, label, 20,
                                     (page_no - 1) * 20, sort)
        except RasdError as exc:
            status = status_for(exc)
            return page("search.html", "search", status=status, data=None, error=message_ar(exc, status),
                        error_en=str(exc), params=params, page_no=page_no, quick_q=q, cov=pool.get().coverage())
        return page("search.html", "search", data=data, error=None, params=params, page_no=page_no, quick_q=q,
                    cov=pool.get().coverage())

    @app.get("/entities/{entity}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(entity: str) -> HTMLResponse:
        data = views.entity_view(pool.get(), entity, 30)
        return page("entity.html", "entity", data=data, cov=pool.get().coverage() if not data["per_day"] else None)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: Annotated[int, Path(ge=0, le=views.MAX_ID)]) -> HTMLResponse:
        return page("story.html", "stories", s=views.story_view(pool.get(), story_id))

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page() -> HTMLResponse:
        return page("alerts.html", "alerts", data=views.alerts_view(pool.get()))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(speaker: str = "") -> HTMLResponse:
        return page("quotes.html", "quotes", data=views.quotes_view(pool.get(), speaker, 100))

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page() -> HTMLResponse:
        data = views.stories_view(pool.get(), 2, 50)
        return page("stories.html", "stories", data=data, cov=pool.get().coverage() if not data["stories"] else None)

    @app.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
    def feeds_page() -> HTMLResponse:
        return page("feeds.html", "feeds", data=views.feeds_view(pool.get()))

    def analyze_page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
        """The Analyse form, with this browser's CSRF token (a new one in a cookie if it has none)."""
        token, new = csrf_token(request)
        context.setdefault("samples", [])
        response = page("analyze.html", "analyze", status=status, csrf=token, csrf_field=CSRF_FIELD,
                        max_kib=cfg.max_body_bytes // 1024, **context)
        response.headers["cache-control"] = "no-store"
        if new:
            set_csrf_cookie(response, request, token)
        return response

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request) -> HTMLResponse:
        return analyze_page(request, samples=pool.get().latest_articles(5))

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_submit(request: Request) -> Response:
        try:
            form = await request.form(max_files=1, max_fields=8, max_part_size=cfg.max_body_bytes)
        except MultiPartException as exc:
            return analyze_page(request, 400, error="تعذّرت قراءة النموذج؛ أعد إرساله.",
                                error_en=f"the form could not be read ({exc.message})")
        if not csrf_valid(request, form.get(CSRF_FIELD)):
            return analyze_page(request, 403, error="انتهت صلاحية هذا النموذج أو أُرسل من صفحة أخرى، فلم يُحفظ "
                                                    "شيء. أعد إرساله من هذه الصفحة.",
                                error_en="this form has expired or was sent from another page; "
                                         "it was not stored. Send it again from this page.")
        text = form.get("text")
        outlet = form.get("outlet")
        upload = form.get("file")
        text = text if isinstance(text, str) else ""
        outlet = outlet if isinstance(outlet, str) else ""
        try:
            if len(outlet) > 200:
                raise WebError(400, "'outlet' is longer than 200 characters",
                               ar="اسم المصدر أطول من المسموح (الحد الأقصى لطوله 200).")
            if isinstance(upload, StarletteUploadFile) and upload.filename:
                data = await upload.read()
                name = upload.filename[:200]
                record = await _run(lambda: views.analyze_input(data=data, name=name, outlet=outlet or None,
                                                                max_chars=cfg.max_article_chars))
            else:
                record = await _run(lambda: views.analyze_input(text=text, outlet=outlet or None,
                                                                max_chars=cfg.max_article_chars))
            await _run(lambda: _save(pool.get(), record))
        except RasdError as exc:
            status = status_for(exc)
            return analyze_page(request, status, error=message_ar(exc, status), error_en=str(exc),
                                text=_displayable(text[:20000]), outlet=_displayable(outlet[:200]))
        return RedirectResponse(f"/articles/{record['id']}", status_code=303)

    app.add_middleware(BodyLimit, max_bytes=cfg.max_body_bytes)
    # outermost: its headers go on every answer, 413 and 500 too
    app.add_middleware(SecurityHeaders, allowed_hosts=cfg.allowed_hosts)
    return app


_DOCS_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>rasd API</title>
<link rel="stylesheet" href="/docs-static/swagger-ui.css">
<link rel="icon" href="/static/rasd.svg" type="image/svg+xml">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs-static/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI at ``/docs``, served from the ``swagger-ui-bundle`` package (no CDN), started
    by a static script (no inline script, so the Content-Security-Policy holds here too)."""
    import swagger_ui_bundle

    app.mount("/docs-static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_DOCS_HTML)


def json_object(body: bytes) -> dict[str, Any]:
    """The JSON object a request body holds, or a 400 that says what is wrong with it.

    Invalid UTF-8, invalid JSON, numbers too long to convert and nesting deeper than
    :data:`MAX_JSON_DEPTH` are all refused here, before any of it is used.
    """
    if not body.strip():
        raise WebError(400, 'the body is empty; send a JSON object: {"text": "..."} or {"html": "..."}')
    try:
        text = body.decode("utf-8-sig")  # a leading byte-order mark is harmless
    except UnicodeDecodeError as exc:
        raise WebError(400, f"the body is not UTF-8 (invalid byte at offset {exc.start})") from exc
    if json_depth(text) > MAX_JSON_DEPTH:
        raise WebError(400, f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep; a request is an object "
                            'of strings: {"text": "..."}')
    try:
        payload = json.loads(text)
    except RecursionError as exc:  # json_depth should have caught it; never a 500
        raise WebError(400, "the JSON is nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, and integers too long to convert
        raise WebError(400, f"the body is not valid JSON ({str(exc)[:160]})") from exc
    if not isinstance(payload, dict):
        raise WebError(400, f'send a JSON object, not {type(payload).__name__}: {{"text": "..."}} or {{"html": "..."}}')
    return payload


_JSON_TOKENS = re.compile(r'"(?:[^"\\]+|\\.)*"?|[\[\]{}]')


def json_depth(text: str, stop: int = MAX_JSON_DEPTH + 1) -> int:
    """How deeply ``text``'s arrays and objects nest (strings skipped), without parsing it;
    counting stops at ``stop`` levels."""
    depth = deepest = 0
    for m in _JSON_TOKENS.finditer(text):
        tok = m.group()
        if tok in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest >= stop:
                break
        elif tok in "]}":
            depth -= 1
    return deepest


def _displayable(value: str) -> str:
    """Form text to show back in the page: lone surrogates and NUL replaced."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")


async def _run(fn: Any) -> Any:
    """Run blocking work (analysis, SQLite) in the worker thread pool."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn)


def _save(store: Store, record: dict[str, Any]) -> None:
    """Store an analysed record (idempotent: the same text is stored once)."""
    store.add_articles([from_dict(ArticleRecord, record)])


def _marks(record: dict[str, Any]) -> list[Any]:
    from rasd.web.highlight import date_marks, entity_marks
    from rasd.web.render import entity_url

    ids = (record.get("store") or {}).get("entity_ids") or {}
    hrefs = {local: entity_url(gid) for local, gid in ids.items()}
    return entity_marks(record, hrefs) + date_marks(record)
