"""Speakers: names, roles, groups, states, short forms and continuations."""

from __future__ import annotations

from quote_support import by_content, run

T = "عنوان الخبر\n\n"


def test_quotes_speaker_from_role_linked_to_the_person_named_elsewhere() -> None:
    a = run(T + "قال المتحدث باسم وزارة الداخلية خالد العلي إن الطرق آمنة.\n\n"
            "وأكد المتحدث باسم وزارة الداخلية أن الدوريات منتشرة.\n", {"e1": "خالد العلي"})
    q = by_content(a, "الدوريات")
    assert q.speaker_name == "خالد العلي" and q.resolution == "role"


def test_quotes_speaker_role_with_its_place_and_honorific_before_the_name() -> None:
    a = run(T + "وأوضح مدير المستشفى بالمنطقة الدكتور خالد العلي أن العمليات تجرى يوميا.\n", {"e1": "خالد العلي"})
    (q,) = a.quotes
    assert q.speaker_name == "خالد العلي" and q.content.text == "العمليات تجرى يوميا"


def test_quotes_speaker_name_after_an_honorific_that_ner_missed() -> None:
    a = run(T + "وقال المتحدث باسم الشرطة العقيد سعيد سرحان إن التحقيق مستمر.\n")
    (q,) = a.quotes
    assert q.speaker_name == "سعيد سرحان" and q.speaker_type == "PER"


def test_quotes_speaker_surname_is_a_short_form_of_the_full_name() -> None:
    a = run(T + "قال خالد العلي إن الموسم طويل.\n\nوأكد العلي أن اللاعبين جاهزون.\n", {"e1": "خالد العلي"})
    assert by_content(a, "اللاعبين").speaker_name == "خالد العلي"


def test_quotes_speaker_unnamed_source_short_form_links_to_the_fuller_one() -> None:
    a = run(T + "قال مصدر عسكري إن القوات تقدمت.\n\nوأكد المصدر أن الطريق مفتوح.\n")
    assert by_content(a, "الطريق").speaker_name == "مصدر عسكري"


def test_quotes_speaker_descriptor_links_to_the_person() -> None:
    a = run(T + "وقع الشاعر خالد العلي ديوانه الأول.\n\nوقال الشاعر إن الحضور كان كبيرا.\n", {"e1": "خالد العلي"})
    assert by_content(a, "الحضور").speaker_name == "خالد العلي"


def test_quotes_speaker_unnamed_group_kept_as_its_noun_phrase() -> None:
    a = run(T + "وقال مسؤولون أمريكيون إن المفاوضات ستستأنف.\n")
    (q,) = a.quotes
    assert (q.speaker_name, q.speaker_type, q.resolution) == ("مسؤولون أمريكيون", "GROUP", "group")


def test_quotes_speaker_partitive_group() -> None:
    a = run(T + "وانتقد عدد من المواطنين غياب الحدائق في الحي.\n")
    (q,) = a.quotes
    assert q.speaker_name == "عدد من المواطنين" and q.content.text == "غياب الحدائق في الحي"


def test_quotes_speaker_state_speaks_a_city_does_not() -> None:
    a = run(T + "وأعلنت السعودية أن الحدود مفتوحة.\n", {"g1": "السعودية"})
    assert a.quotes[0].speaker_name == "السعودية" and a.quotes[0].speaker_type == "GPE"
    b = run(T + "وقالت جدة إن الأمطار غزيرة.\n", {"g1": "جدة"})
    assert all(q.speaker_name != "جدة" for q in b.quotes)


def test_quotes_speaker_demonstrative_is_never_a_speaker() -> None:
    a = run(T + "وهذا يؤكد أن الخطة ناجحة.\n")
    assert a.quotes == ()


def test_quotes_speaker_before_an_auxiliary_verb() -> None:
    a = run(T + "وكانت وزارة الصحة قد أعلنت أن اللقاحات متوفرة.\n", {"o1": "وزارة الصحة"})
    (q,) = a.quotes
    assert q.speaker_name == "وزارة الصحة" and q.content.text == "اللقاحات متوفرة"


def test_quotes_speaker_of_a_relative_clause_is_its_antecedent() -> None:
    a = run(T + "وكان خالد العلي من اللاعبين الذين أعلنوا اعتزالهم هذا الموسم.\n", {"e1": "خالد العلي"})
    (q,) = a.quotes
    assert q.speaker_name == "اللاعبين" and q.content.text == "اعتزالهم هذا الموسم"


def test_quotes_speaker_continuation_across_paragraphs() -> None:
    a = run(T + "قال خالد العلي إن الطقس سيتحسن.\n\nجاء ذلك خلال ندوة عقدت أمس.\n\nوأضاف أن الأمطار ستتوقف.\n",
            {"e1": "خالد العلي"})
    q = by_content(a, "الأمطار")
    assert q.speaker_name == "خالد العلي" and q.resolution == "continuation"


def test_quotes_speaker_passive_verb_has_no_speaker() -> None:
    a = run(T + "وقُدرت الخسائر بمليون ريال.\n")
    assert a.quotes == ()


def test_quotes_speaker_amma_fronted_subject() -> None:
    a = run(T + "أما خالد العلي فيقول إن العيد فرصة للقاء الأهل.\n", {"e1": "خالد العلي"})
    (q,) = a.quotes
    assert q.speaker_name == "خالد العلي" and q.content.text == "العيد فرصة للقاء الأهل"


def test_quotes_confidence_from_frame_and_speaker() -> None:
    a = run(T + "قال خالد العلي إن الموسم انتهى. وأعلن خالد العلي إطلاق البطولة الجديدة.\n", {"e1": "خالد العلي"})
    comp, obj = a.quotes
    assert comp.confidence is not None and obj.confidence is not None
    assert 0 < obj.confidence < comp.confidence <= 1


def test_quotes_speaker_person_noun_points_to_the_last_person_who_spoke() -> None:
    a = run(T + "وقال خالد العلي إن المفاوضات انتهت.\n\nوأكد اللاعب أنه سيوقع العقد غدا.\n", {"e1": "خالد العلي"})
    q = by_content(a, "سيوقع")
    assert q.speaker_name == "خالد العلي" and q.resolution == "continuation"


def test_quotes_speaker_gender_agreement_rules_out_the_object() -> None:
    a = run(T + "قال خالد العلي إن التسجيل بدأ. ودعا المتقدمات إلى مراجعة الإدارة قبل الموعد.\n",
            {"e1": "خالد العلي"})
    q = by_content(a, "المتقدمات إلى مراجعة")
    assert q.speaker_name == "خالد العلي"


def test_quotes_speaker_media_named_in_quotation_marks() -> None:
    a = run(T + 'وكشفت صحيفة "النهار" اللبنانية عن تفاصيل الاتفاق الجديد.\n')
    (q,) = a.quotes
    assert q.speaker_name == 'صحيفة "النهار" اللبنانية' and q.content.text == "تفاصيل الاتفاق الجديد"


def test_quotes_speaker_pronoun_subject_reports_inside_a_quotation() -> None:
    a = run(T + 'وقال خالد العلي: "جاء الوفد إلى الرياض. وهم يقولون إنهم مستعدون للحوار".\n', {"e1": "خالد العلي"})
    assert "مستعدون للحوار" in [q.content.text for q in a.quotes]


def test_quotes_speaker_name_after_a_quoted_work_title_and_an_honorific() -> None:
    a = run(T + "وأكد مخرج فيلم «رحلة الغروب» الفنان ناصر الراشد أن التصوير انتهى.\n", {"e1": "ناصر الراشد"})
    (q,) = a.quotes
    assert q.speaker_name == "ناصر الراشد" and q.content.text == "التصوير انتهى"


def test_quotes_speaker_name_after_a_long_complement_of_bodies_and_places() -> None:
    a = run(T + "وقال العضو في مجلس بلدية جازان في صبيا سعد الحازمي لـ«اليوم» إن الطريق جاهز.\n",
            {"e1": "سعد الحازمي", "o1": "مجلس بلدية جازان", "g1": "صبيا"})
    (q,) = a.quotes
    assert q.speaker_name == "سعد الحازمي" and q.speaker.entity == "e1"


def test_quotes_speaker_name_after_a_role_with_its_region_and_rank() -> None:
    a = run(T + "وأوضح مساعد مدير الشؤون الصحية بمحافظة القنفذة المهندس علي البارقي أن الأجهزة وصلت.\n",
            {"e1": "علي البارقي", "g1": "القنفذة"})
    (q,) = a.quotes
    assert q.speaker_name == "علي البارقي"


def test_quotes_speaker_a_name_in_the_genitive_of_the_complement_is_not_the_speaker() -> None:
    a = run(T + "وقال المتحدث باسم حملة المرشح سامي الحربي إن الأرقام مشجعة.\n", {"e1": "سامي الحربي"})
    (q,) = a.quotes
    assert q.speaker_name != "سامي الحربي"
    b = run(T + "وأعلن رئيس النادي التعاقد مع المدافع سامي الحربي.\n", {"e1": "سامي الحربي"})
    assert all(q.speaker_name != "سامي الحربي" for q in b.quotes)


def test_quotes_speaker_surname_in_quotation_marks_after_the_cue() -> None:
    a = run(T + "افتتح الدكتور ماجد الشهري المعرض.\n\nوقال «الشهري» إن الزوار كثيرون.\n", {"e1": "ماجد الشهري"})
    q = by_content(a, "الزوار")
    assert q.speaker_name == "ماجد الشهري" and q.speaker.text == "الشهري"


def test_quotes_speaker_bare_title_links_to_the_last_person_it_described() -> None:
    a = run(T + "قال الدكتور ماجد الشهري إن الدواء متوفر.\n\nوقال الدكتور سلمان القرني إن العيادة مفتوحة.\n\n"
            "وأوضح الدكتور أن المواعيد متاحة.\n", {"e1": "ماجد الشهري", "e2": "سلمان القرني"})
    assert by_content(a, "المواعيد").speaker_name == "سلمان القرني"


def test_quotes_speaker_title_head_named_by_apposition_links_later() -> None:
    a = run(T + "قال الكاتب سعد الدوسري إن الكتاب جاهز.\n\nوأكد منتج فيلم «رحلة الغروب» الفنان ناصر الراشد"
            " أن التصوير انتهى.\n\nوقال المنتج إن العرض الأول في جدة.\n", {"e1": "ناصر الراشد", "e2": "سعد الدوسري"})
    assert by_content(a, "العرض").speaker_name == "ناصر الراشد"


def test_quotes_attribution_by_a_relative_clause_with_a_resumptive_pronoun() -> None:
    a = run(T + "وبحسب ما أوردته هيئة الأرصاد، فإن الغبار سيخف مساء.\n", {"o1": "هيئة الأرصاد"})
    (q,) = a.quotes
    assert q.speaker_name == "هيئة الأرصاد" and q.speaker.text == "هيئة الأرصاد"
    b = run(T + "وفق ما أفاد به المتحدث باسم المرور العقيد فايز العتيبي، فإن الطريق أغلق.\n")
    assert b.quotes[0].speaker_name == "فايز العتيبي"


def test_quotes_attribution_transmitted_by_a_medium_is_the_inner_source() -> None:
    a = run(T + "وحسبما نقلت قناة الصباح عن مسؤولين محليين، فإن الجسر سيفتتح الشهر المقبل.\n", {"o1": "قناة الصباح"})
    (q,) = a.quotes
    assert q.speaker_name == "مسؤولين محليين" and q.content.text.startswith("الجسر")


def test_quotes_speaker_feminine_continuation_skips_the_man_who_spoke_last() -> None:
    a = run(T + "قالت الطبيبة منى الحربي إن الحالة مستقرة.\n\nوقال المدير سعد العنزي إن المستشفى جاهز.\n\n"
            "وأضافت أن الأدوية متوفرة.\n", {"e1": "منى الحربي", "e2": "سعد العنزي"})
    assert by_content(a, "الأدوية").speaker_name == "منى الحربي"
    assert by_content(a, "المستشفى").speaker_name == "سعد العنزي"


def test_quotes_speaker_feminine_continuation_is_the_woman_named_just_before() -> None:
    a = run(T + "زار الدار مديرها سعد العنزي بحضور المشرفة هند العتيبي.\n\nوقال العنزي إن الأطفال سعداء.\n\n"
            "واستمع الوفد إلى شرح من هند العتيبي وبينت أن المبنى حديث.\n", {"e1": "سعد العنزي", "e2": "هند العتيبي"})
    assert by_content(a, "المبنى").speaker_name == "هند العتيبي"


def test_quotes_speaker_plural_pronoun_points_at_the_plural_noun_before() -> None:
    a = run(T + "قال الوزير سعد العنزي إن الحجاج بخير.\n\nوتجمع المتظاهرون أمام المبنى وهم يقولون إنهم"
            " لن يغادروا.\n", {"e1": "سعد العنزي"})
    q = by_content(a, "لن يغادروا")
    assert q.speaker_name == "المتظاهرون" and q.speaker_type == "GROUP"


def test_quotes_speaker_continuation_keeps_the_last_speaker_over_a_person_only_mentioned() -> None:
    a = run(T + "قال الوزير سعد العنزي إن الحجاج بخير.\n\nواستقبل الأمير فهد الراشد الوفد في مكتبه.\n\n"
            "وأضاف أن الخدمات ممتازة.\n", {"e1": "سعد العنزي", "e2": "فهد الراشد"})
    assert by_content(a, "الخدمات").speaker_name == "سعد العنزي"


def test_quotes_speaker_said_after_a_sentence_about_a_new_person_is_that_person() -> None:
    a = run(T + "قال الوزير سعد العنزي إن الحجاج بخير.\n\nبدوره، يسعى الأمير فهد الراشد إلى تطوير المنطقة."
            " وقال عقب جولته إن المشاريع ستكتمل.\n", {"e1": "سعد العنزي", "e2": "فهد الراشد"})
    assert by_content(a, "المشاريع").speaker_name == "فهد الراشد"


def test_quotes_speaker_noun_phrase_followed_by_time_and_channel_before_the_content() -> None:
    a = run(T + "وذكرت الهيئة أمس في بيان نشرته «واس» أن الموسم ناجح.\n")
    (q,) = a.quotes
    assert q.speaker_name == "الهيئة" and q.content.text == "الموسم ناجح"


def test_quotes_speaker_informed_source_keeps_its_adjective_and_links_its_short_form() -> None:
    a = run(T + "كشف مصدر مطلع لـ«اليوم» أن العقد وقع.\n\nوأكد المصدر أن التنفيذ يبدأ غدا.\n")
    assert by_content(a, "العقد").speaker_name == "مصدر مطلع"
    assert by_content(a, "التنفيذ").speaker_name == "مصدر مطلع"


def test_quotes_speaker_title_with_its_region_then_the_name_after_a_light_verb() -> None:
    a = run(T + "وقدم مدير عام التعليم بمنطقة تبوك فيصل الشهري شكره للمعلمين.\n",
            {"e1": "فيصل الشهري", "g1": "تبوك"})
    (q,) = a.quotes
    assert q.speaker_name == "فيصل الشهري"


def test_quotes_speaker_name_after_a_second_title_of_a_thing_not_a_person() -> None:
    a = run(T + "وقال عضو هيئة التدريس بجامعة طيبة أستاذ الجيولوجيا الدكتور سعد الحربي إن الزلزال خفيف.\n",
            {"e1": "سعد الحربي", "o1": "جامعة طيبة"})
    (q,) = a.quotes
    assert q.speaker_name == "سعد الحربي"


def test_quotes_speaker_unnamed_source_noun_with_a_name_in_apposition_is_the_person() -> None:
    a = run(T + "وقال الخبير في شؤون المياه الدكتور ماجد القحطاني إن المخزون كاف.\n", {"e1": "ماجد القحطاني"})
    (q,) = a.quotes
    assert q.speaker_name == "ماجد القحطاني" and q.speaker_type == "PER" and q.speaker.entity == "e1"
    b = run(T + "وقالت الناشطة الحقوقية هند السالم إن القانون عادل.\n", {"e1": "هند السالم"})
    assert b.quotes[0].speaker.entity == "e1"


def test_quotes_speaker_bare_title_links_to_the_holder_named_with_commas_and_an_honorific() -> None:
    a = run(T + "التقى وزير الطاقة، الأمير سعود الفهد، نظيره الكويتي.\n\nوقال الوزير إن الأسواق مستقرة.\n",
            {"e1": "سعود الفهد"})
    assert by_content(a, "الأسواق").speaker_name == "سعود الفهد"


def test_quotes_speaker_title_head_with_another_adjective_links_to_the_holder() -> None:
    a = run(T + "أوضح المتحدث الرسمي لمرور المنطقة الشرقية المقدم علي الزهراني أن الطريق مغلق.\n\n"
            "وأضاف المتحدث المروري أن البديل متاح.\n", {"e1": "علي الزهراني"})
    assert by_content(a, "البديل").speaker_name == "علي الزهراني"


def test_quotes_speaker_a_name_after_a_companion_preposition_is_not_the_title_holder() -> None:
    a = run(T + "وقال اللاعب لبرنامج في الملعب مع الإعلامي الزميل سالم الدوسري: الفريق جاهز للمباراة.\n",
            {"e1": "سالم الدوسري"})
    assert all(q.speaker_name != "سالم الدوسري" for q in a.quotes)


def test_quotes_speaker_name_the_entity_stage_missed_after_a_descriptor_before_the_content() -> None:
    a = run(T + "وشرح لنا الطاهي ماركو أن الطبق إيطالي.\n")
    (q,) = a.quotes
    assert q.speaker_name == "ماركو" and q.speaker_type == "PER"
    for adverb in ("شخصيا", "ذاته", "هنا"):
        b = run(T + f"وأكد المسؤول {adverb} أن المشروع مهم.\n")
        assert b.quotes[0].speaker_name == "المسؤول"


def test_quotes_attribution_transmitted_with_a_resumptive_pronoun_is_the_inner_source() -> None:
    a = run(T + "وبحسب ما نقلته قناة الصباح عن مسؤولين محليين، فإن الجسر سيفتتح قريبا.\n", {"o1": "قناة الصباح"})
    (q,) = a.quotes
    assert q.speaker_name == "مسؤولين محليين"


def test_quotes_speaker_said_after_a_sentence_naming_a_person_late_keeps_the_last_speaker() -> None:
    a = run(T + "قال الوزير سعد العنزي إن الحجاج بخير. وشهد الحفل الذي أقيم في القاعة الكبرى بحضور الأمير"
            " فهد الراشد عروضا متنوعة. وقال إن الحفل ناجح.\n", {"e1": "سعد العنزي", "e2": "فهد الراشد"})
    assert by_content(a, "الحفل ناجح").speaker_name == "سعد العنزي"


def test_quotes_speaker_apposition_holds_when_a_name_before_was_drawn_too_long() -> None:
    # the entity stage may swallow the honorific into the body's name: the person still speaks
    a = run(T + "قال مدير جامعة الملك سعود الدكتور بدر العمر إن القبول بدأ.\n",
            {"o1": "جامعة الملك سعود الدكتور", "e1": "بدر العمر"})
    (q,) = a.quotes
    assert q.speaker_name == "بدر العمر"


def test_quotes_speaker_honorific_name_after_an_indefinite_title_is_its_genitive_not_the_speaker() -> None:
    a = run(T + "وقال مدير مكتب الأمير سلمان الفهد إن الزيارة ناجحة.\n", {"e1": "سلمان الفهد"})
    (q,) = a.quotes
    assert q.speaker_name != "سلمان الفهد"


def test_a_speaker_phrase_that_runs_to_the_end_of_the_text_fails_nothing() -> None:
    """Found by atheris: a title glued to a name at the very end of the text made the
    apposition check read past the last word (IndexError, the whole quotes stage lost)."""
    from rasd import analyze

    for text in ("أكد رئيس الوزراءسلمان", "قال وزير الخارجية", "وأضاف المتحدث الرسمي الدكتور"):
        art = analyze(text)
        assert art.warnings == (), (text, art.warnings)
