"""Finnish VAT rates (arvonlisävero) by date.

The rate of a purchase is decided by its date (delivery or completion), never by the date it is
entered. Each rate row below carries its validity range; ``None`` means the range is open on that side.
Rows whose start is open began before anything this service handles; the rules source gives no start
date for them, so none is invented here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ._util import as_date
from .errors import RateNotAvailable
from .money import ensure_decimal

GENERAL = "general"
REDUCED_FOOD = "reduced_food"
REDUCED_OTHER = "reduced_other"
ZERO = "zero"

# Netvisor voucher-line VAT code hints: a typical domestic purchase line carries code KOOS with the
# percent of the rate; the counter line to the employee payable carries NONE at 0 %.
NETVISOR_VAT_CODE_DOMESTIC_PURCHASE = "KOOS"
NETVISOR_VAT_CODE_NONE = "NONE"


@dataclass(frozen=True)
class VatRate:
    """One named rate with the dates it applies to (both ends inclusive, ``None`` = open)."""

    name: str
    percent: Decimal
    valid_from: date | None
    valid_to: date | None
    label: str = ""

    def valid_on(self, day: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= day
        return starts_ok and (self.valid_to is None or day <= self.valid_to)


_LABELS = {
    GENERAL: "General rate",
    REDUCED_FOOD: "Reduced rate: food, restaurants (from 2025 also books, accommodation, "
    "passenger transport, medicines, events)",
    REDUCED_OTHER: "Reduced rate: the rest of the former 10 % group",
    ZERO: "Zero rate",
}


def _rate(name: str, percent: str, valid_from: date | None, valid_to: date | None) -> VatRate:
    return VatRate(name, Decimal(percent), valid_from, valid_to, _LABELS[name])


VAT_RATES: tuple[VatRate, ...] = (
    # General rate 24 % until 31.8.2024 (Verohallinto VAT-rate change notice, general rate raised 1.9.2024).
    _rate(GENERAL, "24", None, date(2024, 8, 31)),
    # General rate 25.5 % from 1.9.2024 (Verohallinto VAT-rate change notice; unchanged in 2025 and 2026).
    _rate(GENERAL, "25.5", date(2024, 9, 1), None),
    # 14 % group: food and restaurants; from 1.1.2025 also books, accommodation, passenger transport,
    # medicines and events moved here (Verohallinto notice on the 2025 rate-group change).
    _rate(REDUCED_FOOD, "14", None, date(2025, 12, 31)),
    # The 14 % rate lowered to 13.5 % from 1.1.2026 (Verohallinto VAT-rate change notice for 2026).
    _rate(REDUCED_FOOD, "13.5", date(2026, 1, 1), None),
    # 10 %: what remains of the former 10 % group; unchanged through 2026 (Verohallinto VAT-rate notices).
    _rate(REDUCED_OTHER, "10", None, None),
    # 0 %: zero-rated supplies (Arvonlisäverolaki); unchanged.
    _rate(ZERO, "0", None, None),
)


def rates_on(day: date) -> list[VatRate]:
    """All rates in force on ``day``, highest percent first."""
    when = as_date(day, "date")
    valid = [rate for rate in VAT_RATES if rate.valid_on(when)]
    return sorted(valid, key=lambda rate: rate.percent, reverse=True)


def rate_on(name: str, day: date) -> VatRate:
    """The named rate (``GENERAL``, ``REDUCED_FOOD``, ``REDUCED_OTHER``, ``ZERO``) in force on ``day``."""
    when = as_date(day, "date")
    for rate in rates_on(when):
        if rate.name == name:
            return rate
    raise RateNotAvailable("vat_rate", f"no VAT rate named {name!r} is in force on {when.isoformat()}")


def class_percent(name: str, day: date) -> Decimal:
    """The percent of a rate class on ``day``: ``GENERAL`` is 24 on 2024-08-31 and 25.5 a day later."""
    return rate_on(name, day).percent


def is_valid_rate(percent: Decimal, day: date) -> bool:
    """Whether ``percent`` (e.g. ``Decimal("25.5")``) is a Finnish VAT rate in force on ``day``."""
    wanted = ensure_decimal(percent, "vat_percent")
    return any(rate.percent == wanted for rate in rates_on(day))
