"""Quotes: direct, indirect and headline speech and who said it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from rasd.article import Article, Entity, Mention, check_spans, to_json
from rasd.pipeline import analyze
from rasd.stages.quotes import analyze_quotes
from rasd.stages.roles import analyze_roles


def run(text: str, people: dict[str, str] | None = None) -> Article:
    """Structure, hand-made entities (id -> name; ids starting with g are GPE), roles, quotes."""
    a = analyze(text, until="structure")
    ents = []
    for eid, name in (people or {}).items():
        ms = tuple(Mention(m.start(), m.end(), name) for m in re.finditer(re.escape(name), text))
        ents.append(Entity(eid, "GPE" if eid.startswith("g") else "PER", name, ms))
    a = Article(**{**{f: getattr(a, f) for f in a.__slots__}, "entities": tuple(ents)})  # type: ignore[attr-defined]
    out = analyze_quotes(analyze_roles(a))
    assert check_spans(out) == []
    return out


def triples(a: Article) -> list[tuple[str, str | None, str]]:
    return [(q.kind, q.speaker_name, q.content.text) for q in a.quotes]


def test_quotes_direct_with_role_speaker_resolved_to_the_person() -> None:
    text = ("عنوان\n\nأكد رئيس الوزراء العراقي مصطفى الكاظمي التزامه بالحوار.\n\n"
            'وقال رئيس الوزراء العراقي "لسنا بحاجة إلى القوات الأجنبية على أراضينا".\n')
    a = run(text, {"e1": "مصطفى الكاظمي"})
    assert triples(a)[-1] == ("direct", "مصطفى الكاظمي", "لسنا بحاجة إلى القوات الأجنبية على أراضينا")
    q = a.quotes[-1]
    assert q.speaker is not None and q.speaker.text == "رئيس الوزراء العراقي" and q.speaker.entity == "e1"
    assert q.cue is not None and q.cue.text == "قال" and q.cue.lemma == "قال"


def test_quotes_indirect_content_leaves_out_the_complementizer() -> None:
    a = run("عنوان\n\nوأعلن الوزير خالد العلي أن الحكومة ستخفض الضرائب العام المقبل.\n", {"e1": "خالد العلي"})
    assert triples(a) == [("indirect", "خالد العلي", "الحكومة ستخفض الضرائب العام المقبل")]


def test_quotes_continuation_cues_go_to_the_last_speaker() -> None:
    text = ("عنوان\n\nقال خالد العلي إن الاتفاق قريب، مشيرا إلى أن الجولة المقبلة حاسمة.\n\n"
            "وأضاف أن الوفدين سيلتقيان في الرياض.\n")
    a = run(text, {"e1": "خالد العلي"})
    assert [(k, s) for k, s, _c in triples(a)] == [("indirect", "خالد العلي")] * 3
    assert [c for _k, _s, c in triples(a)] == ["الاتفاق قريب", "الجولة المقبلة حاسمة", "الوفدين سيلتقيان في الرياض"]
    assert [q.cue.text for q in a.quotes if q.cue] == ["قال", "مشيرا", "أضاف"]


def test_quotes_writer_voice_is_not_speech() -> None:
    a = run("عنوان\n\nيذكر أن المعرض يقام سنويا منذ عشرين عاما في العاصمة.\n")
    assert a.quotes == ()


def test_quotes_relative_clause_verb_without_subject_is_not_speech() -> None:
    a = run("عنوان\n\nقتل ثلاثة في مداهمات قالت إنها استهدفت خلايا نائمة.\n")
    assert a.quotes == ()


def test_quotes_scare_quotes_are_not_quotes() -> None:
    a = run('عنوان\n\nتقع الهجمات في المنطقة المعروفة باسم "مثلث الموت" شمال البلاد.\n\nونشرت صحيفة "الشرق الأوسط الدولية اليوم" تقريرا.\n')
    assert a.quotes == ()


def test_quotes_statement_speaks_for_its_author() -> None:
    a = run('عنوان\n\nوذكر بيان للحكومة العراقية أن "رئيس الوزراء بحث مع الوزير تطورات الأوضاع في المنطقة".\n')
    (q,) = a.quotes
    assert (q.kind, q.speaker_name) == ("direct", "الحكومة العراقية")
    assert q.speaker is not None and q.speaker.text == "بيان للحكومة العراقية"
    assert q.content.text == "رئيس الوزراء بحث مع الوزير تطورات الأوضاع في المنطقة"


def test_quotes_unnamed_group_speaker() -> None:
    a = run("عنوان\n\nحيث يرى مسؤولون أن خروج القوات سيفتح المجال أمام الفوضى، في وقت تواجه فيه الحكومة ضغوطا.\n")
    assert triples(a) == [("indirect", "مسؤولون", "خروج القوات سيفتح المجال أمام الفوضى")]


def test_quotes_state_as_speaker() -> None:
    a = run("عنوان\n\nوأعلن العراق أن قواته استعادت السيطرة على المدينة.\n", {"g1": "العراق"})
    (q,) = a.quotes
    assert q.speaker is not None and q.speaker.entity == "g1" and q.speaker_name == "العراق"


def test_quotes_headline_speaker_colon() -> None:
    a = run("الكاظمي: ملتزمون بإعادة جدولة الانسحاب\n\nبغداد - قال مصدر إن الحوار مستمر بين الطرفين.\n", {"e1": "الكاظمي"})
    assert triples(a)[0] == ("headline", "الكاظمي", "ملتزمون بإعادة جدولة الانسحاب")
    assert a.quotes[0].cue is not None and a.quotes[0].cue.text == ":"


def test_quotes_headline_label_is_not_a_speaker() -> None:
    a = run("عاجل: انفجار قوي يهز وسط العاصمة صباح اليوم\n\nوقع انفجار قوي صباح اليوم.\n")
    assert a.quotes == ()


def test_quotes_subject_before_imperfect_cue() -> None:
    a = run("عنوان رئيسي\n\nالكاظمي يؤكد أن لجان الحوار تواصل اجتماعاتها.\n\nنص الخبر هنا.\n", {"e1": "الكاظمي"})
    assert ("indirect", "الكاظمي", "لجان الحوار تواصل اجتماعاتها") in triples(a)


def test_quotes_direct_quote_over_several_paragraphs_one_record_per_paragraph() -> None:
    text = ('عنوان\n\nوقال خالد العلي: "لقد عملنا طويلا على هذا الاتفاق مع شركائنا.\n\n'
            'وسنواصل العمل حتى تتحقق كل الأهداف التي وضعناها".\n')
    a = run(text, {"e1": "خالد العلي"})
    assert [(q.kind, q.speaker_name) for q in a.quotes] == [("direct", "خالد العلي")] * 2
    assert a.quotes[0].content.text == "لقد عملنا طويلا على هذا الاتفاق مع شركائنا"
    assert a.quotes[1].content.text == "وسنواصل العمل حتى تتحقق كل الأهداف التي وضعناها"
    assert a.quotes[1].resolution == "continuation"


def test_quotes_quote_before_its_cue() -> None:
    a = run('عنوان\n\n"سنواصل دعم الاقتصاد الوطني بكل ما نملك"، قال خالد العلي.\n', {"e1": "خالد العلي"})
    assert triples(a) == [("direct", "خالد العلي", "سنواصل دعم الاقتصاد الوطني بكل ما نملك")]


def test_quotes_masdar_object_after_cue() -> None:
    a = run("عنوان\n\nوأكد خالد العلي التزامه بإعادة جدولة الديون.\n", {"e1": "خالد العلي"})
    assert triples(a) == [("indirect", "خالد العلي", "التزامه بإعادة جدولة الديون")]


def test_quotes_addressee_between_cue_and_speaker_is_skipped() -> None:
    a = run('عنوان\n\nوأكد لـ"الوطن" مصدر أمني أن المخدرات كانت في طريقها إلى الخارج.\n')
    assert triples(a) == [("indirect", "مصدر أمني", "المخدرات كانت في طريقها إلى الخارج")]


def test_quotes_according_to_source() -> None:
    a = run("عنوان\n\nقتل عشرة أشخاص في الهجوم على السوق، بحسب مصادر أمنية.\n")
    assert triples(a) == [("indirect", "مصادر أمنية", "قتل عشرة أشخاص في الهجوم على السوق")]


def test_quotes_seed_article_scores(shared: Path) -> None:
    """The acceptance numbers on the sample article, from score.py itself (no hand-made entities)."""
    seed = shared / "seed" / "alarab-2020-11-18-kadhimi.txt"
    record = analyze(seed.read_text(encoding="utf-8"))
    pred = Path(__file__).parent / ".." / ".pytest_cache" / "seed-quotes.json"
    pred.parent.mkdir(exist_ok=True)
    pred.write_text(to_json(record), encoding="utf-8")
    res = subprocess.run([sys.executable, str(shared / "eval" / "score.py"), str(seed.with_suffix(".gold.json")),
                          str(pred), "--json"], capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout)
    assert scores["quotes_content"]["f1"] >= 0.90
