"""Readable terminal summaries of a record (the ``--format text`` output)."""

from __future__ import annotations

from rasd.article import Article


def _short(s: str, n: int = 90) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def text_summary(a: Article) -> str:
    """A few lines per section: structure, entities, quotes, dates, quantities, events."""
    lines = [f"id {a.id}  {a.source.path or a.source.url or ''}".rstrip()]
    if a.title:
        lines.append(f"title     {_short(a.title.text)}")
    if a.subtitle:
        lines.append(f"subtitle  {_short(a.subtitle.text)}")
    if a.published:
        origin = a.published.date_source
        lines.append(f"published {a.published.date}  ({a.published.text})"
                     + (f"  [from {origin}]" if origin not in (None, "text") else ""))
    elif a.source.date:  # an HTML page's or a feed's date, with no date line in the text
        lines.append(f"published {a.source.date}  [from {a.source.date_source or 'source'}]")
    if a.source.outlet or a.source.author:
        lines.append("source    " + "  ".join(x for x in (a.source.outlet, a.source.author) if x))
    if a.byline:
        lines.append(f"byline    {a.byline.text}")
    if a.dateline:
        lines.append(f"dateline  {a.dateline.text}")
    for h in a.highlights:
        lines.append(f"highlight {_short(h.text)}")
    lines.append(f"paragraphs {len(a.paragraphs)}, noise lines {len(a.noise)}")
    for n in a.noise:
        lines.append(f"  noise   {_short(n.text, 40)}  ({n.reason})")
    if a.entities:
        lines.append(f"entities ({len(a.entities)})")
        for e in a.entities:
            extra = ", ".join(x for x in (e.en, e.country) if x)
            lines.append(f"  {e.label:4s} {e.canonical}" + (f"  [{extra}]" if extra else "") + f"  ×{len(e.mentions)}")
    if a.quotes:
        lines.append(f"quotes ({len(a.quotes)})")
        for q in a.quotes:
            who = q.speaker_name or (q.speaker.text if q.speaker else "?")
            lines.append(f"  {q.kind:8s} {who}: «{_short(q.content.text, 70)}»")
    if a.dates:
        lines.append("dates    " + "; ".join(f"{d.text} → {d.value}" for d in a.dates))
    if a.quantities:
        lines.append("numbers  " + "; ".join(f"{q.text} = {q.value:g}" + (f" {q.unit}" if q.unit else "")
                                             for q in a.quantities))
    if a.events:
        lines.append(f"events ({len(a.events)})")
        for ev in a.events:
            actor = ev.actor.country if ev.actor and ev.actor.country else (ev.actor.text if ev.actor else "?")
            target = ev.target.country if ev.target and ev.target.country else (ev.target.text if ev.target else "")
            lines.append(f"  {ev.type:9s} {actor} → {target or '-'}  {ev.mode or ''}  {ev.date or ''}".rstrip())
    return "\n".join(lines)
