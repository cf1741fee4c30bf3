"""Factuality: an event the text only mentions is kept out of ``events``, with its reason."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rasd.article import Article, Entity, Mention, check_spans
from rasd.stages.events import _nationality, _tokens, analyze_events


def _analysed(body: str) -> Article:
    text = "عنوان الخبر\n" + body
    a = Article.from_text(text)
    a = replace(a, title=a.span(0, 11), paragraphs=(a.span(12, len(text)),))
    out = analyze_events(a)
    assert check_spans(out) == []
    return out


def _assaults(a: Article) -> tuple[list[str], list[str]]:
    return ([e.factuality for e in a.events if e.type == "ASSAULT"],
            [e.factuality for e in a.event_mentions if e.type == "ASSAULT"])


@pytest.mark.parametrize(
    ("body", "why"),
    [("واستنكرت النقابة بشدة التفجير الذي شهده السوق.", "condemned"),
     ("وتدين الجمعية الاعتداءات على المزارعين.", "condemned"),
     ("ونفى المتحدث قصف القرية.", "denied"),
     ("وقال الضابط إن الرجل كان يخطط لتفجير الجسر.", "planned"),
     ("وأعلنت البلدية خطة لمكافحة الهجمات على الحافلات.", "purpose"),
     ("ويعيش الحي في خوف منذ اغتيال رئيس البلدية.", "historical"),
     ("وصدر الحكم على الرجل بتهمة قتل جاره.", "judicial"),
     ("وتتواصل التحقيقات في قضية خطف المهندس.", "judicial"),
     ("وعرض المهرجان فيلم «اغتيال في القطار».", "mentioned"),
     ("وحذر القائد من هجوم على المعسكر.", "hypothetical"),
     ("وقال الوزير إن أي هجوم على البلاد سيلقى ردا.", "hypothetical"),
     ("ويتحدث الخبراء عن هجوم محتمل على الميناء.", "hypothetical"),
     ("هل قصفت الطائرات القرية؟", "hypothetical"),
     ("وتتهم الحكومة الجماعة بالوقوف وراء تفجير الجسر.", "accused"),
     ("وقال في إشارة إلى اشتباكات بين العشائر إن الهدوء عاد.", "background"),
     ("وتسلمت عائلات ضحايا الهجمات تعويضات.", "victims"),
     ("وقال إن منع الصحيفة يشكل اعتداء على حرية التعبير.", "evaluative"),
     ("وتستخدم العصابة المخازن لقتل الأسرى في القرية.", "purpose"),
     ("وأعلنت الجماعة مسؤوليتها عن تفجير سيارة في السوق.", "accused")],
)
def test_events_only_mentioned_are_kept_apart_with_their_factuality(body: str, why: str) -> None:
    reported, mentioned = _assaults(_analysed(body))
    assert reported == [] and why in mentioned


def test_events_reported_stay_in_events() -> None:
    reported, mentioned = _assaults(_analysed("وقصفت الطائرات القرية فجر اليوم."))
    assert reported == ["reported"] and mentioned == []


def test_events_condemnation_does_not_hide_the_attack_it_follows() -> None:
    a = _analysed("وهاجم مسلحون القافلة، وأدانت الحكومة الهجوم.")
    assert "reported" in _assaults(a)[0]
    assert "condemned" in _assaults(a)[1]


def test_abduction_and_hostage_taking_are_assault() -> None:
    for body in ("وخطف مسلحون مهندسين اثنين على الطريق.", "واحتجز المسلحون رهائن في المصرف."):
        a = _analysed(body)
        assert [e.mode for e in a.events if e.type == "ASSAULT"] == ["abduct"], body
        assert not [e for e in a.events if e.type == "COERCE"], body


@pytest.mark.parametrize(
    ("body", "mode"),
    [("وأغلق الطلاب الغاضبون الطريق أمام الجامعة.", "block road"),
     ("وتجمع مئات العمال أمام مقر الشركة صباح أمس.", "demonstrate"),
     ("وهتف الشبان بسقوط المجلس البلدي.", "demonstrate"),
     ("ونظم الأهالي وقفة احتجاجية في ساحة البلدة.", "demonstrate"),
     ("وبدأ سائقو الشاحنات إضرابا مفتوحا.", "strike"),
     ("ونظم الأطباء اعتصاما في المستشفى.", "sit-in")],
)
def test_protest_constructions_are_protest(body: str, mode: str) -> None:
    a = _analysed(body)
    assert mode in [e.mode for e in a.events if e.type == "PROTEST"], body


def test_protest_gathering_needs_a_place_of_protest() -> None:
    a = _analysed("وتجمع لدى الشركة رصيد كبير من الأرباح.")
    assert [e for e in a.events if e.type == "PROTEST"] == []


def test_events_named_with_the_article_refer_back_and_are_mentioned() -> None:
    a = _analysed("وزار الوزير موقع التفجير برفقة المحافظ.")
    assert _assaults(a) == ([], ["mentioned"])
    assert _assaults(_analysed("ووقع تفجير في سوق المدينة."))[0] == ["reported"]


def test_events_with_the_article_and_a_verb_of_happening_are_reported() -> None:
    assert _assaults(_analysed("ووقع الانفجار قرب محطة الحافلات."))[0] == ["reported"]


def test_dawn_is_not_blowing_up() -> None:
    a = _analysed("وغادر الوفد العاصمة فجر أمس متجها إلى الحدود.")
    assert _assaults(a) == ([], [])
    assert _assaults(_analysed("وفجر مسلحون جسرا على النهر."))[0] == ["reported"]


@pytest.mark.parametrize(
    ("body", "country"),
    [("وهاجم الإسرائيليون قافلة المساعدات.", "ISR"),
     ("وهاجم الأفغان مركز الشرطة.", "AFG"),
     ("وقصفت دبابة إسرائيلية مواقع على التلال.", "ISR"),
     ("وقال الجيش التركي إن طائراته قصفت مواقع على التلال.", "TUR"),
     ("وقتل ثلاثة مسلحين في ضربة جوية أميركية في بغداد أمس.", "USA")],
)
def test_actor_country_from_nationality_nouns_and_weapons(body: str, country: str) -> None:
    a = _analysed(body)
    assert [e.actor.country if e.actor else None for e in a.events if e.type == "ASSAULT"] == [country]


def test_nationality_after_a_definite_noun_is_an_adjective() -> None:
    toks = _tokens("المدنيين العراقيين", 0, len("المدنيين العراقيين"))
    assert _nationality(toks[1], toks[0]) is None
    assert _nationality(toks[1], None) == "IRQ"


def test_events_named_by_their_victim_refer_back_and_are_mentioned() -> None:
    text = "عنوان الخبر\nوتغيرت البلاد بعد اغتيال سمير خليل."
    a = Article.from_text(text)
    s = text.index("سمير")
    ent = Entity("e1", "PER", "سمير خليل", (Mention(s, s + 9, "سمير خليل"),))
    a = replace(a, title=a.span(0, 11), paragraphs=(a.span(12, len(text)),), entities=(ent,))
    out = analyze_events(a)
    assert _assaults(out) == ([], ["mentioned"])


@pytest.mark.parametrize("body", ["وتحدث السكان عن تفجير السفارة.", "وتحدث الناس عن اختطاف الجندي."])
def test_events_in_construct_with_a_definite_noun_refer_back(body: str) -> None:
    assert _assaults(_analysed(body)) == ([], ["mentioned"])


@pytest.mark.parametrize("body", ["وأعلنت الشرطة مقتل العشرات في القرية.", "وانفجرت عبوة ناسفة اليوم في السوق.",
                                  "وتعرضت الدورية لإطلاق النار قرب الحاجز."])
def test_counts_times_and_required_objects_do_not_make_a_trigger_definite(body: str) -> None:
    assert _assaults(_analysed(body))[0] == ["reported"]


def test_a_verbal_attack_is_criticism_not_assault() -> None:
    a = _analysed("وشن رئيس الحزب هجوما عنيفا على الحكومة في مؤتمر صحفي.")
    assert [(e.type, e.mode) for e in a.events] == [("ACCUSE", "criticize")]
    armed = _analysed("وشن مسلحون هجوما على الحاجز في المدينة.")
    assert [e.type for e in armed.events] == ["ASSAULT"]


@pytest.mark.parametrize(("body", "why"), [("وتغير الحي كثيرا بعد تفجير كنيسة فيه عام 1998.", "historical"),
                                           ("وزار الوفد الجندي الذي خطف في الشمال.", "background")])
def test_a_year_dates_the_past_and_a_relative_clause_describes(body: str, why: str) -> None:
    assert _assaults(_analysed(body)) == ([], [why])


@pytest.mark.parametrize(("body", "why"), [("وتشكو القرى من عمليات خطف متكررة.", "generic"),
                                           ("وتعيش القرى على وقع النهب والتعذيب والقتل والخطف.", "generic"),
                                           ("وشهدت الولاية 140 هجوما انتحاريا.", "generic"),
                                           ("ويقتل المسلحون المدنيين على الطرق.", "habitual")])
def test_a_kind_of_happening_or_what_usually_happens_is_not_one_happening(body: str, why: str) -> None:
    assert _assaults(_analysed(body)) == ([], [why])


def test_an_imperfect_anchored_now_is_reported() -> None:
    assert _assaults(_analysed("ويقصف الجيش المدينة الآن."))[0] == ["reported"]


@pytest.mark.parametrize("body", ["وتعرض الوزير إلى هجوم إعلامي كثيف.", "وحذر الخبراء من انفجار الوضع في الجنوب.",
                                  "وعمل الفريق حتى الثالثة فجرا."])
def test_other_senses_of_attack_explosion_and_dawn_are_not_assault(body: str) -> None:
    assert _assaults(_analysed(body))[0] == []


def test_a_possessed_noun_refers_back() -> None:
    assert _assaults(_analysed("وقالت الأسرة إن خطفه لا يخدم أحدا.")) == ([], ["mentioned"])


def test_what_known_protesters_chant_is_a_detail_of_their_protest() -> None:
    a = _analysed("ورفع المتظاهرون لافتات تطالب بالإصلاح.")
    assert [e.factuality for e in a.event_mentions if e.type == "PROTEST"] == ["mentioned"]
    assert [e.type for e in _analysed("وهتف مئات المتظاهرين ضد الحكومة.").events] == ["PROTEST"]


def test_an_attack_named_with_no_when_where_whom_or_who_is_unspecified() -> None:
    assert _assaults(_analysed("وقال الكاتب إن التفجيرات لا تخدم أحدا وإن هجمات كهذه تضر الجميع.")) == (
        [], ["mentioned", "unspecified"])
    assert _assaults(_analysed("وقتل ثلاثة أشخاص في هجمات أمس."))[0] == ["reported", "reported"]


def test_a_crowd_counted_by_nationality_or_protesting_in_a_known_place_takes_its_country() -> None:
    a = _analysed("وتظاهر آلاف الإسرائيليين مساء أمس.")
    assert [e.actor.country for e in a.events if e.type == "PROTEST" and e.actor] == ["ISR"]
    b = _analysed("وأضرب العمال في مصر أمس احتجاجا على الأجور.")
    assert {e.actor.country for e in b.events if e.type == "PROTEST" and e.actor} == {"EGY"}


def test_a_protest_told_in_someone_s_words_is_their_account() -> None:
    from rasd import analyze  # the quotes stage finds the words events are told in

    a = analyze("عنوان الخبر\n\nوقال المتحدث باسم الشرطة إن آلاف المتظاهرين خرجوا إلى الشوارع.\n")
    assert a.quotes and [e.factuality for e in a.event_mentions if e.type == "PROTEST"] == ["quoted"]
    b = analyze("عنوان الخبر\n\nوخرج آلاف المتظاهرين إلى الشوارع أمس.\n")
    assert [e.type for e in b.events] == ["PROTEST"]


def test_an_event_in_words_of_accusation_or_opinion_is_the_speaker_s_claim() -> None:
    from rasd import analyze

    for body in ("واتهم الوزير الحركة بأنها فجرت الجسر في الشمال أمس.",
                 "واعتبر الوزير أن المسلحين فجروا الجسر في الشمال أمس لإرهاب السكان."):
        a = analyze(f"عنوان الخبر\n\n{body}\n")
        assert [e.factuality for e in a.event_mentions if e.type == "ASSAULT"] == ["quoted"], body
        assert not [e for e in a.events if e.type == "ASSAULT"], body
    b = analyze("عنوان الخبر\n\nوقال مصدر في الشرطة إن مسلحين فجروا الجسر في الشمال أمس.\n")
    assert [e.type for e in b.events] == ["ASSAULT"]


@pytest.mark.parametrize(
    ("body", "why"),
    [("وأحبطت الشرطة محاولة اختطاف رجل أعمال في المدينة.", "planned"),
     ("وفككت وحدة الهندسة عبوة ناسفة قرب الجسر صباح اليوم.", "planned"),
     ("وتسعى الخلية إلى تفجير مقر الوزارة.", "planned"),
     ("ودعا البيان إلى اغتيال القاضي.", "planned"),
     ("وأغلق الجسر بسبب الاشتباه بوجود عبوة ناسفة تحته.", "accused"),
     ("واعتقلت الشرطة شابين على خلفية قتل حارس المصنع.", "background"),
     ("وروى الكاتب قصة خطف طفل في القرية.", "mentioned")])
def test_a_foiled_sought_suspected_or_claimed_happening_is_not_reported(body: str, why: str) -> None:
    assert _assaults(_analysed(body)) == ([], [why])


@pytest.mark.parametrize(
    ("body", "why"),
    [("واختطف مسلحون الصحافي العام الماضي في بغداد.", "historical"),
     ("وفي الثمانينات فجر مسلحون مقر السفارة.", "historical"),
     ("وقال الخبراء إن المسلحين قد يشنون هجمات على الحدود.", "hypothetical"),
     ("وكان مسلحون قد خطفوا المهندس قرب منزله.", "background"),
     ("وكان من الممكن أن يقتل الحارس في الحادث.", "hypothetical")])
def test_a_past_year_the_past_perfect_and_may_are_not_a_report(body: str, why: str) -> None:
    assert _assaults(_analysed(body)) == ([], [why])


def test_qad_with_a_perfect_and_last_week_stay_reported() -> None:
    for body in ("وقد قتل مسلحون ثلاثة حراس أمس في السوق.",
                 "واختطف مسلحون الصحافي الأسبوع الماضي في بغداد."):
        assert _assaults(_analysed(body))[0] == ["reported"], body


@pytest.mark.parametrize(
    "body",
    ["وقالت العصابة إنها ستقتل الرهينة إذا لم تدفع الفدية.",
     "وعرض التاجر مكافأة لمن يقتل الذئب الذي هاجم القطيع."])
def test_a_threat_with_a_condition_and_whoever_would_do_it_are_hypothetical(body: str) -> None:
    events, mentions = _assaults(_analysed(body))
    assert events == [] and "hypothetical" in mentions, body


def test_a_future_without_a_condition_stays_reported() -> None:
    assert _assaults(_analysed("وقال القائد إن الجيش سيقصف مواقع المسلحين في الجبل غدا."))[0] == ["reported"]


def test_a_graded_verbal_attack_is_criticism_whatever_the_sentence_holds() -> None:
    a = _analysed("وشن رئيس الحزب هجوما حادا على الحكومة بعد مقتل ثلاثة متظاهرين في المدينة.")
    assert [e.mode for e in a.events + a.event_mentions if e.type == "ACCUSE"] == ["criticize"]
    assert not [e for e in a.events if e.type == "ASSAULT" and e.trigger.text.endswith("هجوما")]
    b = _analysed("وشنت القوات الحكومية هجوما شديدا على مواقع المتمردين في الجبل أمس.")
    assert [e.type for e in b.events] == ["ASSAULT"]
    c = _analysed("وشن الوزير هجوما شديدا على الصحافة في مؤتمر أمس.")
    assert [e.type for e in c.events] == ["ACCUSE"]


@pytest.mark.parametrize("body", ["وقتل القيادي اليوم بعد هجوم كاسح للمقاومة الشعبية في المدينة.",
                                  "وشنت المقاومة هجوما كاسحا على مواقع المتمردين في الجبل أمس."])
def test_a_sweeping_offensive_is_an_attack_not_criticism(body: str) -> None:
    a = _analysed(body)
    assert "ASSAULT" in [e.type for e in a.events + a.event_mentions if e.trigger.text.startswith("هجوم")], body
    assert "ACCUSE" not in [e.type for e in a.events + a.event_mentions], body


@pytest.mark.parametrize(
    "body",
    ["وعرضت الشركة طائرة فجر-3 في المعرض.",
     "وفجر الكاتب مفاجأة في كتابه الجديد.",
     "ووصل القطار بين الثالثة والرابعة فجرا إلى المحطة.",
     "وغادر الصيادون مع مطلع فجر الجمعة."])
def test_dawn_a_name_and_an_abstract_object_are_not_blowing_up(body: str) -> None:
    a = _analysed(body)
    assert not [e for e in a.events + a.event_mentions if e.type == "ASSAULT"], body


def test_a_verb_that_is_also_a_verbal_noun_after_amaliya_is_the_noun() -> None:
    assert _assaults(_analysed("وشارك الرجل في عملية خطف الطيار الأجنبي.")) == ([], ["mentioned"])


def test_a_device_after_an_attack_noun_is_its_means_and_alone_is_an_event() -> None:
    assert _assaults(_analysed("وهذا سابع هجوم بسيارة مفخخة تشهده المدينة.")) == ([], ["generic"])
    assert _assaults(_analysed("وانفجرت سيارة مفخخة قرب السوق أمس.")) == (["reported"], [])


def test_settlers_are_israeli_unless_a_nisba_says_otherwise() -> None:
    a = _analysed("وهاجم مستوطنون مزارعين قرب نابلس أمس.")
    assert [(e.type, e.actor.country if e.actor else None) for e in a.events] == [("ASSAULT", "ISR")]


def test_the_people_counted_before_a_partitive_min_are_the_subject() -> None:
    a = _analysed("وقالت الشرطة إن العشرات من المستوطنين هاجموا قرية قرب نابلس أمس.")
    assert [(e.actor.text, e.actor.country) for e in a.events if e.type == "ASSAULT" and e.actor] == [
        ("المستوطنين", "ISR")]


@pytest.mark.parametrize("body", ["وقتل ثلاثة جنود أميركيين في انفجار عبوة ناسفة قرب بغداد أمس.",
                                  "وقُتل الجنود في هجوم على المعسكر أمس."])
def test_a_passive_kill_makes_its_subject_the_target_not_the_actor(body: str) -> None:
    a = _analysed(body)
    kills = [e for e in a.events if e.type == "ASSAULT" and "قتل" in e.trigger.text.replace("\u064f", "")]
    assert kills and all(e.actor is None or e.actor.sector != "military" for e in kills), body


def test_an_attacker_named_before_the_count_stays_the_actor() -> None:
    a = _analysed("وقتل مسلحون ثلاثة جنود في هجوم قرب بغداد أمس.")
    assert next(e.actor.text for e in a.events if e.type == "ASSAULT" and e.actor) == "مسلحون"


def test_heroes_are_not_defusing_and_a_defusing_verb_reaches_past_its_subject() -> None:
    assert _assaults(_analysed("ورفع الأبطال الأعلام بعد قتل المسلحين الثلاثة في الاشتباك أمس."))[1] != ["planned"]
    assert _assaults(_analysed("وفككت قوات الأمن الجزائرية أمس سيارة مفخخة قرب السفارة.")) == ([], ["planned"])


@pytest.mark.parametrize(("body", "mode"), [("واعتدى أفراد من الشرطة على المصلين في المسجد أمس.", "attack"),
                                            ("وأطلق مسلح عدة أعيرة نارية على حافلة في المدينة أمس.", "firearms")])
def test_assaulting_and_firing_rounds_are_assault(body: str, mode: str) -> None:
    a = _analysed(body)
    assert [(e.type, e.mode) for e in a.events] == [("ASSAULT", mode)], body
