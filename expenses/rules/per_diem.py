"""Per diems (päiväraha) and meal allowance (ateriakorvaus) under the Verohallinto decisions.

Travel days (matkavuorokausi) are 24 h periods counted from departure. The caller checks that the trip
goes to a special place of work more than 15 km from both the regular workplace and home.

Domestic trips (``destination="FI"``):
* A trip of one travel day (24 h or less): over 6 h → partial per diem; over 10 h → full per diem.
* Longer trips: each full travel day → full per diem; the last, started day: at least 2 h past the last
  full travel day → partial, more than 6 h → full; under 2 h → nothing.
* Free meals: a full per diem is halved by two (or more) free meals; one free meal does not reduce it
  (Verohallinto guidance of 17 Dec 2024). A partial per diem is halved by one free meal.

Trips abroad (any other ISO country code). The rules source gives the 10 h minimum, the country rule and
the two-meal halving, but NOT the rule for the last, started travel day. Applied here, as decided for
this project and TO BE CONFIRMED AGAINST THE DECISION TEXT:
* The whole trip must last at least 10 h for a foreign per diem. A shorter trip abroad is paid by the
  domestic rules and amounts (Finnish accounting summaries of the decision say so), e.g. 8 h in
  Tallinn → the domestic partial per diem.
* A trip of one travel day of at least 10 h → the country's full rate.
* Each full travel day → the country's full rate.
* The last, started day: more than 10 h past the last full travel day → the country's full rate;
  at least 2 h (same threshold as at home) → half of the country's rate; under 2 h → nothing.
  (The domestic partial per diem is not used on trips abroad.)
* Free meals: the country's full rate is halved by two free meals; the half rate of the last day is
  treated like a partial per diem and halved by one free meal.
* The rate is that of the country where the travel day ends: by default the destination for every day;
  ``day_countries`` gives one entry per travel day to override it (``None`` keeps the destination).

Common rules:
* Which year's table applies: the one in force on the date on which each travel day starts, so a trip
  over the new year is paid the old rate for days starting in the old year.
* Times are counted in the departure's time zone: aware datetimes are converted to the zone of
  ``departure`` and compared as wall-clock times; naive datetimes are taken as they are.
* ``return_`` must be after ``departure``; a trip may last at most 365 days.
* Free meals: a list (one count per travel day, may be shorter) or a mapping keyed by 0-based travel
  day index or by the date on which the travel day starts; 0–3 meals per day.
* Each day's amount is rounded half up to cents; the total is their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from ._travel_days import (
    DayCountry,
    FreeMeals,
    Span,
    meals_per_day,
    places_per_day,
    split_travel_days,
    trip_times,
)
from ._util import as_date, fmt_duration, fmt_eur, fmt_stamp, plural
from .errors import InvalidTrip
from .money import ZERO, quantize_cents
from .tables import Allowance, ForeignRate, allowance, foreign_per_diem, normalize_country, table_for

DayKind = Literal["full", "partial", "foreign_full", "foreign_half", "none"]
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class TravelDayResult:
    """One travel day: what it is entitled to, the rate, the free-meal reduction and why."""

    index: int
    start: datetime
    end: datetime
    kind: DayKind
    country: str
    city: str | None
    rate: Decimal  # before free meals; for "foreign_half" already half of the country rate
    free_meals: int
    halved: bool
    amount: Decimal
    explanation: str

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class PerDiemResult:
    total: Decimal
    days: list[TravelDayResult]
    lines: list[str]
    duration: timedelta
    foreign: bool


@dataclass(frozen=True)
class MealAllowanceResult:
    amount: Decimal
    lines: list[str]


def calculate_per_diem(
    departure: datetime,
    return_: datetime,
    destination: str = "FI",
    free_meals: FreeMeals = None,
    *,
    city: str | None = None,
    day_countries: Sequence[DayCountry] | None = None,
) -> PerDiemResult:
    """Per diems for a trip; the rules applied are listed in the module docstring."""
    start, end = trip_times(departure, return_)
    spans = split_travel_days(start, end)
    meals = meals_per_day(free_meals, spans)
    country = normalize_country(destination)
    if country != "FI" and end - start < 10 * HOUR:
        return _short_trip_abroad(departure, return_, free_meals)
    places = _places(country, city, day_countries, len(spans))
    mixed_years = len({table_for(span.start, "departure").year for span in spans}) > 1
    trip = _Trip(end - start, len(spans), mixed_years)
    days = [_day(span, trip, meals[span.index], places[span.index]) for span in spans]
    return _result(days, trip, country != "FI")


def _short_trip_abroad(departure: datetime, return_: datetime, free_meals: FreeMeals) -> PerDiemResult:
    domestic = calculate_per_diem(departure, return_, "FI", free_meals)
    lines = ["Trip abroad under 10 h → domestic rules and amounts", *domestic.lines]
    return PerDiemResult(domestic.total, domestic.days, lines, domestic.duration, foreign=True)


def _places(
    country: str, city: str | None, day_countries: Sequence[DayCountry] | None, day_count: int
) -> list[tuple[str, str | None]]:
    if country != "FI":
        return places_per_day(country, city, day_countries, day_count)
    if day_countries is not None:
        raise InvalidTrip("day_countries", "only for trips abroad")
    return [("FI", None)] * day_count


@dataclass(frozen=True)
class _Trip:
    length: timedelta
    day_count: int
    mixed_years: bool


def _kind(span: Span, trip: _Trip, foreign: bool) -> tuple[DayKind, str]:
    """Entitlement of one travel day and, when there is none, the reason."""
    if trip.day_count == 1 and foreign:
        return "foreign_full", ""
    if trip.day_count == 1:
        if span.length > 10 * HOUR:
            return "full", ""
        if span.length > 6 * HOUR:
            return "partial", ""
        return "none", "not over 6 h"
    if span.full or span.length > (10 if foreign else 6) * HOUR:
        return ("foreign_full" if foreign else "full"), ""
    if span.length >= 2 * HOUR:
        return ("foreign_half" if foreign else "partial"), ""
    return "none", "under 2 h past the last full travel day"


def _rate(span: Span, kind: DayKind, place: tuple[str, str | None]) -> tuple[Decimal, ForeignRate | None]:
    """The day's amount before free meals (for ``foreign_half`` already half the country rate)."""
    if kind == "none":
        return ZERO, None
    if kind in ("full", "partial"):
        item = Allowance.PER_DIEM_FULL if kind == "full" else Allowance.PER_DIEM_PARTIAL
        return allowance(span.start, item, "departure"), None
    found = foreign_per_diem(span.start, place[0], place[1], "departure")
    return (found.amount if kind == "foreign_full" else found.amount / 2), found


def _day(span: Span, trip: _Trip, meals: int, place: tuple[str, str | None]) -> TravelDayResult:
    kind, reason = _kind(span, trip, place[0] != "FI")
    rate, found = _rate(span, kind, place)
    halved = kind != "none" and meals >= (2 if kind in ("full", "foreign_full") else 1)
    amount = quantize_cents(rate / 2 if halved else rate)
    text = _day_prefix(span, trip) + " → " + _entitlement_text(kind, reason, rate, found)
    text += _meal_text(kind, meals, halved, amount)
    return TravelDayResult(
        index=span.index,
        start=span.start,
        end=span.end,
        kind=kind,
        country=place[0],
        city=found.city if found else place[1],
        rate=quantize_cents(rate),
        free_meals=meals,
        halved=halved,
        amount=amount,
        explanation=text,
    )


def _day_prefix(span: Span, trip: _Trip) -> str:
    if trip.day_count == 1:
        return f"{fmt_duration(span.length)}, one travel day"
    years = f", {table_for(span.start).year} rates" if trip.mixed_years else ""
    head = f"Day {span.index + 1} ({fmt_stamp(span.start)} – {fmt_stamp(span.end)}{years})"
    if span.full:
        return f"{head}, full travel day"
    return f"{head}, {fmt_duration(span.length)} past the last full travel day"


def _entitlement_text(kind: DayKind, reason: str, rate: Decimal, found: ForeignRate | None) -> str:
    if kind == "full":
        return f"full per diem {fmt_eur(rate)}"
    if kind == "partial":
        return f"partial per diem {fmt_eur(rate)}"
    if found and kind == "foreign_full":
        return f"foreign per diem {found.place} {fmt_eur(rate)}"
    if found and kind == "foreign_half":
        return f"half of the foreign per diem {found.place}: {fmt_eur(found.amount)} / 2 = {fmt_eur(rate)}"
    return f"no per diem ({reason})"


def _meal_text(kind: DayKind, meals: int, halved: bool, amount: Decimal) -> str:
    if kind == "none" or meals == 0:
        return ""
    if halved:
        return f"; {plural(meals, 'free meal')} → {fmt_eur(amount)}"
    return f"; {plural(meals, 'free meal')} → no reduction (a full per diem is halved only by 2 free meals)"


def _result(days: list[TravelDayResult], trip: _Trip, foreign: bool) -> PerDiemResult:
    total = sum((day.amount for day in days), ZERO)
    lines = [day.explanation for day in days]
    if trip.day_count > 1:
        full_days = sum(1 for day in days if day.duration == timedelta(hours=24))
        rest = trip.length - full_days * timedelta(hours=24)
        head = f"{fmt_duration(trip.length)} in total: {plural(full_days, 'full travel day')}"
        head += f" + {fmt_duration(rest)}" if rest else ""
        lines = [("Trip abroad, " if foreign else "") + head, *lines, f"Total {fmt_eur(total)}"]
    return PerDiemResult(total=total, days=days, lines=lines, duration=trip.length, foreign=foreign)


def calculate_meal_allowance(day: date, meals: int) -> MealAllowanceResult:
    """Meal allowance for one working day, paid only when no per diem is paid for it.

    ``meals`` is 1 or 2; the caller checks the conditions (worker cannot eat at the usual place; for two
    meals the working day, meal breaks included, is over 11 h).
    """
    when = as_date(day, "date")
    if isinstance(meals, bool) or meals not in (1, 2):
        raise InvalidTrip("meals", f"must be 1 or 2 (got {meals!r})")
    amount = allowance(when, Allowance.MEAL_ONE if meals == 1 else Allowance.MEAL_TWO)
    label = "one meal" if meals == 1 else "two meals"
    line = f"{when.isoformat()}: meal allowance, {label}, no per diem paid → {fmt_eur(amount)}"
    return MealAllowanceResult(amount=quantize_cents(amount), lines=[line])
