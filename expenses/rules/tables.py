"""Tax-free travel allowance tables (Verohallinto decision per calendar year).

An expense is paid by the table in force on its date, even when it is entered in a later year, so
every figure lives in a table keyed by its validity range; nothing here is a bare constant.

To add a year: copy a ``_RATES_YYYY`` / ``_FOREIGN_YYYY`` pair, put the decision's record number in the
comments and add an ``AllowanceTable`` to ``TABLES``. To add a foreign country: one line in the
``_FOREIGN_YYYY`` dict, keyed ``(ISO 3166 alpha-2, None)`` or ``(country, "City")`` for a city rate.

Foreign per diems: only the figures a public source confirms ship here, each with its source. Every other
country (see ``countries``) is still enterable: a company admin enters the decision's figure once per year
(``EnteredRate``, stored by the app), and until then the traveller types the day rate from the decision
(``foreign_per_diem(employee_rate=...)``). A figure is never guessed.

Confirm each figure against the decision text before a release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

from ._util import as_date
from .countries import is_known
from .errors import InvalidAmount, InvalidTrip, RateNotAvailable

_D = Decimal


class Allowance(StrEnum):
    KM_CAR = "km_car"
    KM_EXTRA_PASSENGER = "km_extra_passenger"
    KM_TRAILER = "km_trailer"
    KM_HEAVY_LOAD = "km_heavy_load"
    KM_MOTORCYCLE = "km_motorcycle"
    PER_DIEM_PARTIAL = "per_diem_partial"
    PER_DIEM_FULL = "per_diem_full"
    MEAL_ONE = "meal_one"
    MEAL_TWO = "meal_two"
    NIGHT_TRAVEL = "night_travel"


LABELS: Mapping[Allowance, str] = MappingProxyType(
    {
        Allowance.KM_CAR: "kilometre allowance, own car",
        Allowance.KM_EXTRA_PASSENGER: "kilometre allowance increase per extra passenger",
        Allowance.KM_TRAILER: "kilometre allowance increase for a trailer",
        Allowance.KM_HEAVY_LOAD: "kilometre allowance increase for a machine over 80 kg or a bulky item",
        Allowance.KM_MOTORCYCLE: "kilometre allowance, motorcycle",
        Allowance.PER_DIEM_PARTIAL: "domestic partial per diem",
        Allowance.PER_DIEM_FULL: "domestic full per diem",
        Allowance.MEAL_ONE: "meal allowance, one meal",
        Allowance.MEAL_TWO: "meal allowance, two meals",
        Allowance.NIGHT_TRAVEL: "night travel allowance",
    }
)

ForeignKey = tuple[str, str | None]


@dataclass(frozen=True)
class AllowanceTable:
    """One year's decision. A missing entry in ``rates`` means the figure is not known for that year."""

    year: int
    valid_from: date
    valid_to: date
    source: str
    rates: Mapping[Allowance, Decimal]
    foreign: Mapping[ForeignKey, Decimal] = field(default_factory=dict)
    unconfirmed: frozenset[Allowance] = frozenset()
    complete: bool = True

    def covers(self, day: date) -> bool:
        return self.valid_from <= day <= self.valid_to


RateSource = Literal["decision", "company", "employee"]


@dataclass(frozen=True)
class ForeignRate:
    """A foreign per diem found for a country (and city, when the city has its own rate).

    ``source``: "decision" (this module's table), "company" (entered by a company admin from the
    decision; ``entered_by`` names them) or "employee" (the day rate the traveller typed from the decision).
    """

    country: str
    city: str | None
    amount: Decimal
    year: int
    source: RateSource = "decision"
    entered_by: str = ""


@dataclass(frozen=True)
class EnteredRate:
    """A foreign per diem a company admin entered from the decision, for one year (and city, if any)."""

    year: int
    country: str
    city: str | None
    amount: Decimal
    entered_by: str


class DayRateMissing(RateNotAvailable):
    """Neither the table nor the company has a figure: the traveller must give the decision's day rate."""

    def __init__(self, country: str, year: int) -> None:
        self.country = country
        self.year = year
        super().__init__(
            "day_rate", f"no foreign per diem for {country} in {year}: enter the day rate from the decision"
        )


# --- 2024 -------------------------------------------------------------------------------------------
# NOT a complete table: only the 2024 figures our sources quote next to the 2025/2026 ones
# (Verohallinto decision "Tax-exempt allowances in 2024 for business travel"; record number not noted).
# Source of each row: public summaries of the 2025 decision (accounting firms', rydoo's, mobilexpense's)
# that give the 2024 figure beside the new one. Every other 2024 lookup raises RateNotAvailable (e.g. the two-meal
# meal allowance: no source prints it). No 2024 foreign per diems: a company admin enters them.
_SOURCE_2024 = "2024 decision, as quoted by public summaries of the 2025 decision"
_RATES_2024 = {
    Allowance.KM_CAR: _D("0.57"),  # _SOURCE_2024
    Allowance.KM_EXTRA_PASSENGER: _D("0.04"),  # _SOURCE_2024
    Allowance.KM_MOTORCYCLE: _D("0.44"),  # _SOURCE_2024
    Allowance.PER_DIEM_PARTIAL: _D("24"),  # _SOURCE_2024 (osapäiväraha)
    Allowance.PER_DIEM_FULL: _D("51"),  # _SOURCE_2024 (kokopäiväraha)
    Allowance.MEAL_ONE: _D("12.75"),  # _SOURCE_2024 (ateriakorvaus, one meal)
    Allowance.NIGHT_TRAVEL: _D("16"),  # _SOURCE_2024 (yömatkaraha)
}

# --- 2025 -------------------------------------------------------------------------------------------
# Verohallinto "Tax-exempt allowances in 2025 for business travel", record VH/6768/00.01.00/2024.
# Night travel allowance: our sources only quote the 2024 figure, so it is left out (lookups raise
# RateNotAvailable) until checked against the decision text.
_RATES_2025 = {
    Allowance.KM_CAR: _D("0.59"),  # VH/6768/00.01.00/2024
    # VH/6768/00.01.00/2024, as three public summaries of the 2025 decision agree
    Allowance.KM_EXTRA_PASSENGER: _D("0.04"),
    Allowance.KM_TRAILER: _D("0.10"),  # VH/6768/00.01.00/2024
    Allowance.KM_HEAVY_LOAD: _D("0.04"),  # VH/6768/00.01.00/2024 (machine over 80 kg or bulky item)
    # VH/6768/00.01.00/2024 as quoted by rydoo, mobilexpense and truster
    Allowance.KM_MOTORCYCLE: _D("0.45"),
    Allowance.PER_DIEM_PARTIAL: _D("24"),  # VH/6768/00.01.00/2024 (osapäiväraha, over 6 h)
    Allowance.PER_DIEM_FULL: _D("53"),  # VH/6768/00.01.00/2024 (kokopäiväraha, over 10 h)
    Allowance.MEAL_ONE: _D("13.25"),  # VH/6768/00.01.00/2024 (ateriakorvaus)
    Allowance.MEAL_TWO: _D("26.50"),  # VH/6768/00.01.00/2024
}
# Foreign per diems 2025: only the example our sources quote; a company admin enters the others.
_FOREIGN_2025: dict[ForeignKey, Decimal] = {
    ("DE", None): _D("77"),  # Germany — VH/6768/00.01.00/2024, as quoted by public summaries
}

# --- 2026 -------------------------------------------------------------------------------------------
# Verohallinto "Tax-exempt allowances in 2026 for business travel", issued 7.11.2025,
# record VH/6575/00.01.00/2025, in force from 1.1.2026.
_RATES_2026 = {
    Allowance.KM_CAR: _D("0.55"),  # VH/6575/00.01.00/2025 (down from 0.59 in 2025)
    Allowance.KM_EXTRA_PASSENGER: _D("0.04"),  # VH/6575/00.01.00/2025
    Allowance.KM_TRAILER: _D("0.09"),  # VH/6575/00.01.00/2025
    Allowance.KM_HEAVY_LOAD: _D("0.04"),  # VH/6575/00.01.00/2025 (machine over 80 kg or bulky item)
    Allowance.KM_MOTORCYCLE: _D("0.42"),  # VH/6575/00.01.00/2025
    Allowance.PER_DIEM_PARTIAL: _D("25"),  # VH/6575/00.01.00/2025 (osapäiväraha, over 6 h)
    Allowance.PER_DIEM_FULL: _D("54"),  # VH/6575/00.01.00/2025 (kokopäiväraha, over 10 h)
    # VH/6575/00.01.00/2025; one summary prints 13.20 €, but 27.00 € / 2 = 13.50 € — verify.
    Allowance.MEAL_ONE: _D("13.50"),
    Allowance.MEAL_TWO: _D("27.00"),  # VH/6575/00.01.00/2025
    Allowance.NIGHT_TRAVEL: _D("16"),  # VH/6575/00.01.00/2025 (yömatkaraha)
}
# Foreign per diems 2026 (ulkomaanpäivärahat), VH/6575/00.01.00/2025 appendix. Only the countries our
# sources quote; the decision has the full list. Key: (ISO 3166 alpha-2, city or None for the country).
_FOREIGN_2026: dict[ForeignKey, Decimal] = {
    ("SE", None): _D("70"),  # Sweden — VH/6575/00.01.00/2025
    ("NO", None): _D("72"),  # Norway — VH/6575/00.01.00/2025
    ("DK", None): _D("82"),  # Denmark — VH/6575/00.01.00/2025
    ("EE", None): _D("82"),  # Estonia — VH/6575/00.01.00/2025
    ("LV", None): _D("76"),  # Latvia — VH/6575/00.01.00/2025
    ("LT", None): _D("75"),  # Lithuania — VH/6575/00.01.00/2025
    ("DE", None): _D("78"),  # Germany — VH/6575/00.01.00/2025
    ("FR", None): _D("80"),  # France — VH/6575/00.01.00/2025
    ("GB", None): _D("84"),  # United Kingdom — VH/6575/00.01.00/2025
    ("GB", "London"): _D("89"),  # VH/6575/00.01.00/2025
    ("GB", "Edinburgh"): _D("89"),  # VH/6575/00.01.00/2025
    ("US", None): _D("86"),  # USA — VH/6575/00.01.00/2025
    ("US", "New York"): _D("93"),  # VH/6575/00.01.00/2025
    ("US", "Los Angeles"): _D("93"),  # VH/6575/00.01.00/2025
    ("US", "Washington DC"): _D("93"),  # VH/6575/00.01.00/2025
}


def _table(
    year: int,
    source: str,
    rates: dict[Allowance, Decimal],
    foreign: dict[ForeignKey, Decimal] | None = None,
    unconfirmed: frozenset[Allowance] = frozenset(),
    complete: bool = True,
) -> AllowanceTable:
    return AllowanceTable(
        year=year,
        valid_from=date(year, 1, 1),
        valid_to=date(year, 12, 31),
        source=source,
        rates=MappingProxyType(rates),
        foreign=MappingProxyType(foreign or {}),
        unconfirmed=unconfirmed,
        complete=complete,
    )


TABLES: tuple[AllowanceTable, ...] = (
    _table(
        2024,
        "Verohallinto decision for 2024 (partial: figures quoted by the summaries of the 2025 decision)",
        _RATES_2024,
        complete=False,
    ),
    _table(
        2025,
        "Verohallinto decision VH/6768/00.01.00/2024, in force 1.1.2025",
        _RATES_2025,
        foreign=_FOREIGN_2025,
    ),
    _table(
        2026,
        "Verohallinto decision VH/6575/00.01.00/2025, in force 1.1.2026",
        _RATES_2026,
        foreign=_FOREIGN_2026,
    ),
)


def table_for(day: date, field: str = "date") -> AllowanceTable:
    """The allowance table in force on ``day``; ``RateNotAvailable`` names the date when there is none."""
    when = as_date(day, field)
    for table in TABLES:
        if table.covers(when):
            return table
    first, last = TABLES[0].valid_from.isoformat(), TABLES[-1].valid_to.isoformat()
    raise RateNotAvailable(
        field, f"no travel allowance table covers {when.isoformat()} (tables exist for {first} – {last})"
    )


def allowance(day: date, item: Allowance, field: str = "date") -> Decimal:
    """The amount of ``item`` on ``day``, e.g. ``allowance(date(2026, 5, 4), Allowance.KM_CAR)``."""
    table = table_for(day, field)
    try:
        return table.rates[item]
    except KeyError:
        when = as_date(day, field).isoformat()
        raise RateNotAvailable(field, f"the {LABELS[item]} for {when} is not in the {table.year} table yet") from None


def is_unconfirmed(day: date, item: Allowance) -> bool:
    """True when the figure used for ``day`` is marked as not yet confirmed from the decision text."""
    return item in table_for(day).unconfirmed


def normalize_country(country: str, field: str = "destination") -> str:
    """``" se "`` → ``"SE"``; anything but a known two-letter country or region code is an ``InvalidTrip``."""
    code = country.strip().upper() if isinstance(country, str) else ""
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidTrip(field, f"must be an ISO 3166 two-letter country code (got {country!r})")
    if not is_known(code):
        raise InvalidTrip(field, f"{code} is not a country or region a trip can go to")
    return code


def city_key(city: str | None) -> str:
    """What city names are compared by: "Washington D.C." and "washington dc" are the same city."""
    return "".join(ch for ch in (city or "").casefold() if ch.isalnum())


def check_day_rate(amount: Decimal, field: str = "day_rate") -> Decimal:
    """A foreign per diem typed by a person: above 0, at most 1000 €, at most two decimals."""
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0 or amount > 1000:
        raise InvalidAmount(field, f"must be above 0 and at most 1000 € (got {amount})")
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidAmount(field, f"at most 2 decimals (got {amount})")
    return amount


def decision_rate(year: int, country: str, city: str | None = None) -> Decimal | None:
    """The figure this module ships for exactly (country, city) in ``year``, or None."""
    for table in TABLES:
        if table.year == year:
            found = _table_rate(table, country, city)
            return found.amount if found else None
    return None


def foreign_per_diem(
    day: date,
    country: str,
    city: str | None = None,
    field: str = "date",
    *,
    company_rates: Sequence[EnteredRate] = (),
    employee_rate: Decimal | None = None,
) -> ForeignRate:
    """Foreign per diem for ``country`` (and ``city`` when it has its own rate) on ``day``.

    Looked up in this order: the table's city rate, the company's city rate, the table's country rate,
    the company's country rate, and finally ``employee_rate`` (the day rate the traveller typed from the
    decision). A city without its own rate falls back to the country rate; city names match case- and
    punctuation-insensitively ("washington d.c." finds "Washington DC"). Raises ``DayRateMissing``
    (field "day_rate") when there is no figure at all: a figure is never guessed.
    """
    table = table_for(day, field)
    code = normalize_country(country)
    candidates = [_table_rate(table, code, city), _company_rate(table.year, code, city, company_rates)] if city else []
    candidates += [_table_rate(table, code, None), _company_rate(table.year, code, None, company_rates)]
    for found in candidates:
        if found:
            return found
    if employee_rate is not None:
        return ForeignRate(code, None, check_day_rate(employee_rate), table.year, "employee")
    raise DayRateMissing(code, table.year)


def _table_rate(table: AllowanceTable, code: str, city: str | None) -> ForeignRate | None:
    for (key_country, key_city), amount in table.foreign.items():
        if key_country == code and city_key(key_city) == city_key(city):
            return ForeignRate(code, key_city, amount, table.year)
    return None


def _company_rate(year: int, code: str, city: str | None, rates: Sequence[EnteredRate]) -> ForeignRate | None:
    for rate in rates:
        if (rate.year, rate.country) == (year, code) and city_key(rate.city) == city_key(city):
            return ForeignRate(code, rate.city or None, rate.amount, year, "company", rate.entered_by)
    return None


def has_figure(year: int, country: str, city: str | None = None, company_rates: Sequence[EnteredRate] = ()) -> bool:
    """True when a trip to ``country`` (``city``) in ``year`` needs no day rate from the traveller."""
    try:
        foreign_per_diem(date(year, 1, 1), country, city, company_rates=company_rates)
    except RateNotAvailable:
        return False
    return True


def figure_keys(company_rates: Sequence[EnteredRate] = ()) -> dict[int, list[str]]:
    """Per year, the places that have a foreign per diem: "SE" for a country, "GB/london" for a city
    (``city_key``). A page uses it to ask for the traveller's day rate only when there is no figure."""
    keys: dict[int, set[str]] = {table.year: set() for table in TABLES}
    places = [(table.year, code, city) for table in TABLES for code, city in table.foreign]
    places += [(rate.year, rate.country, rate.city) for rate in company_rates]
    for year, code, city in places:
        if year in keys:
            keys[year].add(f"{code}/{city_key(city)}" if city else code)
    return {year: sorted(found) for year, found in keys.items()}
