"""Per diems (päiväraha) and meal allowance (ateriakorvaus) under the Verohallinto decisions.

Travel days (matkavuorokausi) are 24 h periods counted from departure. The caller checks that the trip
goes to a special place of work more than 15 km from both the regular workplace and home.

Domestic trips (``destination="FI"``):
* A trip of one travel day (24 h or less): over 6 h → partial per diem; over 10 h → full per diem.
* Longer trips: each full travel day → full per diem; the last, started day: at least 2 h past the last
  full travel day → partial, more than 6 h → full; under 2 h → nothing.
* Free meals: a full per diem is halved by two (or more) free meals; one free meal does not reduce it
  (Verohallinto guidance of 17 Dec 2024). A partial per diem is halved by one free meal.

Trips abroad (any other country or region code, see ``countries``):
* The whole trip must last at least 10 h for a foreign per diem. A shorter trip abroad is paid by the
  domestic rules and amounts, e.g. 8 h in Tallinn → the domestic partial per diem.
* A trip of one travel day of at least 10 h → the country's full rate.
* Each full travel day → the country's full rate.
* The last, started day: more than 10 h past the last full travel day → the country's full rate;
  more than 2 h → half of the country's rate; 2 h or less → nothing. (Summaries of the decision say
  "more than 2 h" abroad while the domestic rule says "at least 2 h": each is kept as written.)
  The domestic partial per diem is not used on trips abroad.
* Free meals: the country's full rate is halved by two free meals. The half rate of the last day is
  NOT reduced by free meals: summaries disagree and the decision's own text, until read, does not say
  so; the calculation line says this.
* The rate is that of the country where the travel day ends: by default the destination for every day;
  ``day_countries`` gives one entry per travel day to override it (``None`` keeps the destination).
* The country's figure comes from the built-in table, else from ``company_rates`` (entered by an admin
  from the decision), else from ``employee_rate`` (the day rate the traveller typed from the decision);
  with none of them ``DayRateMissing`` (field "day_rate") is raised. A figure is never guessed.

Common rules:
* Which year's table applies: the one in force on the date on which each travel day starts, so a trip
  over the new year is paid the old rate for days starting in the old year.
* Times are counted in the departure's time zone and in real elapsed hours: aware datetimes are
  subtracted in UTC (a night across the spring daylight-saving change is one hour shorter than its clock
  times, in autumn one hour longer) and shown as wall-clock times of the departure's zone; naive
  datetimes are taken as they are.
* ``return_`` must be after ``departure``; a trip may last at most 365 days.
* Free meals: a list (one count per travel day, may be shorter) or a mapping keyed by 0-based travel
  day index or by the date on which the travel day starts; 0–3 meals per day.
* Each day's amount is rounded half up to cents; the total is their sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal

from . import _per_diem_text as text
from ._travel_days import (
    DayCountry,
    FreeMeals,
    Span,
    elapsed,
    meals_per_day,
    places_per_day,
    split_travel_days,
    trip_times,
)
from ._util import as_date
from .errors import InvalidTrip
from .money import ZERO, quantize_cents
from .tables import (
    Allowance,
    EnteredRate,
    ForeignRate,
    RateSource,
    allowance,
    foreign_per_diem,
    normalize_country,
    table_for,
)
from .wording import PLAIN, Phrase, Wording, render

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
    phrase: Phrase
    rate_source: RateSource | None = None  # foreign days only

    @property
    def duration(self) -> timedelta:
        return elapsed(self.start, self.end)

    @property
    def explanation(self) -> str:
        return render(self.phrase)


@dataclass(frozen=True)
class PerDiemResult:
    total: Decimal
    days: list[TravelDayResult]
    phrases: list[Phrase]
    duration: timedelta
    foreign: bool

    @property
    def lines(self) -> list[str]:
        """The explanation in plain English; ``render_lines`` for another language."""
        return self.render_lines(PLAIN)

    def render_lines(self, wording: Wording) -> list[str]:
        return [render(item, wording) for item in self.phrases]

    @property
    def employee_rate_used(self) -> bool:
        """True when a day is paid by the day rate the traveller typed: the approver should check it."""
        return any(day.rate_source == "employee" for day in self.days)


@dataclass(frozen=True)
class MealAllowanceResult:
    amount: Decimal
    phrases: list[Phrase]

    @property
    def lines(self) -> list[str]:
        return [render(item) for item in self.phrases]


@dataclass(frozen=True)
class _Trip:
    length: timedelta
    day_count: int
    mixed_years: bool
    company_rates: Sequence[EnteredRate] = field(default=())
    employee_rate: Decimal | None = None


def calculate_per_diem(
    departure: datetime,
    return_: datetime,
    destination: str = "FI",
    free_meals: FreeMeals = None,
    *,
    city: str | None = None,
    day_countries: Sequence[DayCountry] | None = None,
    company_rates: Sequence[EnteredRate] = (),
    employee_rate: Decimal | None = None,
) -> PerDiemResult:
    """Per diems for a trip; the rules applied are listed in the module docstring.

    ``company_rates``: foreign per diems an admin entered from the decision; ``employee_rate``: the day
    rate the traveller typed, used only for a day whose country and year have no other figure.
    """
    start, end = trip_times(departure, return_)
    spans = split_travel_days(start, end)
    meals = meals_per_day(free_meals, spans)
    country = normalize_country(destination)
    length = elapsed(start, end)
    if country != "FI" and length < 10 * HOUR:
        return _short_trip_abroad(departure, return_, free_meals)
    places = _places(country, city, day_countries, len(spans))
    mixed_years = len({table_for(span.start, "departure").year for span in spans}) > 1
    trip = _Trip(length, len(spans), mixed_years, company_rates, employee_rate)
    days = [_day(span, trip, meals[span.index], places[span.index]) for span in spans]
    return _result(days, trip, country != "FI")


def _short_trip_abroad(departure: datetime, return_: datetime, free_meals: FreeMeals) -> PerDiemResult:
    domestic = calculate_per_diem(departure, return_, "FI", free_meals)
    phrases = [text.short_trip_abroad(), *domestic.phrases]
    return PerDiemResult(domestic.total, domestic.days, phrases, domestic.duration, foreign=True)


def _places(
    country: str, city: str | None, day_countries: Sequence[DayCountry] | None, day_count: int
) -> list[tuple[str, str | None]]:
    if country != "FI":
        return places_per_day(country, city, day_countries, day_count)
    if day_countries is not None:
        raise InvalidTrip("day_countries", "only for trips abroad")
    return [("FI", None)] * day_count


def _kind(span: Span, trip: _Trip, foreign: bool) -> tuple[DayKind, str]:
    """Entitlement of one travel day and, when there is none, the reason (a key of the texts)."""
    if trip.day_count == 1 and foreign:
        return "foreign_full", ""
    if trip.day_count == 1:
        if span.length > 10 * HOUR:
            return "full", ""
        if span.length > 6 * HOUR:
            return "partial", ""
        return "none", "single_under_6h"
    if foreign:
        if span.full or span.length > 10 * HOUR:
            return "foreign_full", ""
        return ("foreign_half", "") if span.length > 2 * HOUR else ("none", "last_abroad_2h")
    if span.full or span.length > 6 * HOUR:
        return "full", ""
    return ("partial", "") if span.length >= 2 * HOUR else ("none", "last_under_2h")


def _rate(span: Span, kind: DayKind, place: tuple[str, str | None], trip: _Trip) -> tuple[Decimal, ForeignRate | None]:
    """The day's amount before free meals (for ``foreign_half`` already half the country rate)."""
    if kind == "none":
        return ZERO, None
    if kind in ("full", "partial"):
        item = Allowance.PER_DIEM_FULL if kind == "full" else Allowance.PER_DIEM_PARTIAL
        return allowance(span.start, item, "departure"), None
    found = foreign_per_diem(
        span.start,
        place[0],
        place[1],
        "departure",
        company_rates=trip.company_rates,
        employee_rate=trip.employee_rate,
    )
    return (found.amount if kind == "foreign_full" else found.amount / 2), found


def _halved(kind: DayKind, meals: int) -> bool:
    """Two free meals halve a full per diem (one does not: guidance of 17 Dec 2024), one halves a
    partial per diem; the half foreign rate of the last day is not reduced (see the module docstring)."""
    if kind in ("full", "foreign_full"):
        return meals >= 2
    return kind == "partial" and meals >= 1


def _day(span: Span, trip: _Trip, meals: int, place: tuple[str, str | None]) -> TravelDayResult:
    kind, reason = _kind(span, trip, place[0] != "FI")
    rate, found = _rate(span, kind, place, trip)
    halved = _halved(kind, meals)
    amount = quantize_cents(rate / 2 if halved else rate)
    year = table_for(span.start).year if trip.mixed_years else None
    prefix = text.day_prefix(span, trip.day_count == 1, year)
    line = text.day_line(prefix, text.entitlement(kind, reason, quantize_cents(rate), found))
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
        phrase=text.with_meals(line, kind, meals, halved, amount),
        rate_source=found.source if found else None,
    )


def _result(days: list[TravelDayResult], trip: _Trip, foreign: bool) -> PerDiemResult:
    total = sum((day.amount for day in days), ZERO)
    phrases = [day.phrase for day in days]
    if trip.day_count > 1:
        full_days = sum(1 for day in days if day.duration == timedelta(hours=24))
        rest = trip.length - full_days * timedelta(hours=24)
        phrases = [text.trip_head(trip.length, full_days, rest, foreign), *phrases, text.total(total)]
    return PerDiemResult(total=total, days=days, phrases=phrases, duration=trip.length, foreign=foreign)


def calculate_meal_allowance(day: date, meals: int) -> MealAllowanceResult:
    """Meal allowance for one working day, paid only when no per diem is paid for it.

    ``meals`` is 1 or 2; the caller checks the conditions (worker cannot eat at the usual place; for two
    meals the working day, meal breaks included, is over 11 h).
    """
    when = as_date(day, "date")
    if isinstance(meals, bool) or meals not in (1, 2):
        raise InvalidTrip("meals", f"must be 1 or 2 (got {meals!r})")
    amount = quantize_cents(allowance(when, Allowance.MEAL_ONE if meals == 1 else Allowance.MEAL_TWO))
    return MealAllowanceResult(amount=amount, phrases=[text.meal_allowance(when, meals, amount)])
