"""ORCID iDs.

Golden vectors are the example iDs of ORCID's documentation ("Structure of the ORCID
Identifier", support.orcid.org): 0000-0002-1825-0097, 0000-0001-5109-3700 and
0000-0002-1694-233X (whose check character is X).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sankofa.core.identifiers import IdentifierError
from sankofa.core.identifiers.orcid import Orcid, OrcidError, orcid_check_character

SETTINGS = settings(max_examples=300, deadline=None)
DOCUMENTED = ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"]


@pytest.mark.parametrize("hyphenated", DOCUMENTED)
def test_documented_examples(hyphenated: str) -> None:
    orcid = Orcid.parse(hyphenated)
    assert orcid.hyphenated == hyphenated
    assert str(orcid) == orcid.uri == f"https://orcid.org/{hyphenated}"
    bare = hyphenated.replace("-", "")
    assert orcid_check_character(bare[:15]) == bare[15]
    for form in (
        bare,
        bare.lower(),
        f"https://orcid.org/{hyphenated}",
        f"http://orcid.org/{hyphenated}",
        f"HTTPS://WWW.ORCID.ORG/{bare}",
        f"orcid.org/{hyphenated}",
        f"  {hyphenated}\n",
    ):
        assert Orcid.parse(form) == orcid


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0000-0002-1825-0098", "wrong check digit '8' (ISO 7064 MOD 11-2 gives '7')"),
        ("0000-0002-1694-2330", "wrong check digit '0' (ISO 7064 MOD 11-2 gives 'X')"),
        ("0000-0002-1825-009", "expected 16 characters"),
        ("0000-0002-1825-00977", "expected 16 characters"),
        ("0000-000X-1825-0097", "expected 16 characters"),
        ("0000 0002 1825 0097", "expected 16 characters"),
        ("0000-00021825-0097", "expected 16 characters"),
        ("https://example.org/0000-0002-1825-0097", "expected 16 characters"),
        ("\uff10000-0002-1825-0097", "expected 16 characters"),
        ("", "expected 16 characters"),
    ],
)
def test_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(OrcidError) as caught:
        Orcid.parse(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, IdentifierError)


def test_direct_construction_is_validated() -> None:
    with pytest.raises(OrcidError, match="wrong check digit"):
        Orcid("0000000218250098")
    with pytest.raises(OrcidError, match="expected 16 characters"):
        Orcid("0000-0002-1825-0097")
    with pytest.raises(OrcidError, match="expected 15 decimal digits"):
        orcid_check_character("12345")


bases = st.text(alphabet="0123456789", min_size=15, max_size=15)


@SETTINGS
@given(bases)
def test_round_trip(base: str) -> None:
    orcid = Orcid.from_base(base)
    assert str(Orcid.parse(str(orcid))) == str(orcid)
    assert Orcid.parse(orcid.hyphenated).hyphenated == orcid.hyphenated
    assert Orcid.parse(orcid.digits) == orcid


@SETTINGS
@given(bases, st.data())
def test_single_substitution_is_detected(base: str, data: st.DataObject) -> None:
    digits = Orcid.from_base(base).digits
    index = data.draw(st.integers(min_value=0, max_value=15))
    allowed = "0123456789X" if index == 15 else "0123456789"
    replacement = data.draw(st.sampled_from(allowed).filter(lambda c: c != digits[index]))
    with pytest.raises(OrcidError, match="wrong check digit"):
        Orcid.parse(digits[:index] + replacement + digits[index + 1 :])


@SETTINGS
@given(bases, st.data())
def test_adjacent_transposition_is_detected(base: str, data: st.DataObject) -> None:
    digits = Orcid.from_base(base).digits
    swaps = [i for i in range(15) if digits[i] != digits[i + 1]]
    if not swaps:
        return
    i = data.draw(st.sampled_from(swaps))
    with pytest.raises(OrcidError):
        Orcid.parse(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
