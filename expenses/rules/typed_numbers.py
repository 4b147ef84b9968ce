"""Read a number as a Finnish or English user types it: ``12,90``, ``12.90``, ``1 234,50``.

Browsers and people disagree on separators, and reading one wrongly is a hundredfold error on a book
entry, so anything that could mean two different amounts is refused rather than guessed:

* one comma or one point is the decimal separator (``12,90`` = ``12.90``);
* spaces (also no-break and narrow no-break spaces) may group thousands, in groups of exactly three
  (``1 234,50``); ``12 90`` is refused;
* a comma and a point together (``1,234.50`` or ``1.234,50``) are refused: which one is the decimal
  separator depends on who typed it;
* only the digits 0–9: ``Decimal`` itself would also read other scripts' digits (``²``, ``١``).

A euro sign before or after the number is ignored.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})
_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")
_PLAIN = re.compile(r"[0-9]+")
_FRACTION = re.compile(r"[0-9]+")


class Problem(StrEnum):
    EMPTY = "empty"
    AMBIGUOUS = "ambiguous"
    NOT_A_NUMBER = "not_a_number"


class TypedNumberError(ValueError):
    """``problem`` says why; the form or serializer turns it into a message in the user's language."""

    def __init__(self, problem: Problem, text: str) -> None:
        self.problem = problem
        super().__init__(f"{problem}: {text!r}")


def parse_typed_decimal(text: str) -> Decimal:
    """The number ``text`` means, exactly; raises :class:`TypedNumberError` when it is not one number."""
    cleaned = text.translate(_SPACES).strip().strip("€").strip()
    if not cleaned:
        raise TypedNumberError(Problem.EMPTY, text)
    sign, digits = _split_sign(cleaned)
    if "," in digits and "." in digits:
        raise TypedNumberError(Problem.AMBIGUOUS, text)
    whole, _mark, fraction = digits.replace(",", ".").partition(".")
    whole = whole.strip()
    if not _whole_part_ok(whole, bool(fraction)) or (fraction and not _FRACTION.fullmatch(fraction)):
        raise TypedNumberError(Problem.NOT_A_NUMBER, text)
    number = whole.replace(" ", "") or "0"
    return Decimal(f"{sign}{number}.{fraction}" if fraction else f"{sign}{number}")


def _split_sign(text: str) -> tuple[str, str]:
    # U+2212 is the minus sign a Finnish keyboard layout or a copied document may give.
    if text[:1] in {"-", "\u2212"}:
        return "-", text[1:].lstrip()
    return "", text


def _whole_part_ok(whole: str, has_fraction: bool) -> bool:
    if not whole:
        return has_fraction  # ",50" is half a euro; "12," is twelve
    return bool(_PLAIN.fullmatch(whole) or _GROUPED.fullmatch(whole))
