"""JATS body and back as an HTML fragment: every shared sample (SHARED/data/jats) rendered
and checked against its own XML by XPath, the fragment re-parsed by lxml.html and
inspected element by element for anything outside the allow-list, hostile documents,
and the size of the fragments."""

from __future__ import annotations

import gzip
import re
import statistics
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from sankofa.core.formats.article.jats_html import MAX_DEPTH, JatsHtmlError, Rendered, render
from sankofa.core.formats.article.jats_html_writer import HtmlWriter, LocalHref, UnsafeHtml
from tests.conftest import SHARED

SAMPLES = sorted((SHARED / "data" / "jats").glob("*.xml"))
SAFE = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
MML_NS = "http://www.w3.org/1998/Math/MathML"
NS = {"mml": MML_NS, "xlink": "http://www.w3.org/1999/xlink"}
MAIN = "/article/body//{0} | /article/back//{0} | /article/floats-group//{0}"

# Written out again here, independently of the writer's own table.
HTML_TAGS = {
    "div", "p", "span", "i", "b", "sup", "sub", "code", "s", "abbr", "br", "hr", "pre", "h2",
    "h3", "h4", "h5", "h6", "ol", "ul", "li", "dl", "dt", "dd", "blockquote", "figure",
    "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "section",
    "aside", "a", "img",
}  # fmt: skip
MATH_TAGS = {
    "math", "mi", "mn", "mo", "ms", "mtext", "mspace", "mrow", "mfrac", "msqrt", "mroot",
    "mstyle", "merror", "mpadded", "mphantom", "menclose", "msub", "msup", "msubsup", "munder",
    "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd",
}  # fmt: skip
URL_ATTRS = {"href", "src"}


def asset_url(href: str) -> str:
    return "/media/article/" + quote(href, safe="")


@cache
def rendered(path: Path) -> tuple[Rendered, Any, Any]:
    data = path.read_bytes()
    result = render(data, asset_url=asset_url)
    return result, etree.fromstring(data, SAFE), lxml.html.fragment_fromstring(result.html)


def jats(body: str, back: str = "", *, lang: str = "en", doctype: str = "") -> bytes:
    return (
        f'{doctype}<article xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'xmlns:mml="{MML_NS}" xml:lang="{lang}"><front/><body>{body}</body>'
        f"<back>{back}</back></article>"
    ).encode()


def assert_harmless(tree: Any) -> None:
    """Every element and attribute of the parsed fragment is allowed, URLs are http(s),
    mailto, in-page or relative."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag in HTML_TAGS | MATH_TAGS, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            assert name not in ("style", "srcdoc", "xlink:href", "formaction"), name
            if name in URL_ATTRS:
                scheme = value.split(":", 1)[0].lower() if ":" in value.split("/")[0] else ""
                assert scheme in ("", "http", "https", "mailto"), value
                assert "javascript" not in value.lower() and not value.lower().startswith(
                    ("data:", "vbscript:")
                ), value


class _TagCounter(HTMLParser):
    """Start tags as written (html.parser tokenises; it never moves or adds elements)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1


# --- the samples ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_renders_its_figures_references_and_links(path: Path) -> None:
    result, source, tree = rendered(path)
    figs = source.xpath(MAIN.format("fig"))
    assert len(tree.xpath("//figure[@class='fig']")) == len(figs) == result.figures
    table_wraps = source.xpath(MAIN.format("table-wrap"))
    assert len(tree.xpath("//figure[@class='table-wrap']")) == len(table_wraps) == result.tables
    refs = source.xpath("/article/back//ref")
    assert len(tree.xpath("//ol[@class='references']/li[@class='ref']")) == len(refs)
    ids = set(tree.xpath("//@id"))
    assert len(ids) == len(tree.xpath("//@id")), "ids are unique"
    for ref in refs:
        assert ref.get("id") in ids
    for xref in source.xpath(MAIN.format("xref")):
        rid = (xref.get("rid") or "").split()
        target = source.xpath("//*[@id=$rid]", rid=rid[0]) if rid else []
        in_main = (
            target
            and target[0].xpath("ancestor::body|ancestor::back")
            and not target[0].xpath("ancestor::sub-article")
        )
        if xref.get("ref-type") in ("bibr", "fig", "table", "fn") and in_main:
            assert rid[0] in ids, f"xref to {rid[0]}"
    for href in tree.xpath("//a/@href[starts-with(., '#')]"):
        assert href[1:] in ids
    for section_id, title in result.toc:
        heading = tree.xpath("//section[@id=$id]/*[1]", id=section_id)[0]
        assert heading.tag == "h2" and heading.text_content().strip() == title


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_sample_fragment_is_harmless_and_accessible(path: Path) -> None:
    result, source, tree = rendered(path)
    assert_harmless(tree)
    for img in tree.iter("img"):
        assert img.get("alt", "").strip(), lxml.html.tostring(img)
        assert img.get("loading") == "lazy" and img.get("src", "").startswith("/media/article/")
    names = []  # a named section or aside is a landmark: no two may share a name
    for region in tree.xpath("//section[@aria-labelledby] | //aside[@aria-labelledby]"):
        (heading,) = tree.xpath("//*[@id=$id]", id=region.get("aria-labelledby"))
        names.append((region.tag, " ".join(heading.text_content().split()).casefold()))
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for th in tree.iter("th"):  # a header cell names something
        assert th.text_content().strip() or th.xpath(".//img | .//math"), lxml.html.tostring(th)
    href = f"{{{NS['xlink']}}}href"
    for graphic in source.xpath(MAIN.format("graphic[not(parent::alternatives)]")):
        if graphic.get(href):
            assert graphic.get(href) in result.assets
    for choice in source.xpath(
        MAIN.format("alternatives[graphic and not(table or mml:math)]"), namespaces=NS
    ):
        offered = {graphic.get(href) for graphic in choice.iterchildren("graphic")} - {""}
        assert len(offered & set(result.assets)) == (1 if offered else 0)
    # No element moved or implied by the HTML parser: the tree holds exactly the tags written.
    counter = _TagCounter()
    counter.feed(result.html)
    parsed = Counter(e.tag for e in tree.iter() if isinstance(e.tag, str))
    assert parsed == counter.tags


def test_mathml_samples_keep_math_as_mathml() -> None:
    counts = {
        p.name: int(rendered(p)[1].xpath(f"count({MAIN.format('mml:math')})", namespaces=NS))
        for p in SAMPLES
    }
    with_math = {name: count for name, count in counts.items() if count}
    assert with_math == {
        "elife-00666.xml": 6,
        "elife-14093-v1.xml": 774,
        "elife02935.xml": 11,
        "plos-journal.pcbi.1004082.xml": 291,
        "scielo-0103-6351-3289.xml": 3,
    }
    for name, count in with_math.items():
        _, source, tree = rendered(SHARED / "data" / "jats" / name)
        assert len(tree.xpath("//math")) == count, name
        # Display formulas are block <math>; MathML Core has no mfenced.
        assert len(tree.xpath("//*[@class='disp-formula']/math[@display='block']")) == len(
            source.xpath(MAIN.format("disp-formula[.//mml:math]"), namespaces=NS)
        )
        assert not tree.xpath("//mfenced | //semantics | //annotation")
    _, _, pcbi = rendered(SHARED / "data" / "jats" / "plos-journal.pcbi.1004082.xml")
    assert len(pcbi.xpath("//math")) == 291


def test_elife_element_citation_is_formatted_with_doi_link() -> None:
    _, _, tree = rendered(SHARED / "data" / "jats" / "elife-00666.xml")
    bib1 = tree.xpath("//li[@id='bib1']")[0]
    assert bib1.text_content() == (
        "Aivazian D, Serrano RL, Pfeffer S (2006). TIP47 is a key effector for Rab9 "
        "localization. The Journal of Cell Biology 173:917\u2013926. "
        "https://doi.org/10.1083/jcb.200510010"
    )
    assert bib1.xpath("a/@href") == ["https://doi.org/10.1083/jcb.200510010"]
    assert bib1.xpath("i/text()") == ["The Journal of Cell Biology"]


def test_plos_mixed_citation_keeps_printed_text_and_spaces_names() -> None:
    _, _, tree = rendered(SHARED / "data" / "jats" / "plos-journal.pbio.1001473.xml")
    zoller = tree.xpath("//li[@id='pbio.1001473-Zoller1']")[0]
    assert zoller.text_content().startswith("1 Zoller SD, Hammersmith RL, Swart EC")
    assert zoller.xpath("span[@class='label']/text()") == ["1"]
    # A header row of <td> becomes <th>; spans of 1 are not written.
    first = tree.xpath("//figure[@id='pbio-1001473-t001']/table")[0]
    assert [th.text for th in first.xpath("thead/tr/th")][:2] == ["Assembler", "PE-Asm/SSAKE"]
    assert first.xpath("caption/span[@class='label']/text()") == ["Table 1"]
    assert not first.xpath(".//@colspan | .//@rowspan | .//col | .//@align")


def test_elife_table_spans_figure_alt_and_supplementary_links() -> None:
    result, _, tree = rendered(SHARED / "data" / "jats" / "elife-00666.xml")
    assert tree.xpath("//td[@colspan='2']/text()")[0] == "Data collection"
    assert "Cell dimensions (Å)" in tree.xpath("//td[@rowspan='2']/text()")
    fig2 = tree.xpath("//figure[@id='fig2']")[0]
    assert fig2.xpath("img/@src") == ["/media/article/elife-00666-fig2.tif"]
    assert fig2.xpath("img/@alt") == [
        "Figure with figure supplements. In the PDF this asset box will take full column width."
    ]
    assert fig2.xpath("figcaption/span[@class='label']/text()") == ["Figure 2."]
    link = tree.xpath("//*[@id='fig3sdata1']//a[@class='download']")[0]
    assert link.get("href") == "/media/article/elife-00666-fig3-figsupp1-data1.xlsx"
    assert "elife-00666-fig3-figsupp1-data1.xlsx" in result.assets
    assert result.toc[0] == ("s1", "Introduction (Level 1 heading)")
    assert tree.xpath("//section[@id='s1-1-1']/h4/text()") == [
        "Initial submission (level 3 heading)"
    ]


def test_scielo_tex_math_is_code_and_footnotes_are_counted() -> None:
    result, source, tree = rendered(SHARED / "data" / "jats" / "scielo-1982-2554201729575.xml")
    assert result.footnotes_count == len(source.xpath(MAIN.format("fn"))) > 0
    assert len(tree.xpath("//*[contains(@class, 'fn')][@id]")) >= 1
    _, mathy_source, mathy_tree = rendered(SHARED / "data" / "jats" / "scielo-0103-6351-3289.xml")
    tex = mathy_source.xpath(MAIN.format("tex-math"))
    shown = mathy_tree.xpath("//code[@class='tex-math']")
    replaced = mathy_source.xpath("//alternatives[mml:math or graphic]/tex-math", namespaces=NS)
    assert len(shown) == len(tex) - len(replaced)
    # A formula shown as an image has its TeX as alt text, never the LaTeX wrapper.
    alts = mathy_tree.xpath("//*[@class='disp-formula' or @class='inline-formula']/img/@alt")
    assert len(alts) == len(mathy_source.xpath("//alternatives[graphic and tex-math]")) > 0
    for text in [*alts, *(code.text_content() for code in shown)]:
        assert "documentclass" not in text and "\\begin{document}" not in text


# --- languages, ids, links ------------------------------------------------------------------


def test_language_changes_are_marked_and_page_language_picks_headings() -> None:
    data = jats(
        '<sec id="s"><title>T</title><p>English</p><p xml:lang="pt">Português</p></sec>',
        '<ref-list><ref id="r1"><mixed-citation>A ref</mixed-citation></ref></ref-list>',
    )
    tree = lxml.html.fragment_fromstring(render(data, asset_url=asset_url).html)
    english, portuguese = tree.xpath("//p")
    assert english.get("lang") is None and english.get("dir") is None
    assert (portuguese.get("lang"), portuguese.get("dir")) == ("pt", "auto")
    assert tree.xpath("//section[@class='ref-list']/h2/text()") == ["References"]
    result = render(data, asset_url=asset_url, lang="pt")
    page = lxml.html.fragment_fromstring(result.html)
    assert page.get("lang") == "en" and page.xpath("//p/@lang") == ["pt"]
    assert result.toc[-1][1] == "Referências"


def test_paragraphs_holding_blocks_become_divs_but_footnotes_do_not_count() -> None:
    data = jats(
        "<p>a<list><list-item><p>b</p></list-item></list></p>"
        '<p>c<fn id="n"><p>d</p><list><list-item><p>e</p></list-item></list></fn></p>'
        "<fn-group><fn><p>f<list><list-item><p>g</p></list-item></list></p></fn></fn-group>"
    )
    tree = lxml.html.fragment_fromstring(render(data, asset_url=asset_url).html)
    assert [e.tag for e in tree.xpath("//div[@class='body']/*")] == ["div", "p", "section"]
    assert tree.xpath("//li[@id='n']/ul") and tree.xpath("//section//li/div[@class='p']/ul")


def test_ids_are_sanitised_unique_and_links_never_dangle() -> None:
    data = jats(
        '<sec id="a b"><title>One</title><p id="dup">x <xref ref-type="fig" rid="nowhere">F</xref>'
        ' <xref ref-type="bibr" rid="r1 r2">1,2</xref> <xref ref-type="fn" rid="f1"/></p>'
        '<p id="dup">y<fn id="f1"><label>*</label><p>note</p></fn></p></sec>'
        "<sec><title>Two</title></sec>",
        '<ref-list><ref id="r1"><mixed-citation>R</mixed-citation></ref></ref-list>',
    )
    result = render(data, asset_url=asset_url)
    tree = lxml.html.fragment_fromstring(result.html)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)) and "dup" in ids
    assert [a.get("href") for a in tree.xpath("//a")] == ["#r1", "#f1", "#f1"]
    assert tree.xpath("//p[@id='dup']")[0].text_content().startswith("x F 1,2 *")
    assert tree.xpath("//sup[@class='fn-mark']/a/text()") == ["*"]
    assert result.footnotes_count == 1 and result.toc[-1] == ("footnotes", "Footnotes")
    assert [section_id for section_id, _ in result.toc][:2] == ["a-b", "sec"]


XML_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from(" \t\n\r")
)


@given(XML_TEXT, XML_TEXT.filter(lambda s: len(s) < 100))
def test_any_text_and_href_render_escaped_and_safe(text: str, href: str) -> None:
    article = etree.Element("article")
    paragraph = etree.SubElement(etree.SubElement(article, "body"), "p")
    paragraph.text = text
    link = etree.SubElement(paragraph, "ext-link")
    link.set("{http://www.w3.org/1999/xlink}href", href)
    link.text = "link"
    tree = lxml.html.fragment_fromstring(render(etree.tostring(article), asset_url=asset_url).html)
    assert_harmless(tree)
    assert tree.xpath("//p")[0].text_content() == re.sub(r"[ \t\n\r]+", " ", text) + "link"
    for anchor in tree.iter("a"):
        assert anchor.get("href", "").lower().startswith(("http:", "https:", "mailto:"))


# --- hostile documents ------------------------------------------------------------------------

HOSTILE = jats(
    '<sec id="s1" onload="alert(1)" style="color:red"><title onclick="x()">Safe</title>'
    '<p onmouseover="alert(2)">Text<script>alert(3)</script><style>p{}</style>'
    '<ext-link xlink:href="javascript:alert(4)">js</ext-link>'
    '<ext-link xlink:href=" java&#9;script:alert(5)">tab</ext-link>'
    '<ext-link xlink:href="&#127;javascript:alert(6)">control</ext-link>'
    '<ext-link xlink:href="data:text/html,&lt;script&gt;">data</ext-link>'
    '<ext-link xlink:href="vbscript:msgbox">vb</ext-link>'
    '<uri>JAVASCRIPT:alert(7)</uri><email>x@y" onclick="z</email>'
    '<ext-link xlink:href="https://example.org/a b">ok</ext-link>'
    '<ext-link ext-link-type="doi" xlink:href="10.1000/182">doi</ext-link>'
    '<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>'
    '<inline-formula><mml:math><mml:mi href="javascript:alert(8)" style="x" '
    'onclick="y" mathvariant="bold">x</mml:mi><mml:mglyph src="javascript:1"/>'
    "<mml:annotation-xml><script>alert(9)</script></mml:annotation-xml>"
    '<mml:mstyle mathcolor="url(javascript:1)">y</mml:mstyle></mml:math></inline-formula>'
    "</p>"
    '<fig id="f1"><caption><title>Cap</title></caption>'
    '<graphic xlink:href="javascript:alert(10)"/><graphic xlink:href="ok.png"/></fig>'
    '<table-wrap><table onload="x"><tr><td colspan="99999" rowspan="x" style="y">c</td></tr>'
    "</table></table-wrap>"
    f'<p id="{"i" * 2_000_000}" title="{"t" * 2_000_000}">huge</p>'
    f'<p><ext-link xlink:href="https://example.org/{"a" * 1_000_000}">long</ext-link></p>'
    "</sec>"
)


def hostile_asset_url(href: str) -> str:
    return href if href.startswith("javascript") else f"/media/{href}"


def test_hostile_jats_renders_harmless() -> None:
    result = render(HOSTILE, asset_url=hostile_asset_url)
    tree = lxml.html.fragment_fromstring(result.html)
    assert_harmless(tree)
    assert not tree.xpath("//script | //style | //iframe | //mglyph | //@style | //@title")
    text = tree.text_content()
    assert "alert(3)" in text and "js" in text and "tab" in text  # text kept, tags dropped
    assert tree.xpath("//a/@href") == ["https://example.org/a%20b", "https://doi.org/10.1000/182"]
    assert tree.xpath("//mi/@mathvariant") == ["bold"] and not tree.xpath("//mstyle/@*")
    assert tree.xpath("//img/@src") == ["/media/ok.png"] and tree.xpath("//img/@alt") == ["Cap"]
    assert not tree.xpath("//td/@colspan | //td/@rowspan")
    assert all(len(value) <= 64 for value in tree.xpath("//@id"))
    assert "alert(9)" not in text  # annotation-xml is dropped with its content
    assert result.assets == ("javascript:alert(10)", "ok.png")


def sections(depth: int) -> bytes:
    return jats("<sec><title>t</title>" * depth + "<p>deepest</p>" + "</sec>" * depth)


def test_too_deep_a_document_is_refused_clearly() -> None:
    """libxml2 refuses nesting beyond 256 elements (we never set huge_tree): 2000 nested
    sections are a JatsHtmlError, not a RecursionError."""
    with pytest.raises(JatsHtmlError, match=r"not XML: .*[Dd]epth"):
        render(sections(2000), asset_url=asset_url)


def test_deep_nesting_is_flattened_beyond_max_depth() -> None:
    result = render(sections(250), asset_url=asset_url)
    tree = lxml.html.fragment_fromstring(result.html)
    assert "deepest" in tree.text_content()
    assert max(len(list(e.iterancestors())) for e in tree.iter()) <= MAX_DEPTH + 5
    headings = {h.tag for h in tree.iter("h2", "h3", "h4", "h5", "h6")}
    assert headings == {"h2", "h3", "h4", "h5", "h6"}
    assert len(result.toc) == 1


def test_entities_are_never_expanded() -> None:
    doctype = (
        '<!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    )
    data = jats("<p>x&b;&x;y</p>", doctype=doctype)
    tree = lxml.html.fragment_fromstring(render(data, asset_url=asset_url).html)
    assert tree.text_content() == "xy"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"not xml", "not XML"), (b"<book/>", "/: the root element is <book>, not <article>")],
)
def test_bad_input_raises_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(JatsHtmlError, match=message):
        render(data, asset_url=asset_url)


def test_writer_refuses_what_is_not_allowed() -> None:
    out = HtmlWriter()
    with pytest.raises(UnsafeHtml):
        out.start("script")
    with pytest.raises(UnsafeHtml):
        out.start("p", {"onclick": "x"})
    out.start("p", {"id": "a"})
    out.start("a", {"href": LocalHref("b")})
    out.text("<&>")
    out.end("a")
    with pytest.raises(UnsafeHtml):
        out.end("div")
    out.end("p")
    assert out.result() == '<p id="a"><a>&lt;&amp;&gt;</a></p>'


# --- weight -------------------------------------------------------------------------------------


def test_fragment_weight_budget() -> None:
    """Budget: the fragment of a typical article (the median sample) is at most 50 KB
    gzipped (issue 5: "≤ 50 KB transferred for the text of a typical article"), and no
    sample's markup costs more than half again its bare text (both gzipped, level 9), so
    the long articles over 50 KB are long in words, not in markup."""
    rows = []
    for path in SAMPLES:
        result, _, tree = rendered(path)
        html_gz = len(gzip.compress(result.html.encode(), 9))
        text_gz = len(gzip.compress(tree.text_content().encode(), 9))
        rows.append((path.stem, len(result.html), html_gz, text_gz))
    print("\nsample                                   html B  gzip B  text gzip B  ratio")
    for stem, size, html_gz, text_gz in rows:
        print(f"{stem:40} {size:7} {html_gz:7} {text_gz:12} {html_gz / text_gz:6.2f}")
    median = statistics.median(row[2] for row in rows)
    print(f"median gzip: {median:.0f} B")
    assert median <= 50_000
    for stem, _, html_gz, text_gz in rows:
        assert html_gz <= 1.5 * text_gz + 1024, stem
