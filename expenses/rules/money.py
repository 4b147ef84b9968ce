"""Money helpers on ``Decimal`` only.

* Floats are refused everywhere with ``TypeError``: a float cannot hold 0.10 exactly, so accepting one
  would hide rounding errors. Pass ``Decimal("0.10")`` (or an ``int``).
* Rounding is ``ROUND_HALF_UP`` to two decimals at the line level. Ties round away from zero, so the
  rounding of a negative amount is the mirror image of the positive one.
* Internally exact fractions are used, so results never depend on the thread's ``decimal`` context.

Currency convention (ECB): an exchange ``rate`` is the number of units of the foreign currency that
one euro buys, e.g. USD 1.0850 means 1 EUR = 1.0850 USD. Hence ``EUR = foreign amount / rate``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor

from ._util import CENT
from .errors import InvalidAmount

ZERO = Decimal("0.00")


def ensure_decimal(value: object, field: str = "amount") -> Decimal:
    """Return ``value`` as a finite ``Decimal``; ``Decimal`` and ``int`` are accepted, floats are not."""
    if isinstance(value, float):
        raise TypeError(f"{field}: floats are not accepted for money, pass a Decimal (got {value!r})")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{field}: expected Decimal, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidAmount(field, f"must be a finite number (got {number})")
    return number


def quantize_cents(amount: Decimal) -> Decimal:
    """Round to two decimals, half up (0.005 → 0.01, -0.005 → -0.01)."""
    number = ensure_decimal(amount)
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def require_cents(amount: object, field: str = "amount") -> Decimal:
    """Return ``amount`` with exactly two decimals; refuse amounts with fractions of a cent."""
    number = ensure_decimal(amount, field)
    if 100 % number.as_integer_ratio()[1]:
        raise InvalidAmount(field, f"must have at most 2 decimals (got {number})")
    return _round_fraction(Fraction(number))


def _round_fraction(value: Fraction) -> Decimal:
    """Round an exact fraction half up (away from zero on ties) to cents."""
    cents = floor(abs(value) * 100 + Fraction(1, 2))
    return Decimal(-cents if value < 0 else cents) * CENT


@dataclass(frozen=True)
class VatSplit:
    """A gross amount split into net and VAT; ``net + vat`` is the gross exactly."""

    net: Decimal
    vat: Decimal

    @property
    def gross(self) -> Decimal:
        return self.net + self.vat


def split_gross(gross: Decimal, rate_percent: Decimal) -> VatSplit:
    """Split a VAT-inclusive amount: VAT = round(gross × rate / (100 + rate)), net = gross − VAT.

    ``gross`` must have at most two decimals (it is never silently rounded); it may be negative
    (credit notes), and then VAT is negative too. ``rate_percent`` is e.g. ``Decimal("25.5")``.
    """
    amount = require_cents(gross, "gross")
    rate = ensure_decimal(rate_percent, "rate_percent")
    if rate < 0 or rate >= 100:
        raise InvalidAmount("rate_percent", f"must be at least 0 and below 100 (got {rate})")
    vat = _round_fraction(Fraction(amount) * Fraction(rate) / (100 + Fraction(rate)))
    return VatSplit(net=amount - vat, vat=vat)


def allocate(total: Decimal, weights: Sequence[Decimal | int]) -> list[Decimal]:
    """Split ``total`` into ``len(weights)`` cent amounts proportional to ``weights`` that sum exactly.

    Largest-remainder method: every share is first rounded down to whole cents, the cents left over go
    to the shares with the largest remainders (ties: the earlier line). A negative total is split like
    its absolute value and negated. Weights must be non-negative with a positive sum.
    """
    amount = require_cents(total, "total")
    parts = _check_weights(weights)
    cents = abs(int(Fraction(amount) * 100))
    weight_sum = sum(parts, Fraction(0))
    exact = [Fraction(cents) * part / weight_sum for part in parts]
    shares = [floor(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for index in by_remainder[: cents - sum(shares)]:
        shares[index] += 1
    sign = -1 if amount < 0 else 1
    return [Decimal(sign * share) * CENT for share in shares]


def _check_weights(weights: Sequence[Decimal | int]) -> list[Fraction]:
    if isinstance(weights, str | bytes) or not isinstance(weights, Sequence) or not weights:
        raise InvalidAmount("weights", "give at least one weight")
    parts = [Fraction(ensure_decimal(weight, "weights")) for weight in weights]
    if any(part < 0 for part in parts):
        raise InvalidAmount("weights", "weights must not be negative")
    if sum(parts) == 0:
        raise InvalidAmount("weights", "at least one weight must be above 0")
    return parts


def to_eur(amount: Decimal, rate: Decimal) -> Decimal:
    """Convert a foreign ``amount`` to euros, rounded half up to cents.

    ``rate`` follows the ECB convention: units of the foreign currency per 1 EUR
    (USD 1.0850 → 100.00 USD = 100.00 / 1.0850 = 92.17 EUR).
    """
    value = ensure_decimal(amount, "amount")
    per_euro = ensure_decimal(rate, "rate")
    if per_euro <= 0:
        raise InvalidAmount("rate", f"must be above 0 (got {per_euro})")
    return _round_fraction(Fraction(value) / Fraction(per_euro))


@dataclass(frozen=True)
class ConvertedAmount:
    """What must be stored for a foreign-currency expense: original amount, the rate and its origin."""

    amount: Decimal
    currency: str
    rate: Decimal
    rate_date: date
    rate_source: str
    eur: Decimal


def convert_to_eur(amount: Decimal, currency: str, rate: Decimal, rate_date: date, rate_source: str) -> ConvertedAmount:
    """Convert with :func:`to_eur` and keep the record. For ``EUR`` the rate must be 1."""
    code = currency.strip().upper() if isinstance(currency, str) else ""
    if len(code) != 3 or not code.isalpha() or not code.isascii():
        raise InvalidAmount("currency", f"must be a 3-letter ISO 4217 code (got {currency!r})")
    if code == "EUR" and ensure_decimal(rate, "rate") != 1:
        raise InvalidAmount("rate", "must be 1 for amounts already in EUR")
    if not rate_source.strip():
        raise InvalidAmount("rate_source", "say where the rate comes from (e.g. ECB reference rate)")
    eur = to_eur(amount, rate)
    return ConvertedAmount(amount, code, Decimal(rate), rate_date, rate_source.strip(), eur)
