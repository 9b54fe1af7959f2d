"""ISSNs.

Golden vectors: 0317-8471, the worked example of the ISSN International Centre ("What is
an ISSN?", issn.org) and of ISO 3297; 0028-0836 (Nature, print) and 0036-8075 (Science,
print), as printed on those journals and in the ISSN Portal.  2434-561X has the check
character X by the algorithm (computed here, not quoted from a registry record).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sankofa.core.identifiers import IdentifierError
from sankofa.core.identifiers.issn import Issn, IssnError, issn_check_character

SETTINGS = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize("text", ["0317-8471", "0028-0836", "0036-8075", "2434-561X"])
def test_golden_vectors(text: str) -> None:
    issn = Issn.parse(text)
    assert str(issn) == text
    assert issn_check_character(text.replace("-", "")[:7]) == text[-1]
    for form in (text.replace("-", ""), text.lower(), f"ISSN {text}", f"issn:{text}", f" {text} "):
        assert Issn.parse(form) == issn
    assert issn.uri == f"https://portal.issn.org/resource/ISSN/{text}"


def test_worked_example_weights() -> None:
    assert sum(w * int(d) for w, d in zip(range(8, 1, -1), "0317847", strict=True)) == 120
    assert issn_check_character("0317847") == "1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0317-8472", "wrong check digit '2' (MOD 11 gives '1')"),
        ("2434-5610", "wrong check digit '0' (MOD 11 gives 'X')"),
        ("0317-847", "expected 8 characters"),
        ("0317--8471", "expected 8 characters"),
        ("031X-8471", "expected 8 characters"),
        ("0317 8471", "expected 8 characters"),
        ("", "expected 8 characters"),
    ],
)
def test_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(IssnError) as caught:
        Issn.parse(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, IdentifierError)


def test_direct_construction_is_validated() -> None:
    with pytest.raises(IssnError, match="expected 8 characters"):
        Issn("0317-8471")
    with pytest.raises(IssnError, match="7 decimal digits"):
        issn_check_character("031784")


bases = st.text(alphabet="0123456789", min_size=7, max_size=7)


@SETTINGS
@given(bases)
def test_round_trip(base: str) -> None:
    issn = Issn.from_base(base)
    assert str(Issn.parse(str(issn))) == str(issn)
    assert Issn.parse(issn.digits) == issn


@SETTINGS
@given(bases, st.data())
def test_single_substitution_is_detected(base: str, data: st.DataObject) -> None:
    digits = Issn.from_base(base).digits
    index = data.draw(st.integers(min_value=0, max_value=7))
    allowed = "0123456789X" if index == 7 else "0123456789"
    replacement = data.draw(st.sampled_from(allowed).filter(lambda c: c != digits[index]))
    with pytest.raises(IssnError, match="wrong check digit"):
        Issn.parse(digits[:index] + replacement + digits[index + 1 :])
