"""A mentions-over-time bar chart as inline SVG (no script, no CDN, no library).

Input is the store entity view's ``per_day``: ``[{"date": "2020-11-18", "mentions": 3}, …]``
(``day``/``count`` are accepted too).  Days are grouped into days, months or years
so that the chart stays readable whether a corpus spans a week or fifteen years,
and empty buckets are kept so the x axis is proportional to time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

from rasd.web.arabic import bucket_label_ar

WIDTH, HEIGHT = 640, 180
PAD_L, PAD_R, PAD_T, PAD_B = 34, 10, 12, 30
#: Up to this many buckets, every one is labelled on the x axis.
ALL_LABELS = 5


def _parse_day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def bucket_counts(points: Iterable[Mapping[str, Any]]) -> tuple[str, list[tuple[str, int]]]:
    """Group per-day counts into a gap-free series; returns (grain, [(bucket, count)])."""
    days: Counter[dt.date] = Counter()
    for p in points:
        d = _parse_day(p.get("day", p.get("date")))
        if d is not None:
            days[d] += int(p.get("count", p.get("mentions")) or 0)
    if not days:
        return "day", []
    first, last = min(days), max(days)
    span = (last - first).days
    if span <= 92:
        out = [(first + dt.timedelta(days=i)).isoformat() for i in range(span + 1)]
        return "day", [(k, days.get(dt.date.fromisoformat(k), 0)) for k in out]
    if span <= 366 * 4:
        months: Counter[str] = Counter()
        for d, c in days.items():
            months[f"{d.year:04d}-{d.month:02d}"] += c
        keys = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return "month", [(k, months.get(k, 0)) for k in keys]
    years: Counter[str] = Counter()
    for d, c in days.items():
        years[f"{d.year:04d}"] += c
    return "year", [(f"{y:04d}", years.get(f"{y:04d}", 0)) for y in range(first.year, last.year + 1)]


def bucket_range(key: str) -> tuple[str, str]:
    """The first and last day of a bucket (``2020-11-18``, ``2020-11`` or ``2020``), as ISO days."""
    parts = key.split("-")
    if len(parts) == 3:
        return key, key
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        nxt = dt.date(y + 1, 1, 1) if m == 12 else dt.date(y, m + 1, 1)
        return f"{y:04d}-{m:02d}-01", (nxt - dt.timedelta(days=1)).isoformat()
    return f"{key}-01-01", f"{key}-12-31"


def timeline_svg(points: Iterable[Mapping[str, Any]], label: str = "الإشارات عبر الزمن",
                 link: Callable[[str, str], str] | None = None) -> Markup:
    """An accessible SVG bar chart of mentions over time (empty-state text when no data).

    With ``link`` each bar is a link (SVG ``<a>``, no script) to ``link(first_day, last_day)``
    of its bucket: the search histogram narrows the results to a bar's days."""
    grain, series = bucket_counts(points)
    if not series:
        return Markup('<p class="empty">لا توجد إشارات مؤرخة بعد.</p>')
    top = max(c for _, c in series) or 1
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    step = plot_w / len(series)
    bar_w = min(28.0, max(1.0, step * 0.8))
    parts = [
        f'<svg class="timeline" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'direction="ltr" xmlns="http://www.w3.org/2000/svg" data-grain="{grain}" data-buckets="{len(series)}">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{WIDTH - PAD_R}" y2="{PAD_T + plot_h}"/>',
        f'<text class="tick" x="{PAD_L - 6}" y="{PAD_T + 10}" text-anchor="end">{top}</text>',
        f'<text class="tick" x="{PAD_L - 6}" y="{PAD_T + plot_h}" text-anchor="end">0</text>',
    ]
    for i, (key, count) in enumerate(series):
        if not count:
            continue
        h = plot_h * count / top
        x = PAD_L + i * step + (step - bar_w) / 2
        bar = (f'<rect class="bar" x="{x:.1f}" y="{PAD_T + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}">'
               f"<title>{escape(bucket_label_ar(key))}: {count}</title></rect>")
        if link is not None:
            bar = f'<a href="{escape(link(*bucket_range(key)))}">{bar}</a>'
        parts.append(bar)
    # x labels: every bucket when there are few, else the first, middle and last (Arabic month
    # names are wide, and on a phone the labels are drawn larger: more would overlap)
    n = len(series)
    shown = range(n) if n <= ALL_LABELS else sorted({0, n // 2, n - 1})
    for i in shown:
        x = PAD_L + i * step + step / 2
        anchor = "middle"
        if n > ALL_LABELS and i == 0:
            x, anchor = PAD_L, "start"
        elif n > ALL_LABELS and i == n - 1:
            x, anchor = WIDTH - PAD_R, "end"
        parts.append(f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}">'
                     f"{escape(bucket_label_ar(series[i][0]))}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))


SPARK_W, SPARK_H = 96, 24


def sparkline_svg(series: Sequence[int], split: int | None = None, label: str = "") -> Markup:
    """A small inline SVG line of daily counts; ``split`` (an index) shades the days before
    it, the previous window of a trend, so the rise reads at a glance."""
    values = [int(v) for v in series]
    if not values:
        return Markup("")
    top = max(values) or 1
    step = SPARK_W / max(len(values) - 1, 1)
    pts = " ".join(f"{i * step:.1f},{SPARK_H - 2 - (SPARK_H - 4) * v / top:.1f}" for i, v in enumerate(values))
    shade = ""
    if split:
        shade = f'<rect class="prev" x="0" y="0" width="{(split - 0.5) * step:.1f}" height="{SPARK_H}"/>'
    title = escape(label or "، ".join(str(v) for v in values))
    return Markup(f'<svg class="spark" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" height="{SPARK_H}" '
                  f'role="img" aria-label="{title}" direction="ltr" xmlns="http://www.w3.org/2000/svg">'
                  f"<title>{title}</title>{shade}<polyline points=\"{pts}\"/></svg>")
