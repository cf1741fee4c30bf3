from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources

import pytest

from rasd.article import Article, Entity, Mention, Published, Quote, Span, check_spans
from rasd.cli import main
from rasd.pipeline import analyze
from rasd.stages.dates import analyze_dates
from rasd.stages.events import _tok_index, _tokens, analyze_events, find_triggers, lexicon, lookup_forms
from rasd.stages.quantities import analyze_quantities

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def _article(body: str, dateline: str | None = None, published: str = "2020-11-18") -> Article:
    """A hand-built record: one paragraph, a date line, optional dateline (no NER needed)."""
    head = "عنوان الخبر\nالأربعاء 2020/11/18\n"
    text = head + body
    start = len(head)
    a = Article.from_text(text)
    a = replace(a, title=a.span(0, 11), published=Published(12, 31, text[12:31], published),
                paragraphs=(a.span(start, len(text)),))
    if dateline:
        d = text.index(dateline, start)
        a = replace(a, dateline=a.span(d, d + len(dateline)))
    return analyze_quantities(analyze_dates(a))


def _events(a: Article) -> list[tuple[str, str | None, str | None, str | None]]:
    out = analyze_events(a)
    assert check_spans(out) == []
    return [(e.type, e.mode, e.actor.country if e.actor else None, e.target.country if e.target else None)
            for e in out.events]


def test_lexicon_covers_every_plover_type() -> None:
    assert lexicon().types == PLOVER


def test_lexicon_is_data() -> None:
    raw = resources.files("rasd.arabic").joinpath("data/plover_lexicon.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert {t["type"] for t in data["triggers"]} == PLOVER


@pytest.mark.parametrize(
    ("word", "etype"),
    [("انسحبت", "RETREAT"), ("وينسحبون", "RETREAT"), ("سينسحب", "RETREAT"), ("بانسحاب", "RETREAT"),
     ("الهجمات", "ASSAULT"), ("وقصفت", "ASSAULT"), ("زيارته", "CONSULT"), ("التقى", "CONSULT"),
     ("يلتقي", "CONSULT"), ("اعتقال", "COERCE"), ("تظاهرات", "PROTEST"), ("رفضت", "REJECT"),
     ("اتهم", "ACCUSE"), ("هددت", "THREATEN"), ("المساعدات", "AID"), ("التعاون", "COOPERATE"),
     ("أيدت", "SUPPORT"), ("الاتفاق", "AGREE"), ("العقوبات", "SANCTION"), ("طالبت", "REQUEST"),
     ("الإفراج", "CONCEDE"), ("حشود", "MOBILIZE")],
)
def test_trigger_forms_are_generated(word: str, etype: str) -> None:
    toks = _tokens(word, 0, len(word))
    assert etype in {h.trigger.type for h in find_triggers(toks)}


def test_future_prefix_is_peeled() -> None:
    assert ("ينسحب", True) in lookup_forms("سينسحب")


def test_ambiguous_triggers_need_their_object() -> None:
    def types(s: str) -> set[str]:
        return {h.trigger.type for h in find_triggers(_tokens(s, 0, len(s)))}

    assert "RETREAT" in types("سحب العديد من قواته")
    assert "RETREAT" not in types("سحب الطلب")
    assert "CONSULT" in types("بحث الوزير مع نظيره")
    assert "CONSULT" not in types("بحث علمي")
    assert "ASSAULT" in types("أطلق النار على المتظاهرين")
    assert "SANCTION" in types("فرضت واشنطن عقوبات")
    assert "SANCTION" not in types("فرضت نفسها")


def test_other_senses_of_trigger_words_are_not_events() -> None:
    def types(s: str) -> set[str]:
        return {h.trigger.type for h in find_triggers(_tokens(s, 0, len(s)))}

    assert "PROTEST" not in types("تظاهرت بأنني نائمة")  # pretended
    assert "PROTEST" in types("تظاهر آلاف الطلاب")
    assert "REQUEST" not in types("قال باحث في الجامعة")  # a researcher, not ب + أحث
    assert "COERCE" not in types("ارتفاع الضغط الدم")
    assert "REQUEST" not in types("نمو الطلب على النفط")  # market demand
    assert "CONSULT" not in types("مواقع التواصل الاجتماعي")  # social, not a meeting
    assert "COOPERATE" not in types("العمل بشكل تعاوني")


def test_places_after_a_preposition_are_not_actors() -> None:
    a = _article("وهربت فتيات من قبضة داعش إلى بريطانيا.")
    evs = [e for e in analyze_events(a).events if e.type == "RETREAT"]
    assert evs and all(e.actor is None or e.actor.country != "ISIS" for e in evs)
    b = _article("وقتل خمسة في اشتباكات قوية بمحافظة لحج.")
    (ev,) = [e for e in analyze_events(b).events if e.mode == "clash"]
    assert ev.actor is None and ev.location is not None and ev.location.country == "YEM"


def test_nisba_actor_and_preposition_target() -> None:
    a = _article("قصفت الطائرات الروسية مواقع للمعارضة في إدلب.")
    (ev,) = analyze_events(a).events
    assert (ev.type, ev.actor.country if ev.actor else None) == ("ASSAULT", "RUS")
    assert ev.location is not None and ev.location.country == "SYR"


def test_phone_call_received_from_someone() -> None:
    a = _article("وتلقى وزير الخارجية المصري اتصالا هاتفيا من نظيره الفرنسي.")
    assert _events(a) == [("CONSULT", "phone", "FRA", "EGY")]


def test_noun_trigger_genitive_actor_and_armed_seize() -> None:
    a = _article("وجاء ذلك بعد سيطرة مسلحي تنظيم داعش على مدينة الموصل.")
    (ev,) = analyze_events(a).events
    assert ev.type == "ASSAULT" and ev.mode == "seize" and ev.actor is not None and ev.actor.country == "ISIS"
    # a state seizing goods is coercion, not an assault
    b = _article("وأعلنت الحكومة المصرية مصادرة أموال الشركة.")
    assert [e.type for e in analyze_events(b).events] == ["COERCE"]


def test_affiliation_gives_the_country() -> None:
    a = _article("وتصاعدت هجمات صاروخية يشنها مسلحون مرتبطون بإيران على القواعد.")
    (ev,) = analyze_events(a).events
    assert (ev.type, ev.mode, ev.actor.country if ev.actor else None) == ("ASSAULT", "missile", "IRN")


def test_state_institution_takes_the_country_of_the_place() -> None:
    a = _article("وفرت قوات الأمن من مواقعها في محافظة نينوى.")
    (ev,) = analyze_events(a).events
    assert (ev.type, ev.mode, ev.actor.country if ev.actor else None) == ("RETREAT", "flee", "IRQ")


def test_possessive_takes_the_country_of_its_antecedent() -> None:
    a = _article("وأعلن وزير الدفاع الأميركي إعادة 500 من جنود بلاده.")
    (ev,) = analyze_events(a).events
    assert ev.type == "RETREAT" and ev.actor is not None and ev.actor.country == "USA" and ev.quantity == 500


def test_entities_from_the_entity_stage_are_used() -> None:
    a = _article("واستقبل محمد بن سلمان رئيس الوزراء البريطاني في الرياض.")
    s = a.text.index("محمد بن سلمان")
    ent = Entity("e1", "PER", "محمد بن سلمان", (Mention(s, s + 13, "محمد بن سلمان"),), country="SAU")
    (ev,) = analyze_events(replace(a, entities=(ent,))).events
    assert (ev.type, ev.mode) == ("CONSULT", "meet")
    assert ev.actor is not None and ev.actor.entity == "e1" and ev.actor.country == "SAU"
    assert ev.target is not None and ev.target.country == "GBR"


def test_group_name_without_its_title_still_joins_the_fighters() -> None:
    # the entity stage may tag "داعش" alone; "مسلحين … من تنظيم" + "داعش" must still be one actor
    a = _article("وزادت هجمات مسلحين يشتبه بأنهم من تنظيم داعش في المنطقة.")
    s = a.text.index("داعش")
    ent = Entity("e1", "ORG", "داعش", (Mention(s, s + 4, "داعش"),), country="ISIS")
    (ev,) = [e for e in analyze_events(replace(a, entities=(ent,))).events if e.type == "ASSAULT"]
    assert ev.actor is not None and ev.actor.country == "ISIS" and ev.actor.text is not None
    assert ev.actor.text.startswith("مسلحين")


def test_negated_future_and_hypothetical() -> None:
    # negated events are not reported: they are kept in event_mentions, flagged and "denied"
    neg = analyze_events(_article("ونفى الجيش الأردني أنه قصف مواقع في سوريا.")).event_mentions
    assert neg and all(e.negated and e.factuality == "denied" for e in neg if e.type == "ASSAULT")
    neg2 = analyze_events(_article("وقال إن القوات الأميركية لم تنسحب من المنطقة.")).event_mentions
    assert [e.negated for e in neg2 if e.type == "RETREAT"] == [True]
    fut = analyze_events(_article("ومن المقرر أن يزور الرئيس الفرنسي الجزائر الأسبوع المقبل.")).events
    assert [(e.type, e.future) for e in fut] == [("CONSULT", True)]
    fut2 = analyze_events(_article("وسينسحب الجيش التركي من المنطقة.")).events
    assert [(e.type, e.future) for e in fut2] == [("RETREAT", True)]
    # a condition imagines the event: kept in event_mentions, flagged and "hypothetical"
    hypo = analyze_events(_article("وإذا هاجمت إيران السفن فإن الرد سيكون قاسيا.")).event_mentions
    assert any(e.type == "ASSAULT" and e.hypothetical and e.factuality == "hypothetical" for e in hypo)


def test_date_from_sentence_else_publication() -> None:
    a = _article("وزار الرئيس التونسي الجزائر الثلاثاء. واعتقلت الشرطة ثلاثة أشخاص.", dateline=None)
    evs = analyze_events(a).events
    by_type = {e.type: e for e in evs}
    assert by_type["CONSULT"].date == "2020-11-17" and by_type["CONSULT"].date_source == "sentence"
    assert by_type["COERCE"].date == "2020-11-18" and by_type["COERCE"].date_source == "published"


def test_location_falls_back_to_the_dateline() -> None:
    a = _article("القاهرة - اعتقلت الشرطة ثلاثة أشخاص.", dateline="القاهرة")
    (ev,) = analyze_events(a).events
    assert ev.location is not None and ev.location.country == "EGY" and ev.location_source == "dateline"


def test_event_inside_a_quote_links_to_it() -> None:
    a = _article('وقال الوزير "إن القوات الأميركية ستنسحب من العراق".')
    s = a.text.index("إن القوات")
    e = a.text.index('".')
    a = replace(a, quotes=(Quote("direct", Span(s, e, a.text[s:e])),))
    (ev,) = analyze_events(a).events
    assert ev.type == "RETREAT" and ev.quote == 0 and ev.future


def test_seed_events_meet_the_target(seed_text: str) -> None:
    a = analyze(seed_text)
    assert check_spans(a) == []
    found = {(e.type, e.actor.country if e.actor else None) for e in a.events}
    for expected in [("CONSULT", "USA"), ("CONSULT", "IRQ"), ("RETREAT", "USA"), ("ASSAULT", "ISIS"),
                     ("RETREAT", "IRQ"), ("RETREAT", "COALITION"), ("ASSAULT", "IRN"), ("COERCE", "IRN")]:
        assert expected in found, expected


def test_cli_events_table_and_csv(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("عنوان\n\nبغداد - وأعلن وزير الدفاع الأميركي سحب 500 جندي من العراق.\n", encoding="utf-8")
    assert main(["events", str(path)]) == 0
    out = capsys.readouterr().out
    assert "RETREAT" in out and "USA" in out
    csv_path = tmp_path / "events.csv"
    assert main(["events", "--format", "csv", "-o", str(csv_path), str(path)]) == 0
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("source,actor,actor_country,event,mode,recipient,recipient_country,location,date,"
                               "evidence")
    assert any(",USA,RETREAT,withdraw," in line for line in lines[1:])


def test_cli_events_output_inside_input_folder_is_not_read_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("عنوان\n\nبغداد - أعلن وزير الدفاع الأميركي سحب 500 جندي من العراق.\n",
                                    encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    out.write_text('{"events": []}\n', encoding="utf-8")  # a previous run's output, still there
    assert main(["events", str(tmp_path), "--format", "json", "--output", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1 and records[0]["source"].endswith("a.txt")


def test_one_record_per_happening_with_all_its_evidence() -> None:
    text = ("انسحاب القوات الأميركية من العراق\n"
            "وقال المتحدث إن القوات الأميركية ستنسحب من العراق قريبا.\n"
            "وأضاف أن القوات الأميركية ستنسحب من قواعدها على مراحل.\n"
            "وهاجم مسلحون قافلة في الموصل.")
    a = analyze(text)
    assert check_spans(a) == []
    retreats = [e for e in a.events if e.type == "RETREAT" and e.actor and e.actor.country == "USA"]
    assert len(retreats) == 1
    (ev,) = retreats
    assert len(ev.evidences) >= 2 and ev.evidences[0].start <= ev.evidence.start < ev.evidences[0].end
    assert [x.start for x in ev.evidences] == sorted(x.start for x in ev.evidences)
    assert any(e.type == "ASSAULT" for e in a.events)  # another happening stays its own record


def test_events_token_index_is_the_run_of_overlapping_tokens() -> None:
    # the binary search must give exactly the tokens a scan finds overlapping [start, end)
    text = "قال الرئيس، في بيان: إن 25.5% من القوات ... وصلت www.example.com أمس؟"
    toks = _tokens(text, 0, len(text))
    for start in range(-1, len(text) + 2):
        for end in range(start, len(text) + 3):
            ii = [k for k, t in enumerate(toks) if t.start < end and start < t.end]
            assert _tok_index(toks, start, end) == ((ii[0], ii[-1] + 1) if ii else None)
    assert _tok_index([], 0, 5) is None
