"""Property tests: on any text, the dates, quantities and events stages keep every span true."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.article import Article, Source, check_spans
from rasd.pipeline import run_stages
from rasd.stages.dates import analyze_dates
from rasd.stages.events import analyze_events
from rasd.stages.quantities import analyze_quantities

WORDS = ["الثلاثاء", "أمس", "اليوم", "غدا", "عام", "2014", "٢٠١٤", "في", "منذ", "نوفمبر", "شباط", "جوان", "رمضان",
         "1436", "هـ", "الموافق", "ثلث", "خمسمئة", "ألفين", "و", "جندي", "من", "جنود", "40%", "في المئة", "مليار",
         "دولار", "انسحاب", "القوات", "الأميركية", "هجمات", "مسلحين", "داعش", "بإيران", "اتصالا", "هاتفيا",
         "لم", "سوف", "سيزور", "العراق", "بغداد", "-", ".", "،", "\n", "«", "»", '"', "(", ")", "/", ":", "\u200f",
         "\u0640", "ً", "الماضي", "المقبل", "قبل", "ثلاثة", "أيام", "1/2/2015", "10:30", "إعادة", "500"]

texts = st.lists(st.sampled_from(WORDS) | st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئ0123456789٠١٢٣٤٥٦٧٨٩ \n.،",
                                                   max_size=8), max_size=40).map(" ".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_spans_hold_on_any_text(text: str, anchor: dt.date) -> None:
    a = run_stages(Article.from_text(text, Source(date=anchor.isoformat())), until="structure")
    a = analyze_events(analyze_quantities(analyze_dates(a)))
    assert check_spans(a) == []
    for d in a.dates:
        assert d.value[:1].isdigit() and d.granularity
    for ev in a.events:
        assert ev.evidence.start <= (ev.trigger.start if ev.trigger else ev.evidence.start)
