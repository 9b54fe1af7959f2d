"""Bytes as JSON text: Software Heritage's escaping (swh.core is the oracle) and its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st
from swh.core import utils as swh_utils

from sankofa.api.bytestrings import decode_field, decode_with_escape, unescape
from sankofa.api.params import path_spellings

swh_decode_with_escape = cast("Callable[[bytes], str]", swh_utils.decode_with_escape)

# bytes rich in backslashes, NULs, "x", hex digits and broken UTF-8
names = st.one_of(
    st.binary(max_size=40),
    st.lists(
        st.sampled_from([b"\\", b"\x00", b"x", b"e9", b"\xe9", b"\xc3", b"\xa9", b"a", b"/", b"%"]),
        max_size=12,
    ).map(b"".join),
    st.text(max_size=20).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@settings(max_examples=500)
@given(names)
def test_escaping_is_software_heritages(value: bytes) -> None:
    assert decode_with_escape(value) == swh_decode_with_escape(value)


@settings(max_examples=500)
@given(names)
def test_unescape_inverts_the_escaping(value: bytes) -> None:
    assert unescape(decode_with_escape(value)) == value


@settings(max_examples=300)
@given(names)
def test_fields_are_plain_utf8_when_they_can_be(value: bytes) -> None:
    text, escaped = decode_field(value)
    try:
        assert (text, escaped) == (value.decode("utf-8"), False)
    except UnicodeDecodeError:
        assert (text, escaped) == (swh_decode_with_escape(value), True)


def test_examples() -> None:
    assert decode_with_escape(b"caf\xe9.txt") == "caf\\xe9.txt"
    assert decode_with_escape(b"a\\b\x00") == "a\\\\b\\x00"
    assert decode_with_escape("café".encode()) == "café"
    assert unescape("lone \\ backslash") == b"lone \\ backslash"


def test_a_path_component_names_raw_bytes_or_their_escaped_text() -> None:
    # Django hands the path over decoded, bytes that are not UTF-8 percent-encoded
    assert path_spellings("caf%E9.txt") == [[b"caf%E9.txt", b"caf\xe9.txt"]]
    assert path_spellings("caf\\xe9.txt/b") == [[b"caf\\xe9.txt", b"caf\xe9.txt"], [b"b"]]
    assert path_spellings("dir/ünï") == [[b"dir"], ["ünï".encode()]]
