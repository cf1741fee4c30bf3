"""What keeps a browser from being turned against the app: headers, same-origin writes, CSRF tokens.

* Every response carries a strict Content-Security-Policy (no inline script or
  style, nothing from other sites, no framing), ``X-Content-Type-Options: nosniff``
  (a JSON answer can never run as a script or render as a page), a Referrer-Policy
  that sends no address to other sites, and the opener/resource isolation headers.
  The pages have no inline script or style at all, so the policy needs no nonce.
* A write (any method but GET, HEAD, OPTIONS) that a browser says comes from another
  site (``Origin`` not this host, or ``Sec-Fetch-Site: cross-site``/``same-site``)
  is refused with 403 before any route runs.  Clients that are not browsers send
  neither header and are not affected.
* The form that stores an article carries a CSRF token (double submit: a random
  value in a ``SameSite=Strict`` cookie and the same value in the form); the route
  refuses a form whose token does not match.  The JSON API stores only from
  ``application/json`` bodies, which a page on another site cannot send without a
  CORS preflight that this app never grants.
* An unexpected exception becomes a 500 in the one error shape here, outermost,
  so that even that answer carries the headers.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from rasd.web.errors import ASGIApp, Message, Receive, Scope, Send, header, send_error

log = logging.getLogger("rasd.web")

#: The policy of every response: scripts, styles, images and fonts from this site only,
#: no inline script or style, no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CSRF_COOKIE = "rasd_csrf"
CSRF_FIELD = "csrf_token"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


def cross_site_write(scope: Scope) -> str | None:
    """Why this request is a write from another site, or None when it is not one."""
    if scope.get("method", "GET") in SAFE_METHODS:
        return None
    origin = header(scope, b"origin")
    if origin is not None:
        host = (header(scope, b"host") or "").lower()
        try:
            netloc = urlsplit(origin.strip()).netloc.lower()
        except ValueError:
            netloc = ""
        if not host or netloc != host:
            return f"this request comes from another site ({origin[:100]}); it is refused"
    site = header(scope, b"sec-fetch-site")
    if site is not None and site.strip().lower() not in ("same-origin", "none"):
        return f"this request comes from another site (Sec-Fetch-Site: {site[:40]}); it is refused"
    return None


#: Host names a server listening on loopback answers to (``rasd serve`` without --host).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def host_name(value: str) -> str:
    """The name in a ``Host`` header, without its port or IPv6 brackets, lowercased."""
    v = value.strip().lower()
    if v.startswith("["):
        return v[1:v.find("]")] if "]" in v else v[1:]
    return v.rsplit(":", 1)[0] if ":" in v else v


class SecurityHeaders:
    """ASGI middleware, outermost: the headers above on every response, requests for
    another host name and cross-site writes refused, and an unexpected exception
    answered in the error shape.

    ``allowed_hosts`` (None: any) are the names the server answers to.  On loopback
    ``rasd serve`` allows only loopback names: a page on another site whose name an
    attacker points at 127.0.0.1 (DNS rebinding) would otherwise be "same-origin" with
    the app, and could read its pages and their CSRF tokens.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                have = {bytes(k).lower() for k, _ in message.get("headers") or ()}
                message = dict(message)
                message["headers"] = [*(message.get("headers") or ()),
                                      *((k, v) for k, v in SECURITY_HEADERS if k not in have)]
            await send(message)

        if self.allowed_hosts is not None:
            name = host_name(header(scope, b"host") or "")
            if name not in self.allowed_hosts:
                await send_error(scope, send_with_headers, 400,
                                 f"this server does not answer to the host name {name[:100]!r}; "
                                 "rasd serve --allow-host NAME adds one")
                return
        refused = cross_site_write(scope)
        if refused is not None:
            await send_error(scope, send_with_headers, 403, refused)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if not started:
                await send_error(scope, send_with_headers, 500, "internal error; please report it")


# ------------------------------------------------------------------ CSRF tokens for forms


def csrf_token(request: Request) -> tuple[str, bool]:
    """The token of this browser (from its cookie), or a new one: ``(token, is_new)``."""
    have = request.cookies.get(CSRF_COOKIE, "")
    if _TOKEN.match(have):
        return have, False
    return secrets.token_urlsafe(32), True


def set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    """Give the browser its token: HttpOnly (no script reads it), SameSite=Strict (no other
    site's request carries it), Secure when the page came over HTTPS."""
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def csrf_valid(request: Request, submitted: Any) -> bool:
    """Does the token sent with a form match this browser's cookie?"""
    have = request.cookies.get(CSRF_COOKIE, "")
    return (isinstance(submitted, str) and bool(_TOKEN.match(have))
            and hmac.compare_digest(have.encode(), submitted.encode("utf-8", "replace")))
