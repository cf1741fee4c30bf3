"""Near-duplicates (MinHash LSH) and story clusters."""

from __future__ import annotations

import json
from pathlib import Path

from rasd.article import Article, Source
from rasd.cli import main
from rasd.store import open_store
from rasd.store.dedup import jaccard, near_duplicate_groups, unpack
from rasd.store.rows import minhash
from rasd.store.stories import StoryInput, cluster_stories

WIRE = ("أعلنت وزارة الداخلية السعودية اليوم القبض على خلية إرهابية مكونة من ستة أشخاص في مدينة الرياض "
        "وضبط أسلحة ومتفجرات كانت معدة لاستهداف مواقع أمنية. وقال المتحدث الأمني باسم الوزارة إن التحقيقات "
        "ما زالت جارية لكشف ارتباطات الخلية بتنظيمات خارجية، مؤكدا أن الأجهزة الأمنية تتابع الموقف عن كثب "
        "وأن المواطنين مدعوون للإبلاغ عن أي نشاط مشبوه عبر الأرقام المخصصة لذلك.")
FLOOD = ("هطلت أمطار غزيرة على محافظة جدة صباح اليوم مما أدى إلى جريان السيول في عدد من الأحياء الشرقية "
         "وإغلاق بعض الطرق الرئيسية. ودعا الدفاع المدني السكان إلى الابتعاد عن مجاري الأودية وعدم المجازفة "
         "بعبور السيول، فيما أعلنت إدارة التعليم تعليق الدراسة في المدارس يوم غد.")
FOOTBALL = ("فاز المنتخب السعودي لكرة القدم على نظيره الياباني بهدفين مقابل هدف في المباراة الودية التي "
            "أقيمت مساء أمس على استاد الملك فهد الدولي بالرياض، وسجل هدفي الأخضر المهاجم محمد السهلاوي.")


def art(text: str, outlet: str, day: str, title: str) -> Article:
    return Article.from_text(f"{title}\n\n{text}\n", Source(outlet=outlet, date=day, title=title))


def background() -> list[Article]:
    """The bundled Wikinews articles: unrelated news that gives the term weights a real corpus."""
    folder = Path(__file__).resolve().parents[1] / "src/rasd/examples/articles"
    return [Article.from_text(p.read_text(encoding="utf-8"), Source(outlet="wikinews", date="2014-01-01"))
            for p in sorted(folder.glob("ar_wikinews_*.txt"))]


def corpus() -> list[Article]:
    return [
        art(WIRE, "sabq", "2015-07-21", "القبض على خلية إرهابية في الرياض"),
        art(WIRE.replace("اليوم", "الاثنين"), "okaz", "2015-07-21", "الداخلية: ضبط خلية إرهابية"),  # wire copy
        art(WIRE + " وكانت الوزارة قد أعلنت الشهر الماضي عن عملية مماثلة.", "alriyadh", "2015-07-22",
            "خلية إرهابية في قبضة الأمن"),
        art("تواصلت التحقيقات مع أفراد الخلية الإرهابية التي ضبطت في الرياض، وكشفت وزارة الداخلية السعودية "
            "أن الخلية كانت تخطط لاستهداف مواقع أمنية بالمتفجرات.", "aawsat", "2015-07-23",
            "الداخلية السعودية: الخلية الإرهابية خططت لاستهداف مواقع أمنية"),  # same story, new text
        art(FLOOD, "almadina", "2015-07-21", "سيول في جدة"),
        art(FOOTBALL, "arreyadi", "2015-07-22", "الأخضر يفوز على اليابان"),
    ]


def test_dedup_minhash_estimates_jaccard() -> None:
    a, b, c = (unpack(minhash(t)) for t in (WIRE, WIRE.replace("اليوم", "الاثنين"), FLOOD))
    assert jaccard(a, b) > 0.7
    assert jaccard(a, c) < 0.1


def test_dedup_groups_wire_copies_only() -> None:
    texts = [WIRE, WIRE.replace("اليوم", "الاثنين"), FLOOD, FOOTBALL, FLOOD + " والله أعلم."]
    groups = near_duplicate_groups((i, minhash(t)) for i, t in enumerate(texts))
    assert groups == {0: 0, 1: 0, 2: 2, 4: 2}


def test_stories_group_an_event_across_outlets_and_days(tmp_path: Path) -> None:
    s = open_store(tmp_path / "d.db")
    arts = corpus()
    s.add_articles(arts + background())
    counts = s.refresh_clusters()
    assert counts["duplicate_groups"] == 1
    dup = s.duplicate_groups()
    assert sorted(map(len, dup)) == [3] and set(dup[0]) == {a.id for a in arts[:3]}
    stories = [x for x in s.stories(min_size=2) if "wikinews" not in x["outlets"]]
    assert len(stories) == 1
    st = stories[0]
    assert set(st["articles"]) == {a.id for a in arts[:4]}
    assert (st["size"], st["first_date"], st["last_date"]) == (4, "2015-07-21", "2015-07-23")
    assert set(st["outlets"]) == {"sabq", "okaz", "alriyadh", "aawsat"}
    assert st["headline"] in {a.source.title for a in arts[:4]}
    assert s.get_article(arts[4].id)["store"]["duplicate_group"] is None
    s.close()


def test_stories_respect_the_time_window() -> None:
    terms = ["خليه", "ارهابيه", "رياض", "داخليه", "متفجرات"]
    items = [StoryInput(1, "2015-07-01", terms), StoryInput(2, "2015-07-02", terms),
             StoryInput(3, "2015-07-20", terms)] + [StoryInput(10 + i, "2015-07-02", [f"w{i}", f"x{i}"])
                                                    for i in range(40)]
    out = cluster_stories(items)
    assert out[1][0] == out[2][0] == 1 and out[3][0] == 3


def test_stories_cli_lists_clusters(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "d.db"
    with open_store(db) as s:
        s.add_articles(corpus() + background())
    assert main(["stories", "--db", str(db), "--refresh", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["size"] == 4
    assert main(["stories", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "4 articles" in out and "2015-07-21 → 2015-07-23" in out
    assert main(["stories", "--db", str(db), "--duplicates"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 near-duplicates:\n")
    assert "2015-07-21  القبض على خلية إرهابية في الرياض" in out and "الداخلية: ضبط خلية إرهابية" in out


def test_stories_cli_says_why_it_lists_none(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "d.db")
    assert main(["stories", "--db", db]) == 0
    assert capsys.readouterr().out.startswith(f"no articles in {db} yet")
    with open_store(db) as s:
        s.add_articles(corpus()[4:])  # flood and football: two unrelated articles
    assert main(["stories", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "no story of 2 or more articles among the 2" in out and "--min-size 1" in out
    assert main(["stories", "--db", db, "--min-size", "1"]) == 0
    assert "سيول في جدة" in capsys.readouterr().out
    assert main(["stories", "--db", db, "--duplicates"]) == 0
    assert capsys.readouterr().out == f"no near-duplicates among the 2 articles in {db}\n"


def test_ingest_counts_stories_as_rasd_stories_lists_them(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "news"
    folder.mkdir()
    for i, a in enumerate(corpus()):
        (folder / f"{i}.txt").write_text(a.text, encoding="utf-8")
    db = str(tmp_path / "d.db")
    assert main(["ingest", "--db", db, "--no-progress", str(folder)]) == 0
    out = capsys.readouterr().out
    assert main(["stories", "--db", db, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert f"{len(listed)} stor" in out and "of 2 or more articles" in out
    alone = 6 - sum(st["size"] for st in listed)
    assert f"({alone} articles stand alone)" in out
