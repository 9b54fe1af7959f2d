"""Hostile or broken archives are refused (None), never expanded, followed or raised on."""

from __future__ import annotations

import io
import time
import warnings
import zipfile
from pathlib import Path

import pytest

from sankofa.journals import anonymise
from sankofa.journals.anonymise import handles, strip_author_properties
from tests.journals.anonymise_samples import DOCX_TYPE, ODT_TYPE, make_docx, pandoc_available

CORE = (
    '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
    'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<dc:creator>Someone</dc:creator></cp:coreProperties>"
)


TYPES = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def _zip(*members: tuple[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A DOCX-like package: `[Content_Types].xml` and `members`."""
    members = (("[Content_Types].xml", TYPES), *members)
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name"
        with zipfile.ZipFile(out, "w", compression=method) as archive:
            for name, content in members:
                archive.writestr(name, content)
    return out.getvalue()


def test_a_small_clean_docx_is_rewritten() -> None:
    stripped = strip_author_properties(_zip(("docProps/core.xml", CORE)), DOCX_TYPE, "a.docx")
    assert stripped is not None and b"Someone" not in stripped


def test_a_zip_bomb_is_refused_while_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anonymise, "MAX_UNCOMPRESSED", 1_000_000)
    bomb = _zip(("docProps/core.xml", CORE), ("word/media/zeros.bin", b"\0" * 3_000_000))
    assert len(bomb) < 10_000
    assert strip_author_properties(bomb, DOCX_TYPE, "bomb.docx") is None


def test_a_zip_whose_headers_lie_about_the_size_is_refused() -> None:
    honest = _zip(("docProps/core.xml", CORE), ("word/big.xml", b"<a/>" + b" " * 100_000))
    # claim 4 bytes uncompressed for the big member, in the local and the central header
    size = (100_004).to_bytes(4, "little")
    lying = honest.replace(size, (4).to_bytes(4, "little"))
    assert lying != honest
    assert strip_author_properties(lying, DOCX_TYPE, "lying.docx") is None


def test_too_many_members_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anonymise, "MAX_MEMBERS", 10)
    many = _zip(*[(f"word/m{i}.bin", b"x") for i in range(11)])
    assert strip_author_properties(many, DOCX_TYPE, "many.docx") is None
    assert strip_author_properties(_zip(("a", b"x")), DOCX_TYPE, "one.docx") is not None


@pytest.mark.parametrize(
    "name", ["../evil.xml", "word/../../evil.xml", "/etc/evil.xml", "word\\..\\evil.xml", "C:/x"]
)
def test_unsafe_member_names_are_refused(name: str) -> None:
    data = _zip(("docProps/core.xml", CORE), (name, b"<a/>"))
    assert strip_author_properties(data, DOCX_TYPE, "paths.docx") is None


def test_a_member_twice_is_refused() -> None:
    twice = _zip(("docProps/core.xml", CORE), ("docProps/core.xml", CORE.replace("Someone", "x")))
    assert strip_author_properties(twice, DOCX_TYPE, "twice.docx") is None


def test_an_encrypted_member_is_refused() -> None:
    data = bytearray(_zip(("docProps/core.xml", CORE)))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # set the encrypted flag in both headers
        at = data.find(header)
        flag = at + (6 if header == b"PK\x03\x04" else 8)
        data[flag] |= 1
    assert strip_author_properties(bytes(data), DOCX_TYPE, "enc.docx") is None


def test_entities_are_never_expanded_nor_files_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    external = CORE.replace(
        '<?xml version="1.0"?>',
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "{secret.as_uri()}">]>',
    ).replace("Someone", "&s;")
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]><l>&i;</l>"
    )
    started = time.monotonic()
    for core in (external, laughs):
        data = _zip(("docProps/core.xml", core))
        assert strip_author_properties(data, DOCX_TYPE, "x.docx") is None
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "data",
    [b"", b"PK\x03\x04", b"PK\x05\x06" + b"\0" * 18, b"not a zip", bytes(range(256)) * 10],
)
@pytest.mark.parametrize("media_type", [DOCX_TYPE, ODT_TYPE])
def test_garbage_gives_none(data: bytes, media_type: str) -> None:
    assert strip_author_properties(data, media_type, "x") is None


def test_broken_xml_inside_a_valid_zip_gives_none() -> None:
    manifest = ("META-INF/manifest.xml", b"<manifest/>")
    data = _zip(manifest, ("meta.xml", b"<office:document-meta><unclosed>"))
    assert strip_author_properties(data, ODT_TYPE, "x.odt") is None
    assert strip_author_properties(_zip(manifest, ("meta.xml", b"<m/>")), ODT_TYPE, "x") is not None


def test_a_package_without_its_kind_s_index_is_refused() -> None:
    odt_like = _zip(("META-INF/manifest.xml", b"<manifest/>"))
    assert strip_author_properties(odt_like, ODT_TYPE, "x.odt") is not None
    assert strip_author_properties(_zip(), ODT_TYPE, "x.odt") is None  # no manifest


def test_a_truncated_real_docx_gives_none(tmp_path: Path) -> None:
    pandoc_available()
    docx = make_docx(tmp_path)
    for cut in (100, len(docx) // 2, len(docx) - 10):
        assert strip_author_properties(docx[:cut], DOCX_TYPE, "cut.docx") is None


@pytest.mark.parametrize(
    ("media_type", "name", "known"),
    [
        ("application/pdf", "x", True),
        ("Application/PDF; charset=binary", "x", True),
        ("application/octet-stream", "paper.ODT", True),
        ("application/octet-stream", "paper.odp", True),
        ("application/vnd.oasis.opendocument.spreadsheet", "x", True),
        ("text/plain", "notes.txt", False),
        ("image/png", "figure.png", False),
        ("application/octet-stream", "paper", False),
        ("application/zip", "paper.zip", False),
    ],
)
def test_handles_knows_the_kinds(media_type: str, name: str, known: bool) -> None:
    assert handles(media_type, name) is known
    if not known:
        assert strip_author_properties(b"anything", media_type, name) is None
