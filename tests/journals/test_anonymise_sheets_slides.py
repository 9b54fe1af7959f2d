"""Spreadsheets and slides (often supplementary files) lose their author properties too:
an XLSX written by openpyxl and a PPTX written by pandoc, each with the comment, people
and revision parts that Excel and PowerPoint add, and stay readable."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree
from openpyxl.comments import Comment

from sankofa.journals.anonymise import NEUTRAL_AUTHOR, handles, strip_author_properties
from tests.journals.anonymise_samples import (
    INITIALS,
    LAB,
    NAME,
    members,
    pandoc,
    pandoc_available,
    raw_forms,
    rezip,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
EMAIL = "ama@mensah-lab.example"
PERSONS = (
    '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
    f'<person displayName="{NAME}" id="{{5C1B3A70-0000-4000-8000-000000000001}}" '
    f'userId="{EMAIL}" providerId="AD"/></personList>'
)
USER_NAMES = (
    '<users xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
    f'<userInfo guid="{{5C1B3A70-0000-4000-8000-000000000002}}" name="{NAME}" id="1" '
    'dateTime="2026-01-01T00:00:00"/></users>'
)
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
COMMENT_AUTHORS = (
    f'<p:cmAuthorLst xmlns:p="{P}"><p:cmAuthor id="1" name="{NAME}" initials="{INITIALS}" '
    'lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
)
AUTHORS = (
    '<p188:authorLst xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main">'
    f'<p188:author id="{{5C1B3A70-0000-4000-8000-000000000003}}" name="{NAME}" '
    f'initials="{INITIALS}" userId="{EMAIL}" providerId="AD"/></p188:authorLst>'
)


def make_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Flows"
    sheet.append(["station", "flow (m3/s)"])
    sheet.append(["Akosombo", 1024.5])
    sheet["B2"].comment = Comment("checked against the gauge", NAME)
    book.properties.creator = NAME
    book.properties.lastModifiedBy = NAME
    out = io.BytesIO()
    book.save(out)
    return rezip(
        out.getvalue(),
        {"docProps/app.xml": lambda c: c.replace(b"</Properties>", _company())},
    )


def _company() -> bytes:
    return f"<Company>{LAB}</Company><Manager>{NAME}</Manager></Properties>".encode()


def with_parts(data: bytes, parts: dict[str, str]) -> bytes:
    """`data` with the parts Excel or PowerPoint would add (openpyxl and pandoc do not)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        for name, text in parts.items():
            target.writestr(name, text)
    return out.getvalue()


def nowhere(data: bytes, *texts: str) -> None:
    for name, content in members(data).items():
        for text in texts:
            for form in raw_forms(text):
                assert form not in content, f"{text!r} left in {name}"


def test_a_spreadsheet_loses_its_people_and_keeps_its_cells() -> None:
    original = with_parts(
        make_xlsx(), {"xl/persons/person.xml": PERSONS, "xl/revisions/userNames.xml": USER_NAMES}
    )
    found = members(original)
    assert NAME.encode() in found["docProps/core.xml"] and LAB.encode() in found["docProps/app.xml"]
    assert any(NAME.encode() in c for n, c in found.items() if n.startswith("xl/comments"))
    stripped = strip_author_properties(original, "application/octet-stream", "flows.xlsx")
    assert stripped is not None
    nowhere(stripped, NAME, LAB, EMAIL)
    book = openpyxl.load_workbook(io.BytesIO(stripped))
    sheet = book["Flows"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["station", "flow (m3/s)"],
        ["Akosombo", 1024.5],
    ]
    comment = sheet["B2"].comment
    assert comment is not None and comment.author == NEUTRAL_AUTHOR
    assert comment.text == "checked against the gauge"
    person = etree.fromstring(members(stripped)["xl/persons/person.xml"])[0]
    assert (person.get("displayName"), person.get("userId")) == (NEUTRAL_AUTHOR, "")


def test_slides_lose_their_comment_authors_and_keep_their_text(tmp_path: Path) -> None:
    pandoc_available()
    data = pandoc(
        "# Rivers\n\nThe delta grows.\n\n# Methods\n\nWe measured the flow.\n",
        tmp_path / "talk.pptx",
        "-M",
        "title=Rivers",
        "-M",
        f"author={NAME}",
    )
    original = with_parts(
        data, {"ppt/commentAuthors.xml": COMMENT_AUTHORS, "ppt/authors.xml": AUTHORS}
    )
    assert NAME.encode() in members(original)["docProps/core.xml"]
    stripped = strip_author_properties(original, PPTX_TYPE, "talk.pptx")
    assert stripped is not None
    parts = members(stripped)
    for name, content in parts.items():
        if name.endswith(".xml"):
            etree.fromstring(content)
    (legacy,) = etree.fromstring(parts["ppt/commentAuthors.xml"])
    assert (legacy.get("name"), legacy.get("initials")) == (NEUTRAL_AUTHOR, "A")
    slides = b"".join(c for n, c in parts.items() if n.startswith("ppt/slides/slide"))
    assert b"The delta grows." in slides and b"We measured the flow." in slides
    # pandoc puts the author on the title slide: visible text, the author's own business
    nowhere(_without_slides(stripped), NAME, EMAIL, f'"{INITIALS}"')


def _without_slides(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if not info.filename.startswith("ppt/slides/"):
                target.writestr(info, source.read(info))
    return out.getvalue()


@pytest.mark.parametrize("name", ["flows.xlsx", "flows.xlsm", "talk.pptx", "talk.pptm"])
def test_the_kind_comes_from_the_name_when_the_type_says_nothing(name: str) -> None:
    assert handles("application/octet-stream", name) and handles(XLSX_TYPE, "x")
    assert handles(PPTX_TYPE, "x") and not handles("application/octet-stream", "flows.csv")
    assert strip_author_properties(b"not a zip", "application/octet-stream", name) is None
