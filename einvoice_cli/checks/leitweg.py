"""Leitweg-ID: the routing identifier of a German public buyer (XRechnung BT-10).

Structure as the Leitweg-ID format specification (KoSIT, version 2.0.2) defines it: a
Grobadressierung of 2 to 12 digits whose first two name the Land (01-16) or the Bund (99),
an optional Feinadressierung of up to 30 letters and digits, and two check digits, the parts
separated by ``-``. The check digits follow ISO/IEC 7064 MOD 97-10 over the ID without hyphens,
letters counting A=10 ... Z=35 (the specification's own extension of the standard): the whole
number mod 97 is 1. The hyphens take no part in the arithmetic, so a moved hyphen is caught
by the structure rules or not at all.

This module is pure: it never reads documents; ``checks/documents.py`` applies it to BT-10.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from enum import StrEnum

from einvoice_cli.checks.wording import Wording

LAND_CODES: frozenset[str] = frozenset({*(f"{n:02d}" for n in range(1, 17)), "99"})
"""The first two digits of a Grobadressierung: the Länder 01 (Schleswig-Holstein) to 16
(Thüringen), and 99 for the Bund (format specification, section "Grobadressierung")."""

COARSE_LENGTH = (2, 12)
"""Least and most digits of the Grobadressierung."""
FINE_MAX_LENGTH = 30
"""Most letters and digits of the Feinadressierung."""

_ALPHANUMERIC = re.compile(r"[0-9A-Za-z]+")
_LETTER_VALUES = {c: str(10 + i) for i, c in enumerate(string.ascii_uppercase)}


class LeitwegProblem(StrEnum):
    """What is wrong with a Leitweg-ID; ``.value`` is the JSON spelling."""

    EMPTY = "empty"
    PARTS = "parts"
    COARSE_CHARACTERS = "coarse-characters"
    COARSE_LENGTH = "coarse-length"
    COARSE_LAND = "coarse-land"
    FINE_CHARACTERS = "fine-characters"
    FINE_LENGTH = "fine-length"
    CHECK_FORMAT = "check-format"
    CHECK_DIGITS = "check-digits"


_WORDING: dict[LeitwegProblem, Wording] = {
    LeitwegProblem.EMPTY: Wording("the Leitweg-ID is empty", "die Leitweg-ID ist leer"),
    LeitwegProblem.PARTS: Wording(
        "a Leitweg-ID has 2 or 3 parts separated by '-' (Grobadressierung, optional "
        "Feinadressierung, check digits); this one has {count}",
        "eine Leitweg-ID hat 2 oder 3 durch '-' getrennte Teile (Grobadressierung, optionale "
        "Feinadressierung, Prüfziffer); diese hat {count}",
    ),
    LeitwegProblem.COARSE_CHARACTERS: Wording(
        "the Grobadressierung '{part}' may contain digits only",
        "die Grobadressierung '{part}' darf nur Ziffern enthalten",
    ),
    LeitwegProblem.COARSE_LENGTH: Wording(
        "the Grobadressierung '{part}' has {length} digits; it must have 2 to 12",
        "die Grobadressierung '{part}' hat {length} Ziffern; erlaubt sind 2 bis 12",
    ),
    LeitwegProblem.COARSE_LAND: Wording(
        "the Grobadressierung must begin with a Land code 01-16 or 99 (Bund), not '{code}'",
        "die Grobadressierung muss mit einer Länderkennzahl 01-16 oder 99 (Bund) beginnen, "
        "nicht mit '{code}'",
    ),
    LeitwegProblem.FINE_CHARACTERS: Wording(
        "the Feinadressierung '{part}' may contain letters A-Z and digits only",
        "die Feinadressierung '{part}' darf nur Buchstaben A-Z und Ziffern enthalten",
    ),
    LeitwegProblem.FINE_LENGTH: Wording(
        "the Feinadressierung has {length} characters; at most 30 are allowed",
        "die Feinadressierung hat {length} Zeichen; erlaubt sind höchstens 30",
    ),
    LeitwegProblem.CHECK_FORMAT: Wording(
        "the check digits '{part}' must be exactly two digits",
        "die Prüfziffer '{part}' muss aus genau zwei Ziffern bestehen",
    ),
    LeitwegProblem.CHECK_DIGITS: Wording(
        "the check digits are {given}, but the ID before them needs {expected} "
        "(ISO/IEC 7064 MOD 97-10): {corrected}",
        "die Prüfziffer ist {given}, für die ID davor muss sie {expected} lauten "
        "(ISO/IEC 7064 MOD 97-10): {corrected}",
    ),
}


@dataclass(frozen=True, slots=True)
class LeitwegIssue:
    """One thing wrong with a Leitweg-ID."""

    problem: LeitwegProblem
    values: tuple[tuple[str, str], ...] = ()
    """The facts the message names (the part, its length, the right check digits)."""

    def message(self, lang: str = "en") -> str:
        """The issue in words, in ``lang`` (``en`` or ``de``)."""
        return _WORDING[self.problem].say(lang, **dict(self.values))


@dataclass(frozen=True, slots=True)
class LeitwegCheck:
    """The outcome of checking one Leitweg-ID."""

    leitweg_id: str
    """The ID as given (surrounding whitespace removed)."""
    issues: tuple[LeitwegIssue, ...]
    """What is wrong, in order of the parts; empty for a valid ID."""
    expected_check_digits: str | None = None
    """The check digits the ID needs, when its structure allows computing them."""

    @property
    def valid(self) -> bool:
        """True when nothing is wrong."""
        return not self.issues

    def message(self, lang: str = "en") -> str:
        """All issues in one line, in ``lang``."""
        return "; ".join(issue.message(lang) for issue in self.issues)


def numeric_value(text: str) -> int:
    """The number MOD 97-10 works on: hyphens dropped, letters replaced by 10-35.

    Raises :class:`ValueError` for any character other than letters, digits and hyphens.
    """
    digits = []
    for char in text.replace("-", "").upper():
        if char.isdigit() and char.isascii():
            digits.append(char)
        elif char in _LETTER_VALUES:
            digits.append(_LETTER_VALUES[char])
        else:
            raise ValueError(f"not a letter or digit: {char!r}")
    if not digits:
        raise ValueError("no letters or digits")
    return int("".join(digits))


def check_digits(body: str) -> str:
    """The two MOD 97-10 check digits for ``body`` (a Leitweg-ID without its check digits,
    hyphens allowed): 98 minus the value with ``00`` appended, mod 97."""
    return f"{98 - numeric_value(body + '00') % 97:02d}"


def mod97_valid(text: str) -> bool:
    """True when ``text`` (hyphens allowed) is 1 mod 97, as a correct ID with its check digits
    is."""
    return numeric_value(text) % 97 == 1


def check_leitweg_id(text: str) -> LeitwegCheck:
    """Check the structure and check digits of one Leitweg-ID.

    Every structural problem is listed; the check digits are verified (and the right ones
    named) once the characters allow the arithmetic.
    """
    leitweg_id = text.strip()
    if not leitweg_id:
        return LeitwegCheck(leitweg_id, (LeitwegIssue(LeitwegProblem.EMPTY),))
    parts = leitweg_id.split("-")
    if len(parts) not in (2, 3):
        issue = LeitwegIssue(LeitwegProblem.PARTS, (("count", str(len(parts))),))
        return LeitwegCheck(leitweg_id, (issue,))
    coarse, fine, check = parts[0], parts[1] if len(parts) == 3 else None, parts[-1]
    issues = [*_coarse_issues(coarse), *_fine_issues(fine)]
    check_ok = len(check) == 2 and check.isascii() and check.isdigit()
    if not check_ok:
        issues.append(LeitwegIssue(LeitwegProblem.CHECK_FORMAT, (("part", check),)))
    body = coarse if fine is None else f"{coarse}-{fine}"
    if issues:
        return LeitwegCheck(leitweg_id, tuple(issues))
    expected = check_digits(body)
    if expected != check:
        values = (("given", check), ("expected", expected), ("corrected", f"{body}-{expected}"))
        issues.append(LeitwegIssue(LeitwegProblem.CHECK_DIGITS, values))
    return LeitwegCheck(leitweg_id, tuple(issues), expected)


def is_valid_leitweg_id(text: str) -> bool:
    """True when ``text`` is a Leitweg-ID with correct structure and check digits."""
    return check_leitweg_id(text).valid


def _coarse_issues(coarse: str) -> list[LeitwegIssue]:
    if not (coarse.isascii() and coarse.isdigit()):
        return [LeitwegIssue(LeitwegProblem.COARSE_CHARACTERS, (("part", coarse),))]
    issues = []
    low, high = COARSE_LENGTH
    if not low <= len(coarse) <= high:
        values = (("part", coarse), ("length", str(len(coarse))))
        issues.append(LeitwegIssue(LeitwegProblem.COARSE_LENGTH, values))
    if len(coarse) >= 2 and coarse[:2] not in LAND_CODES:
        issues.append(LeitwegIssue(LeitwegProblem.COARSE_LAND, (("code", coarse[:2]),)))
    return issues


def _fine_issues(fine: str | None) -> list[LeitwegIssue]:
    if fine is None:
        return []
    issues = []
    if not (fine.isascii() and _ALPHANUMERIC.fullmatch(fine)):
        issues.append(LeitwegIssue(LeitwegProblem.FINE_CHARACTERS, (("part", fine),)))
    if len(fine) > FINE_MAX_LENGTH:
        issues.append(LeitwegIssue(LeitwegProblem.FINE_LENGTH, (("length", str(len(fine))),)))
    return issues
