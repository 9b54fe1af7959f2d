"""ARK parsing, normalisation, NCDA check characters and minting.

Golden vectors:

* ``13030/xf93gt2`` -> ``q``: the worked example of the Noid documentation, section
  "NOID CHECK DIGIT ALGORITHM" (metacpan.org/dist/Noid/view/noid), which also gives the
  sum 891 and 891 mod 29 = 21.
* ``13030/tf5p30086`` -> ``k``: the example ARK of the N2T Noid page (n2t.net/e/noid.html).
* ``12345/x6np1wh8`` -> ``k``: the anatomy example ``ark:12345/x6np1wh8k`` of
  draft-kunze-ark (section 2) carries a valid NCDA check character.
* The equivalences ``ark:/12345/x6np1wh8k`` = ``ark:12345/x6np1wh8k`` (section 2.2) and
  ``ark:12345/x5-4-xz-321`` = ``https://sneezy.dopey.com/ark:12345/x54--xz32-1`` =
  ``ark:12345/x54xz321`` (section 3.1) are quoted from draft-kunze-ark.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sankofa.core.identifiers import IdentifierError
from sankofa.core.identifiers.ark import BETANUMERIC, Ark, ArkError, mint, ncda_check_character

SETTINGS = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    ("zone", "check"),
    [("13030/xf93gt2", "q"), ("13030/tf5p30086", "k"), ("12345/x6np1wh8", "k")],
)
def test_ncda_golden_vectors(zone: str, check: str) -> None:
    assert ncda_check_character(zone) == check
    ark = Ark.parse(f"ark:{zone}{check}")
    assert ark.has_valid_check_character
    ark.verify_check_character()


def test_ncda_worked_sum() -> None:
    # 1*1 + 2*3 + 3*0 + 4*3 + 5*0 + 6*0 + 7*27 + 8*13 + 9*9 + 10*3 + 11*14 + 12*24 + 13*2
    assert 891 % 29 == BETANUMERIC.index("q") == 21
    assert ncda_check_character("") == "0"
    assert ncda_check_character("X") == "0"  # upper case has ordinal 0, as in Noid


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ark:/12345/x6np1wh8k", "ark:12345/x6np1wh8k"),
        ("ark:12345/x6np1wh8k", "ark:12345/x6np1wh8k"),
        ("ARK:/12345/x6np1wh8k", "ark:12345/x6np1wh8k"),
        ("ark:12345/x5-4-xz-321", "ark:12345/x54xz321"),
        ("https://sneezy.dopey.com/ark:12345/x54--xz32-1", "ark:12345/x54xz321"),
        ("ark:12345/x54xz321", "ark:12345/x54xz321"),
        ("  ark:12345/x54\u2010xz321\n", "ark:12345/x54xz321"),
        ("https://example.org/ark:12345/x6np1wh8k/c3/s5.v7.xsl", None),
        ("https://n2t.net/a/b/ark:/13030/xf93gt2q/c3//s5.v7..xsl/?info", None),
        ("ark:1BCD5/x6np1wh8k", "ark:1bcd5/x6np1wh8k"),
        ("ark:12345/a%7db.", "ark:12345/a%7Db"),
        ("ark:12345//x54/", "ark:12345/x54"),
    ],
)
def test_normalisation(text: str, canonical: str | None) -> None:
    ark = Ark.parse(text)
    if canonical is not None:
        assert str(ark) == canonical
    assert Ark.parse(str(ark)) == ark


def test_parts() -> None:
    ark = Ark.parse("https://example.org/ark:12345/x6np1wh8k/c3/s5.v7.xsl")
    assert (ark.naan, ark.name, ark.qualifier) == ("12345", "x6np1wh8k", "/c3/s5.v7.xsl")
    assert (ark.shoulder, ark.blade) == ("x6", "np1wh8k")
    assert str(ark.base) == "ark:12345/x6np1wh8k"
    assert ark.check_zone == "12345/x6np1wh8"
    assert ark.url() == "https://n2t.net/ark:12345/x6np1wh8k/c3/s5.v7.xsl"
    assert ark.url("https://example.org/") == "https://example.org/ark:12345/x6np1wh8k/c3/s5.v7.xsl"
    assert Ark.parse("ark:12345/abc7fgh").shoulder == ""  # "a" is not betanumeric
    assert Ark.parse("ark:12345/b3").shoulder == ""  # a shoulder needs a blade after it


def test_case_is_kept_outside_the_naan() -> None:
    assert Ark.parse("ark:12345/x6ABC") != Ark.parse("ark:12345/x6abc")
    assert Ark.parse("ark:12345/x6ABC").name == "x6ABC"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected the label ark:"),
        ("12345/x6", "expected the label ark:"),
        ("ark:12345", "expected NAAN/name"),
        ("ark:12345/", "name after the NAAN is empty"),
        ("ark:12345/--./", "name after the NAAN is empty"),
        ("ark:/abcde/x6", "NAAN 'abcde'"),
        ("ark:/1234l/x6", "NAAN '1234l'"),
        ("ark:12345/x{y}", "character '{' is not allowed"),
        ("ark:12345/x y", "character ' ' is not allowed"),
        ("ark:12345/x\u00e9", "character '\u00e9' is not allowed"),
        ("ark:12345/x%4", "two-hex-digit escape"),
        ("ark:12345/x%zz", "two-hex-digit escape"),
        ("ark:12345/x54.v2/c3", "variant (.…) comes before a component"),
    ],
)
def test_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(ArkError, match=re.escape(message)) as caught:
        Ark.parse(text)
    assert isinstance(caught.value, IdentifierError)
    assert isinstance(caught.value, ValueError)


def test_wrong_check_character_message() -> None:
    ark = Ark.parse("ark:13030/xf93gt2r")
    assert not ark.has_valid_check_character
    with pytest.raises(ArkError, match=r"check character 'r' does not match 'q' computed over"):
        ark.verify_check_character()


def test_direct_construction_is_validated() -> None:
    with pytest.raises(ArkError, match="qualifier"):
        Ark("12345", "x6", "c3")
    with pytest.raises(ArkError, match="qualifier"):
        Ark("12345", "x6", "/c3/")
    with pytest.raises(ArkError, match="name"):
        Ark("12345", "x6/c3")
    with pytest.raises(ArkError, match="upper-case hex"):
        Ark("12345", "x6%7d")
    with pytest.raises(ArkError, match="not allowed"):
        Ark("12345", "x6-7")


def test_mint_from_a_sequence() -> None:
    first = mint("12345", "x6", sequence=0)
    assert str(first) == "ark:12345/x6000000002"
    assert first.has_valid_check_character and first.shoulder == "x6"
    assert mint("12345", "x6", sequence=28).blade[:-1] == "0000000z"
    assert mint("12345", "x6", sequence=29).blade[:-1] == "00000010"
    assert mint("12345", "x6", sequence=29**9, width=8).blade[:-1] == "1000000000"
    assert mint("12345", "", sequence=5, width=1).name == "5" + ncda_check_character("12345/5")
    names = {mint("99999", "b3", sequence=n, width=3).name for n in range(2000)}
    assert len(names) == 2000


def test_mint_from_a_random_source() -> None:
    ark = mint("99999", "b3", width=10, randbelow=random.Random(4).randrange)
    assert ark == mint("99999", "b3", width=10, randbelow=random.Random(4).randrange)
    assert len(ark.blade) == 11 and set(ark.blade) <= set(BETANUMERIC)
    ark.verify_check_character()
    assert mint("99999", "b3").has_valid_check_character


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"shoulder": "x"}, "shoulder 'x'"),
        ({"shoulder": "x66"}, "shoulder 'x66'"),
        ({"shoulder": "a6"}, "shoulder 'a6'"),
        ({"shoulder": "x6", "sequence": -1}, "must not be negative"),
        ({"shoulder": "x6", "width": 0}, "at least 1"),
        ({"shoulder": "x6", "naan": "ABCDE"}, "NAAN"),
    ],
)
def test_mint_errors(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"naan": "12345", **kwargs}
    with pytest.raises(ArkError, match=message):
        mint(**arguments)  # type: ignore[arg-type]


betanumeric = st.text(alphabet=BETANUMERIC, min_size=1, max_size=12)
naans = st.text(alphabet=BETANUMERIC, min_size=1, max_size=8)
shoulders = st.builds(
    lambda c, d: c + d,
    st.text(alphabet=BETANUMERIC[10:], min_size=1, max_size=3),
    st.sampled_from("0123456789"),
)
name_chars = st.sampled_from([*"abcXYZ0129=~*+@_$", "%7D", "%2F", "%25"])
names = st.lists(name_chars, min_size=1, max_size=10).map("".join)
qualifiers = st.lists(st.tuples(st.sampled_from("/."), names), max_size=4).map(
    lambda parts: "".join(sep + part for sep, part in sorted(parts, key=lambda p: p[0] == "."))
)


@SETTINGS
@given(naans, names, qualifiers)
def test_round_trip(naan: str, name: str, qualifier: str) -> None:
    ark = Ark(naan, name, qualifier)
    assert str(Ark.parse(str(ark))) == str(ark)
    assert Ark.parse(ark.url()) == ark
    assert Ark.parse(str(ark).upper().replace("ARK:", "ark:/", 1)).naan == naan


@SETTINGS
@given(naans, st.one_of(st.just(""), shoulders), st.integers(min_value=0, max_value=29**12))
def test_minted_arks_round_trip(naan: str, shoulder: str, sequence: int) -> None:
    ark = mint(naan, shoulder, sequence=sequence, width=4)
    assert Ark.parse(str(ark)) == ark
    assert ark.has_valid_check_character
    if shoulder:  # without one, a blade may itself look like a primordinal shoulder
        assert ark.shoulder == shoulder


@SETTINGS
@given(naans, betanumeric, st.data())
def test_single_substitution_is_detected(naan: str, blade: str, data: st.DataObject) -> None:
    zone = f"{naan}/{blade}"
    full = zone + ncda_check_character(zone)
    if len(zone) > 28:  # NCDA guarantees detection only below the radix, 29
        return
    index = data.draw(st.sampled_from([i for i, c in enumerate(full) if c != "/"]))
    replacement = data.draw(st.sampled_from(BETANUMERIC).filter(lambda c: c != full[index]))
    corrupted = full[:index] + replacement + full[index + 1 :]
    assert Ark.parse(f"ark:{full}").has_valid_check_character
    assert not Ark.parse(f"ark:{corrupted}").has_valid_check_character


@SETTINGS
@given(naans, betanumeric, st.data())
def test_adjacent_transposition_is_detected(naan: str, blade: str, data: st.DataObject) -> None:
    zone = f"{naan}/{blade}"
    if len(zone) > 28:
        return
    full = zone + ncda_check_character(zone)
    swaps = [
        i for i in range(len(full) - 2) if "/" not in full[i : i + 2] and full[i] != full[i + 1]
    ]
    if not swaps:
        return
    i = data.draw(st.sampled_from(swaps))
    corrupted = full[:i] + full[i + 1] + full[i] + full[i + 2 :]
    assert not Ark.parse(f"ark:{corrupted}").has_valid_check_character
