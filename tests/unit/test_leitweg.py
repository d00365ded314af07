"""Leitweg-ID: structure, MOD 97-10 check digits, and what a wrong ID is told."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from einvoice_cli.checks.leitweg import (
    LeitwegProblem,
    check_digits,
    check_leitweg_id,
    is_valid_leitweg_id,
    mod97_valid,
    numeric_value,
)

WORKED_EXAMPLES = ("04011000-1234512345-06", "992-90009-96")
"""The worked examples of the format specification (issue 16)."""

ALPHABET = string.digits + string.ascii_uppercase + "-"

# The mutations MOD 97-10 and the structure rules cannot see, by construction of the format:
# a letter counts as two digits (A=10 ... Z=35), so replacing one digit of the
# Feinadressierung by a letter changes the number's length and matches by chance 1 in 97;
# and the hyphens take no part in the arithmetic, so moving one inside the allowed lengths
# keeps the value. Listed exactly, so that any other accepted mutation fails the test.
UNDETECTABLE = {
    "04011000-1234512345-06": {
        "04011000-1H34512345-06",
        "04011000-123G512345-06",
        "04011000-123451R345-06",
        "0401100-01234512345-06",
        "040110001-234512345-06",
    },
    "992-90009-96": {"992-90P09-96", "99-290009-96", "9929-0009-96"},
}


@pytest.mark.parametrize("leitweg_id", WORKED_EXAMPLES)
def test_worked_examples_are_valid(leitweg_id: str) -> None:
    result = check_leitweg_id(leitweg_id)
    assert result.valid, result.message()
    assert result.expected_check_digits == leitweg_id[-2:]


@pytest.mark.parametrize("leitweg_id", WORKED_EXAMPLES)
def test_every_single_character_change_is_invalid(leitweg_id: str) -> None:
    accepted = set()
    changes = 0
    for i, old in enumerate(leitweg_id):
        for new in ALPHABET.replace(old, ""):
            changed = leitweg_id[:i] + new + leitweg_id[i + 1 :]
            changes += 1
            if is_valid_leitweg_id(changed):
                accepted.add(changed)
    assert changes == len(leitweg_id) * (len(ALPHABET) - 1)
    assert accepted <= UNDETECTABLE[leitweg_id]
    # Every digit-for-digit change is caught: that is what MOD 97-10 guarantees.
    assert all(any(c in string.ascii_uppercase for c in a) or _moved(a) for a in accepted)


@pytest.mark.parametrize("leitweg_id", WORKED_EXAMPLES)
def test_every_adjacent_transposition_is_invalid(leitweg_id: str) -> None:
    accepted = set()
    for i in range(len(leitweg_id) - 1):
        if leitweg_id[i] == leitweg_id[i + 1]:
            continue  # swapping equal characters changes nothing
        swapped = leitweg_id[:i] + leitweg_id[i + 1] + leitweg_id[i] + leitweg_id[i + 2 :]
        if is_valid_leitweg_id(swapped):
            accepted.add(swapped)
    # Only transpositions of a hyphen with a digit survive: the arithmetic ignores hyphens.
    assert accepted <= UNDETECTABLE[leitweg_id]
    assert all(_moved(a) for a in accepted)


def _moved(text: str) -> bool:
    return any(text.replace("-", "") == e.replace("-", "") for e in WORKED_EXAMPLES)


def test_wrong_check_digits_name_the_right_ones() -> None:
    result = check_leitweg_id("04011000-1234512345-07")
    assert not result.valid
    assert [i.problem for i in result.issues] == [LeitwegProblem.CHECK_DIGITS]
    assert result.expected_check_digits == "06"
    assert result.message() == (
        "the check digits are 07, but the ID before them needs 06 (ISO/IEC 7064 MOD 97-10): "
        "04011000-1234512345-06"
    )
    assert "muss sie 06 lauten" in result.message("de")


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("", [LeitwegProblem.EMPTY]),
        ("kein-leitweg", [LeitwegProblem.COARSE_CHARACTERS, LeitwegProblem.CHECK_FORMAT]),
        ("04011000", [LeitwegProblem.PARTS]),
        ("04-1-2-3", [LeitwegProblem.PARTS]),
        ("4-1234-06", [LeitwegProblem.COARSE_LENGTH]),
        ("0401100012345-1234-06", [LeitwegProblem.COARSE_LENGTH]),
        ("17011000-1234-06", [LeitwegProblem.COARSE_LAND]),
        ("04011000-12_45-06", [LeitwegProblem.FINE_CHARACTERS]),
        ("04011000-" + "1" * 31 + "-06", [LeitwegProblem.FINE_LENGTH]),
        ("04011000-1234-6", [LeitwegProblem.CHECK_FORMAT]),
        ("04011000-1234-0X", [LeitwegProblem.CHECK_FORMAT]),
    ],
)
def test_structure_problems_are_named(text: str, problems: list[LeitwegProblem]) -> None:
    result = check_leitweg_id(text)
    assert [i.problem for i in result.issues] == problems
    assert result.message("en") and result.message("de") != result.message("en")


def test_letters_count_from_ten() -> None:
    assert numeric_value("A-Z9") == int("10" + "35" + "9")
    assert is_valid_leitweg_id("04011000-900X999-08")
    assert is_valid_leitweg_id("04011000-900x999-08")  # the arithmetic reads letters as capitals


# The arithmetic, for any body: the computed check digits make the whole 1 mod 97, and the
# value is the plain integer of the digits with each letter replaced by its two digits.
bodies = st.text(alphabet=string.digits + string.ascii_uppercase, min_size=1, max_size=44)


@given(bodies)
def test_check_digits_make_the_whole_one_mod_97(body: str) -> None:
    digits = check_digits(body)
    assert len(digits) == 2 and digits.isdigit()
    assert 2 <= int(digits) <= 98
    assert mod97_valid(body + digits)
    assert int("".join(str(int(c, 36)) for c in body + digits)) % 97 == 1


@given(bodies, st.integers(min_value=0, max_value=99))
def test_only_the_right_check_digits_pass(body: str, other: int) -> None:
    right = check_digits(body)
    assert mod97_valid(body + f"{other:02d}") == (f"{other:02d}" == right)


@given(st.text(alphabet=string.digits, min_size=2, max_size=40), st.data())
def test_any_single_digit_substitution_is_caught(number: str, data: st.DataObject) -> None:
    whole = number + check_digits(number)
    i = data.draw(st.integers(min_value=0, max_value=len(whole) - 1))
    new = data.draw(st.sampled_from(string.digits.replace(whole[i], "")))
    assert not mod97_valid(whole[:i] + new + whole[i + 1 :])


@given(st.text(alphabet=string.digits, min_size=2, max_size=40), st.data())
def test_any_adjacent_digit_transposition_is_caught(number: str, data: st.DataObject) -> None:
    whole = number + check_digits(number)
    i = data.draw(st.integers(min_value=0, max_value=len(whole) - 2))
    if whole[i] == whole[i + 1]:
        return
    swapped = whole[:i] + whole[i + 1] + whole[i] + whole[i + 2 :]
    assert not mod97_valid(swapped)


@given(
    st.sampled_from(sorted({f"{n:02d}" for n in range(1, 17)} | {"99"})),
    st.text(alphabet=string.digits, max_size=10),
    st.text(alphabet=string.digits + string.ascii_uppercase, max_size=30),
)
def test_ids_built_by_the_rules_are_valid(land: str, rest: str, fine: str) -> None:
    body = land + rest + (f"-{fine}" if fine else "")
    assert is_valid_leitweg_id(f"{body}-{check_digits(body)}")
