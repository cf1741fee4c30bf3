"""The dates stage: every date expression, with an ISO value and a granularity.

Absolute dates (:mod:`rasd.arabic.dateparse`) are found first; relative ones
(:mod:`rasd.arabic.relative_dates`) are resolved against the publication date
(the date line's date, else the source metadata) and may not overlap an absolute
one.  The date line itself is a date with role ``published``; dates inside noise
lines are left out.  Without a publication date, relative expressions are not
guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from rasd.arabic.dateparse import DateMatch, find_absolute_dates
from rasd.arabic.normalize import normalize
from rasd.arabic.relative_dates import find_relative_dates
from rasd.article import Article, DateMention


def publication_date(article: Article) -> dt.date | None:
    """The article's publication date: the date line's (which is the page's own metadata
    when the page states one, see the structure stage), else the source metadata."""
    for raw in ((article.published.date if article.published else None), article.source.date):
        if not raw:
            continue
        try:
            return dt.date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            continue
    return None


def find_dates(text: str, anchor: dt.date | None) -> list[DateMatch]:
    """Absolute and (with an anchor) relative dates in ``text``, in text order."""
    nz = normalize(text)
    found = find_absolute_dates(text, nz)
    if anchor is not None:
        found += find_relative_dates(text, anchor, nz, taken=[(d.start, d.end) for d in found])
    found.sort(key=lambda d: d.start)
    return found


def analyze_dates(article: Article) -> Article:
    """Add :class:`DateMention` spans for every date in the article."""
    anchor = publication_date(article)
    pub = article.published
    noise = [(n.start, n.end) for n in article.noise]
    out: list[DateMention] = []
    for d in find_dates(article.text, anchor):
        if any(s <= d.start and d.end <= e for s, e in noise):
            continue
        role = "published" if pub is not None and d.start < pub.end and pub.start < d.end else "mention"
        out.append(DateMention(d.start, d.end, article.text[d.start : d.end], d.value, d.granularity, role,
                               d.calendar, d.modifier))
    line_dated = pub is not None and pub.date_source in (None, "text")  # else the date is the page's, not the line's
    if pub is not None and pub.date and line_dated and not any(m.role == "published" for m in out):
        out.append(DateMention(pub.start, pub.end, pub.text, pub.date, "day", "published"))
        out.sort(key=lambda m: m.start)
    return replace(article, dates=tuple(out))
