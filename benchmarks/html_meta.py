"""Publication dates (and title, author, site name) that rasd reads from real HTML pages.

Over ``../shared/data/html/htmldate-dev/`` (60 pages in many languages, their URLs
and known publication dates in ``gold.json``; a NaN date means the page has none,
and the right answer is then no date), each page goes through
:func:`rasd.ingest.html.extract_html` with its URL, as ``rasd crawl`` reads it.  A
date is right when its day equals the gold day (or both are absent).  The same pages
through trafilatura's own metadata extraction (defaults) are the baseline, in the
same run.  Title, author and site name have no gold here: the script reports how
many pages have one and where it came from, and lists them with ``--show``.

    python benchmarks/html_meta.py
    python benchmarks/html_meta.py --show     # every page: gold, rasd, baseline, title …
    python benchmarks/html_meta.py --no-url   # pages as saved files, without their URL
    python benchmarks/html_meta.py --speed    # and the cost against trafilatura alone

Skips (exit 0) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "html" / "htmldate-dev"


def gold_day(value: object) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)[:10]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--show", action="store_true", help="print every page")
    ap.add_argument("--speed", action="store_true", help="also time extract_html against trafilatura alone")
    ap.add_argument("--no-url", action="store_true",
                    help="do not give the page's URL (as `rasd analyze page.html` reads a saved page)")
    args = ap.parse_args()
    gold_file = args.data / "gold.json"
    if not gold_file.exists():
        print(f"skipped: {gold_file} not found (../shared is not here)")
        return 0
    import trafilatura

    from rasd.errors import InputError
    from rasd.ingest.decode import declared_charset, decode_text
    from rasd.ingest.html import extract_html

    gold = json.loads(gold_file.read_text("utf-8"))
    right = base_right = 0
    have: Counter[str] = Counter()
    origins: Counter[str] = Counter()
    wrong: list[str] = []
    for name, g in sorted(gold.items()):
        raw = (args.data / name).read_bytes()
        html = decode_text(raw, name, declared=declared_charset(raw)).text
        want = gold_day(g.get("date"))
        try:
            _text, source = extract_html(html, name=name, url=None if args.no_url else g.get("url"))
        except InputError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            continue
        meta = trafilatura.extract_metadata(html, default_url=None if args.no_url else g.get("url"))
        base = (meta.date if meta is not None else None) or None
        ok = source.date == want
        right += ok
        base_right += (base or None) == want
        origins[f"date:{source.date_source}"] += 1
        for key in ("title", "author", "outlet", "language", "modified"):
            if getattr(source, key):
                have[key] += 1
                origins[f"{key}:{getattr(source, f'{key}_source')}"] += 1
        if not ok:
            wrong.append(f"{name}: gold {want}, rasd {source.date} ({source.date_source}), trafilatura {base}")
        if args.show:
            print(f"{name}\t{want}\t{source.date}\t{source.date_source}\t{base}\t{source.title!r}\t"
                  f"{source.author!r}\t{source.outlet!r}\t{source.language}")
    n = len(gold)
    print(f"publication date right: rasd {right}/{n}, trafilatura metadata alone {base_right}/{n}")
    for key in ("title", "author", "outlet", "language", "modified"):
        where = ", ".join(f"{o.split(':', 1)[1]} {c}" for o, c in sorted(origins.items()) if o.startswith(key + ":"))
        print(f"{key}: {have[key]}/{n} pages ({where})")
    print("date from: " + ", ".join(f"{o.split(':', 1)[1]} {c}" for o, c in sorted(origins.items())
                                    if o.startswith("date:")))
    for line in wrong:
        print("  wrong " + line)
    if args.speed:
        speed(args.data, sorted(gold))
    return 0


def speed(folder: Path, names: list[str]) -> None:
    """CPU time of extract_html against trafilatura's extraction alone (what rasd ran
    before it read the page's metadata itself), on the same pages, best of three."""
    import time

    import trafilatura

    from rasd.errors import InputError
    from rasd.ingest.decode import declared_charset, decode_text
    from rasd.ingest.html import _DATE_PARAMS, extract_html

    pages = []
    for name in names:
        raw = (folder / name).read_bytes()
        pages.append(decode_text(raw, name, declared=declared_charset(raw)).text)
    base = ours = float("inf")
    for _ in range(3):
        t = time.process_time()
        for html in pages:
            trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                        date_extraction_params=_DATE_PARAMS)
        base = min(base, time.process_time() - t)
        t = time.process_time()
        for html in pages:
            with contextlib.suppress(InputError):
                extract_html(html)
        ours = min(ours, time.process_time() - t)
    print(f"speed: trafilatura alone {base:.2f} s CPU, extract_html {ours:.2f} s CPU "
          f"for {len(pages)} pages: {ours / base:.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
