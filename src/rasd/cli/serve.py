"""``rasd serve``: the JSON API and the web pages over one store, on uvicorn."""

from __future__ import annotations

import argparse
import sys

from rasd.store import DEFAULT_DB
from rasd.store.postgres import redact
from rasd.web import DEFAULT_MAX_BODY_BYTES


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="serve the JSON API and the web pages over a store")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the store file (default {DEFAULT_DB}; created if missing)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--max-body-kib", type=int, default=DEFAULT_MAX_BODY_BYTES // 1024, metavar="KIB",
                   help="largest request body accepted, in KiB; a larger one (declared or chunked) is answered "
                        f"413 (default {DEFAULT_MAX_BODY_BYTES // 1024})")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name the server answers to, besides 127.0.0.1, localhost and ::1 when it listens "
                        "on loopback (repeatable; on another address every name is answered)")
    p.set_defaults(func=run)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000,
          max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, allow_hosts: tuple[str, ...] = ()) -> None:
    """Run the app until interrupted, after printing where it listens.

    On a loopback address the app answers only to loopback host names (and
    ``allow_hosts``): see :class:`rasd.web.security.SecurityHeaders`.
    """
    import uvicorn

    from rasd.web.app import WebSettings, create_app
    from rasd.web.security import LOOPBACK_HOSTS, host_name

    names = (*LOOPBACK_HOSTS, host_name(host), *(host_name(h) for h in allow_hosts))
    allowed = tuple(dict.fromkeys(names)) if _is_loopback(host) else None
    app = create_app(db, WebSettings(max_body_bytes=max_body_bytes, allowed_hosts=allowed))
    shown = f"[{host}]" if ":" in host else host
    shown_db = redact(db) if "://" in db else db
    print(f"rasd: serving {shown_db} at http://{shown}:{port}/  (API docs: http://{shown}:{port}/docs; Ctrl-C stops)",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def run(args: argparse.Namespace) -> int:
    if args.max_body_kib < 1:
        from rasd.errors import RasdError

        raise RasdError("--max-body-kib must be at least 1")
    serve(args.db, args.host, args.port, args.max_body_kib * 1024, tuple(args.allow_host))
    return 0


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
