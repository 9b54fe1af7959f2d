"""SVG badges: well-formed, script-free, accessible, sized from the text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from sankofa.core.formats import badge

SVG = "{http://www.w3.org/2000/svg}"


def parse(text: str) -> ET.Element:
    try:
        from lxml import etree

        etree.fromstring(text.encode())  # the stricter parser also accepts it
    except ImportError:
        pass
    return ET.fromstring(text)


def test_badge_is_accessible_and_holds_its_texts() -> None:
    root = parse(badge.svg("archived", "2023-11-14"))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "archived: 2023-11-14"
    assert root.find(SVG + "title").text == "archived: 2023-11-14"  # type: ignore[union-attr]
    texts = [t.text for t in root.iter(SVG + "text")]
    assert texts == ["archived", "2023-11-14"]


def test_width_grows_with_the_text() -> None:
    narrow = int(parse(badge.svg("swh", "iiii")).get("width", "0"))
    wide = int(parse(badge.svg("swh", "MMMM")).get("width", "0"))
    assert narrow < wide
    assert badge.text_width("漢字") > badge.text_width("ab")


@given(st.text(max_size=200), st.text(max_size=200))
def test_any_text_gives_well_formed_svg_without_script(label: str, message: str) -> None:
    text = badge.svg(label, message)
    root = parse(text)
    assert not [e for e in root.iter() if e.tag.lower().endswith("script")]
    assert "<script" not in text.lower() and "javascript:" not in text.lower()
    for element in root.iter():
        assert not [a for a in element.attrib if a.lower().startswith("on")]
