"""The web app reads an uploaded or posted input the way every command reads a file
(issue 12: the input hardening and the web hardening were built apart; these pin
that they meet): the same decoding, the same warnings, the same record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_corpus import form_token

from rasd.article import to_dict
from rasd.ingest.sources import WorkItem, iter_items
from rasd.web.app import create_app
from rasd.work import article_of

SENTENCE = "قال وزير الخارجية العراقي اليوم إن بغداد ستستضيف اجتماعا لوزراء الخارجية العرب."
#: A page that declares ISO-8859-6 and is written in it: not UTF-8, not Windows-1256.
ISO_PAGE = ('<html><head><meta charset="iso-8859-6"><title>اجتماع في بغداد</title></head>'
            f"<body><article><h1>اجتماع في بغداد</h1><p>{SENTENCE}</p><p>{SENTENCE}</p></article></body></html>"
            ).encode("iso-8859-6")
#: Three lines of UTF-8 then three of Windows-1256, as a file pasted together from two sources.
MIXED = ("خبر من بغداد عن اجتماع الوزراء\n" * 3).encode() + ("خبر من عمان عن زيارة الملك\n" * 3).encode("cp1256")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "web.db"), raise_server_exceptions=False) as c:
        yield c


def _cli_record(path: Path) -> dict:  # type: ignore[type-arg]
    """The record ``rasd analyze PATH`` prints, through the step every command shares."""
    items = list(iter_items([str(path)]))
    assert len(items) == 1 and isinstance(items[0], WorkItem), items
    return to_dict(article_of(items[0]))


@pytest.mark.parametrize(("name", "data", "ctype"), [("page.html", ISO_PAGE, "text/html"),
                                                      ("mixed.txt", MIXED, "text/plain")])
def test_a_posted_body_gives_the_record_the_cli_gives_for_the_file(client: TestClient, tmp_path: Path, name: str,
                                                                   data: bytes, ctype: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    cli = _cli_record(path)
    r = client.post("/api/analyze", content=data, headers={"content-type": ctype})
    assert r.status_code == 200, r.text
    web = r.json()
    assert web["text"] == cli["text"] and web["warnings"] == cli["warnings"]
    assert web["entities"] == cli["entities"]
    if name == "page.html":  # read in its declared charset, not as mojibake
        assert SENTENCE in web["text"] and not web["warnings"]
    else:  # each line in its own encoding, and the record says the file was mixed
        assert "خبر من عمان" in web["text"] and "\ufffd" not in web["text"]
        assert web["warnings"] == ["mixed encodings, decoded line by line: 3 lines UTF-8, 3 lines Windows-1256"]


def test_an_uploaded_mixed_encoding_file_is_stored_with_its_warning(client: TestClient) -> None:
    r = client.post("/analyze", data=form_token(client), files={"file": ("mixed.txt", MIXED, "text/plain")},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    stored = client.get("/api/" + r.headers["location"].lstrip("/")).json()
    assert "خبر من عمان" in stored["text"]
    assert any(w.startswith("mixed encodings") for w in stored["warnings"])
