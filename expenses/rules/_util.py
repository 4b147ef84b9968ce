"""Small shared helpers: date coercion and the text formats used in explanation lines.

Explanation lines always use "." as the decimal separator and "€" for euros.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def as_date(value: object, field: str) -> date:
    """Return the calendar date of a ``date`` or ``datetime``; anything else is a programming error."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"{field}: expected a date, got {type(value).__name__}")


def fmt_eur(amount: Decimal) -> str:
    """``Decimal("12.5")`` → ``"12.50 €"`` (half-up to cents)."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP)} €"


def fmt_number(value: Decimal) -> str:
    """Plain number without trailing zeros and without exponent: 120.0 → "120", 12.50 → "12.5"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def fmt_rate(value: Decimal) -> str:
    """A per-unit rate with at least two decimals: 0.1 → "0.10", 0.055 → "0.055"."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        normal = normal.quantize(CENT)
    return format(normal, "f")


def fmt_duration(span: timedelta) -> str:
    """``timedelta(hours=6, minutes=40)`` → ``"6 h 40 min"``; days as "d", seconds only when present."""
    seconds = span // timedelta(seconds=1)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{days} d"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes else []
    parts += [f"{secs} s"] if secs else []
    return " ".join(parts) or "0 min"


def fmt_stamp(moment: datetime) -> str:
    """``2026-03-02 08:00`` (minutes precision, no time zone)."""
    return moment.strftime("%Y-%m-%d %H:%M")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "meal")`` → ``"1 meal"``, ``plural(2, "meal")`` → ``"2 meals"``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
