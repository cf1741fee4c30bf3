"""The NER model, its numpy CRF, and ``rasd ner`` over CoNLL."""

from __future__ import annotations

import io
from pathlib import Path

import pycrfsuite
import pytest

from rasd.cli import main
from rasd.ner import conll
from rasd.ner.bio import chunks
from rasd.ner.crf import from_crfsuite_info, load_model
from rasd.ner.document import _token_key
from rasd.ner.features import sentence_features, stem_key, word_features
from rasd.ner.tagger import tag_document, tag_sentence

VALID = {"O"} | {f"{p}-{lab}" for p in "BI" for lab in ("PER", "ORG", "GPE", "LOC", "MISC")}


def test_chunks_read_bio_like_conlleval():
    assert chunks(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-PER"]) == [
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "PER")]
    assert chunks([]) == []
    assert chunks(["O", "O"]) == []
    assert chunks(["O", "B-ORG", "I-ORG"]) == [(1, 3, "ORG")]  # a chunk that runs to the end
    assert chunks(["I-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]


def test_features_see_clitic_split_stem_and_neighbours():
    feats = sentence_features(["وبالعراق", "اليوم"], ["B-GPE", "O"])
    assert "0s=العراق" in feats[0]  # stem without و ب, article kept (normalised)
    assert "0pc=وب" in feats[0]
    assert "1s=اليوم" in feats[0] and "-1s=العراق" in feats[1]
    assert "0g=B-GPE" in feats[0] and "-1g=B-GPE" in feats[1]
    assert "-1x=<s>" in feats[0]  # sentence start


def test_trigger_words_are_features_of_the_following_name():
    assert "0t=TITLE" in word_features("الرئيس")[2]
    assert "-1t=ORG" in sentence_features(["وزارة", "الخارجية"], ["O", "O"])[1]


def test_numpy_crf_agrees_with_crfsuite(tmp_path: Path):
    """Exported weights + our Viterbi give crfsuite's own labels."""
    train = [(["قال", "الرئيس", "باراك", "أوباما", "في", "واشنطن"], ["O", "O", "B-PER", "I-PER", "O", "B-LOC"]),
             (["زار", "وزير", "الخارجية", "القاهرة"], ["O", "O", "O", "B-LOC"]),
             (["أعلنت", "شركة", "تويوتا", "أمس"], ["O", "O", "B-ORG", "O"])] * 3
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in train:
        trainer.append(sentence_features(words, ["O"] * len(words)), tags)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 30})
    path = str(tmp_path / "m.crfsuite")
    trainer.train(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    model = from_crfsuite_info(tagger.info())
    buf = tmp_path / "m.npz"
    model.save(buf)
    loaded = load_model(buf.read_bytes())
    for words in (["قال", "الرئيس", "جورج", "بوش", "في", "القاهرة"], ["أعلنت", "شركة", "نيسان"]):
        gaz = ["O"] * len(words)
        assert loaded.tag(words, gaz) == tagger.tag(sentence_features(words, gaz))


def test_committed_model_tags_names():
    tags = tag_sentence(["وقال", "الرئيس", "الأمريكي", "جورج", "بوش", "في", "واشنطن", "إن", "وزارة",
                         "الخارجية", "الأمريكية", "تتابع", "الوضع", "."])
    found = {(s, e, lab) for s, e, lab in chunks(tags)}
    assert (3, 5, "PER") in found
    assert any(s == 6 and lab == "LOC" for s, _, lab in found)


def test_tag_document_keeps_sentence_shapes():
    sents = [["ذهب", "محمد", "إلى", "بغداد"], [], ["."]]
    out = tag_document(sents)
    assert [len(t) for t in out] == [4, 0, 1]


def test_conll_reader_takes_bare_or_tagged_tokens():
    text = "باراك B-PERS\nأوباما\n\nفي O\nواشنطن B-LOC\n"
    assert conll.read_conll(text) == [["باراك", "أوباما"], ["في", "واشنطن"]]
    assert conll.write_conll([["a", "b"]], [["O", "B-PER"]]) == "a O\nb B-PER\n\n"


def test_rasd_ner_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    src = tmp_path / "in.conll"
    src.write_text("وقال O\nالرئيس O\nجورج B-PERS\nبوش I-PERS\nفي\nواشنطن\n:-)\n\n"
                   "زار O\nوزير O\nالخارجية O\nالقاهرة B-LOC\n2006\n", encoding="utf-8")
    out = tmp_path / "out.conll"
    assert main(["ner", "--conll", str(src), "--output", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").split("\n")
    toks = [ln.split(" ")[0] for ln in lines if ln]
    assert toks == ["وقال", "الرئيس", "جورج", "بوش", "في", "واشنطن", ":-)",
                    "زار", "وزير", "الخارجية", "القاهرة", "2006"]
    assert lines[7] == ""  # sentence break kept
    tags = [ln.split(" ")[1] for ln in lines if ln]
    assert set(tags) <= VALID
    assert tags[2:4] == ["B-PER", "I-PER"]
    assert tags[5] == "B-GPE"  # the gazetteer knows Washington as a city


def test_rasd_ner_missing_input_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["ner", "--conll", str(tmp_path / "nope.conll")]) == 2
    assert "nope.conll: no such file" in capsys.readouterr().err


def test_rasd_ner_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    monkeypatch.setattr("sys.stdin", io.StringIO("في\nلبنان\n"))
    assert main(["ner", "--conll", "-"]) == 0
    assert capsys.readouterr().out.startswith("في O\nلبنان B-GPE\n")


def test_second_pass_plumbing_gives_labels_per_sentence():
    """With a second model that ignores document features, two passes equal one."""
    from rasd.ner.tagger import models, tag_document_with

    first, _ = models()
    sents = [["قال", "الرئيس", "جورج", "بوش", "في", "واشنطن"], ["وصل", "بوش", "إلى", "القاهرة"]]
    assert tag_document_with(first, first, sents) == tag_document_with(first, None, sents)


def test_names_spread_to_their_other_occurrences():
    from rasd.ner.combine import Chunk
    from rasd.ner.document import propagate

    sents = [["قال", "الوزير", "فلان", "الزهراني", "إن"], ["وأضاف", "والزهراني", "أن", "الوضع", "صعب"],
             ["زار", "الوزير", "مدينة", "الحويجة", "ثم", "الحويجة"], ["في", "الحويجة", "و", "فلان"]]
    found = [[Chunk(2, 4, "PER")], [], [Chunk(3, 4, "GPE")], []]
    out = propagate(sents, found)
    assert [(c.start, c.end, c.label) for c in out[1]] == [(1, 2, "PER")]  # surname, proclitic and all
    assert [(c.start, c.end) for c in out[2]] == [(3, 4), (5, 6)]
    assert [(c.start, c.end, c.label) for c in out[3]] == [(1, 2, "GPE")]  # a lone given name is not spread
    assert propagate(sents, found, window=0)[3] == []  # outside the window


def test_quote_features_name_the_word_before_the_quotation():
    from rasd.ner.features import joint_features

    feats = joint_features(["قدم", "برنامج", "«", "حبيب", "الملايين", "»", "و", "'", "'", "يونيفل", "'", "'"])
    assert {"Q", "Qh=برنامج", "Qb"} <= set(feats[3]) and "Qe" in feats[4]
    assert "Q" not in feats[1] and "Q" not in feats[5]
    assert "Qb" in feats[9] and "Qe" in feats[9]  # ' ' ... ' ' as two tokens each


def test_memory_lexicon_keeps_names_tagged_most_of_the_time():
    from rasd.ner import memory

    sents = [(["فاز", "الأهلي", "على", "الزمالك"], ["O", "B-ORG", "O", "B-ORG"]),
             (["وقال", "المدرب", "للأهلي"], ["O", "O", "B-ORG"]),
             (["الأهلي", "يفوز"], ["B-ORG", "O"]),
             (["العربي", "فاز"], ["B-ORG", "O"]), (["الموقف", "العربي"], ["O", "O"]),
             (["الشارع", "العربي"], ["O", "O"])]
    lex = memory.build(sents)
    assert lex[("الاهلي",)] == "ORG"  # normalised stem: للأهلي counts too
    assert ("العربي",) not in lex  # a name in one of three occurrences
    assert memory.tags(["ضد", "بالأهلي", "اليوم"], lex) == ["O", "B-ORG", "O"]
    assert memory.features(["ضد", "بالأهلي"], lex) == [("1M=B-ORG",), ("0M=B-ORG",)]
    assert memory.loads(memory.dumps(lex)) == lex


def test_committed_memory_lexicon_is_read():
    from rasd.ner import memory

    assert len(memory.committed()) > 1000


def test_name_spelling_model_prefers_transliterated_names():
    from rasd.ner.namelm import name_score

    names = ["فابريغاس", "ناكامورا", "تياغو", "يوكانان"]
    words = ["اجتماع", "حكومه", "الخارجيه"[2:], "مستشفيات"]
    assert min(map(name_score, names)) > max(map(name_score, words))


def test_combine_keeps_an_organisation_named_after_a_place():
    from rasd.ner.combine import combine
    from rasd.resources import gazetteers as gaz

    assert gaz.lookup("برشلونة") is not None and gaz.lookup("برشلونة").label in ("GPE", "LOC")
    words = ["فاز", "برشلونة", "على", "ضيفه"]
    assert [(c.start, c.end, c.label) for c in combine(words, ["O", "B-ORG", "O", "O"])] == [(1, 2, "ORG")]
    assert [(c.start, c.end, c.label) for c in combine(words, ["O", "B-PER", "O", "O"])] == [(1, 2, "GPE")]


def test_touching_person_chunks_join_unless_a_conjunction_starts_the_second():
    from rasd.ner.combine import Chunk, join_person_runs

    words = ["الفريق", "عبدالرحيم", "محمد", "حسين", "وعمر", "البشير"]
    found = [Chunk(1, 2, "PER"), Chunk(2, 4, "PER"), Chunk(4, 6, "PER")]
    joined = join_person_runs(words, found)
    assert [(c.start, c.end) for c in joined] == [(1, 4), (4, 6)]
    # a place next to a person stays apart
    assert len(join_person_runs(words, [Chunk(1, 2, "PER"), Chunk(2, 4, "LOC")])) == 2


def test_person_chunk_widens_to_the_known_full_name_around_it():
    from rasd.ner.combine import combine

    words = ["وقال", "بان", "كي", "مون", "أمس"]
    for gazetteer in (False, True):
        found = combine(words, ["O", "O", "B-PER", "I-PER", "O"], gazetteer=gazetteer)
        assert [(c.start, c.end, c.label) for c in found] == [(1, 4, "PER")]
    # nor over a name the model found beside it
    found = combine(words, ["O", "B-LOC", "B-PER", "I-PER", "O"], gazetteer=False)
    assert [(c.start, c.end, c.label) for c in found] == [(1, 2, "LOC"), (2, 4, "PER")]
    # a place the model found inside a longer person name is not turned into the person
    found = combine(["وصل", "محمد", "صديق", "أمس"], ["O", "B-LOC", "O", "O"], gazetteer=False)
    assert [(c.start, c.end) for c in found] == [(1, 2)]


def test_person_name_never_ends_on_a_linking_word():
    from rasd.ner.combine import combine, linked_end

    words = ["الشيخ", "محمد", "بن", "راشد", "آل", "مكتوم", "نائب"]
    assert linked_end(words, 1, 5) == 6
    assert linked_end(words, 1, 4) == 4  # ends on a name part: unchanged
    assert linked_end(words, 1, 5, {5}) == 5  # the next word opens a name of its own
    assert linked_end(["نبيل", "عبد", "،"], 0, 2) == 2  # punctuation is no name part
    tags = ["O", "B-PER", "I-PER", "I-PER", "I-PER", "O", "O"]
    assert [(c.start, c.end) for c in combine(words, tags, gazetteer=False)] == [(1, 6)]


def test_person_chunk_drops_a_trailing_accusative_noun():
    from rasd.ner.combine import accusative_noun, combine

    assert accusative_noun("برنامجا") and not accusative_noun("مصطفى") and not accusative_noun("سوريا")
    words = ["وقدم", "عزت", "أبو", "عوف", "برنامجا", "جديدا"]
    tags = ["O", "B-PER", "I-PER", "I-PER", "I-PER", "O"]
    found = combine(words, tags, gazetteer=False)
    assert [(c.start, c.end, c.label) for c in found] == [(1, 4, "PER")]


def test_a_given_name_behind_a_conjunction_is_found_and_kept_out_of_the_span():
    from rasd.resources import gazetteers as gaz

    assert gaz.conjunction_name("وغادة") == "غاده" and gaz.name_offset("وغادة") == 1
    assert gaz.conjunction_name("وليد") is None  # a name itself
    assert gaz.conjunction_name("فعلا") is None  # a word seen whole
    (hit,) = gaz.match_tokens(["وغادة", "عادل"])
    assert hit[2].canonical == "غادة عادل" and hit[2].en
    # a name matched as written keeps its first letter (بان is not ب + ان here)
    assert gaz.lookup("بان كي مون") is not None and gaz.lookup("بان كي مون").canonical == "بان كي مون"


def test_person_span_is_cut_before_a_conjunction():
    from rasd.ner.combine import combine

    words = ["غادة", "عادل", "وياسمين", "عبد", "العزيز"]
    tags = ["B-PER", "I-PER", "I-PER", "I-PER", "I-PER"]
    assert [(c.start, c.end) for c in combine(words, tags, gazetteer=False)] == [(0, 2), (2, 5)]


def test_spreading_reads_a_first_word_by_its_stem_key():
    # propagate looks names up by stem_key (computed once per word type for the lexicon):
    # for a word that opens with a letter it must be the spreading key of a first word
    for w in ("وبالعراق", "للحكومة", "الكاظمي", "ومحمد", "Reuters", "بـالرياض", "كي"):
        assert stem_key(w) == _token_key(w, True), w
