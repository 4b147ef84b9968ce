"""The explanation lines of a per diem calculation, as ``Phrase`` data (see ``wording``).

Rendered with ``wording.PLAIN`` they read e.g.
"6 h 40 min, one travel day → partial per diem 25.00 €; 1 free meal → 12.50 €".
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from ._travel_days import Span
from .tables import ForeignRate
from .wording import Country, Day, Duration, Money, Phrase, Stamp, gettext_noop, phrase

NO_PER_DIEM_REASONS = {
    "single_under_6h": gettext_noop("not over 6 h"),
    "last_under_2h": gettext_noop("under 2 h past the last full travel day"),
    "last_abroad_2h": gettext_noop("not over 2 h past the last full travel day"),
}


def day_prefix(span: Span, single_day: bool, year: int | None) -> Phrase:
    """How the travel day is named: its length for a one-day trip, else its number, times and status."""
    if single_day:
        return phrase(gettext_noop("%(duration)s, one travel day"), duration=Duration(span.length))
    start, end = Stamp(span.start), Stamp(span.end)
    if year is None:
        head = phrase(gettext_noop("Day %(number)s (%(start)s – %(end)s)"), number=span.index + 1, start=start, end=end)
    else:
        head = phrase(
            gettext_noop("Day %(number)s (%(start)s – %(end)s, %(year)s rates)"),
            number=span.index + 1,
            start=start,
            end=end,
            year=year,
        )
    if span.full:
        return phrase(gettext_noop("%(head)s, full travel day"), head=head)
    return phrase(
        gettext_noop("%(head)s, %(duration)s past the last full travel day"), head=head, duration=Duration(span.length)
    )


def entitlement(kind: str, reason: str, rate: Decimal, found: ForeignRate | None) -> Phrase:
    """What the day gives before free meals (``rate`` is already halved for "foreign_half")."""
    if kind == "full":
        return phrase(gettext_noop("full per diem %(amount)s"), amount=Money(rate))
    if kind == "partial":
        return phrase(gettext_noop("partial per diem %(amount)s"), amount=Money(rate))
    if found and kind == "foreign_full":
        text = phrase(gettext_noop("foreign per diem %(place)s %(amount)s"), place=_place(found), amount=Money(rate))
        return _with_source(text, found)
    if found and kind == "foreign_half":
        text = phrase(
            gettext_noop("half of the foreign per diem %(place)s: %(rate)s / 2 = %(amount)s"),
            place=_place(found),
            rate=Money(found.amount),
            amount=Money(rate),
        )
        return _with_source(text, found)
    return phrase(gettext_noop("no per diem (%(reason)s)"), reason=phrase(NO_PER_DIEM_REASONS[reason]))


def _place(found: ForeignRate) -> Phrase | Country:
    if not found.city:
        return Country(found.country)
    return phrase(gettext_noop("%(country)s, %(city)s"), country=Country(found.country), city=found.city)


def _with_source(text: Phrase, found: ForeignRate) -> Phrase:
    """Say where a figure that is not in the built-in table came from."""
    if found.source == "company":
        return phrase(
            gettext_noop("%(text)s (entered by %(name)s from the decision)"), text=text, name=found.entered_by
        )
    if found.source == "employee":
        return phrase(gettext_noop("%(text)s (day rate entered by the employee from the decision)"), text=text)
    return text


def day_line(prefix: Phrase, entitled: Phrase) -> Phrase:
    return phrase(gettext_noop("%(day)s → %(entitlement)s"), day=prefix, entitlement=entitled)


def with_meals(line: Phrase, kind: str, meals: int, halved: bool, amount: Decimal) -> Phrase:
    """The free-meal part of a day's line; the line itself when there is nothing to say."""
    if kind == "none" or meals == 0:
        return line
    if halved:
        one, many = (
            gettext_noop("%(line)s; 1 free meal → %(amount)s"),
            gettext_noop("%(line)s; %(count)s free meals → %(amount)s"),
        )
        return Phrase(one if meals == 1 else many, {"line": line, "count": meals, "amount": Money(amount)})
    if kind == "foreign_half":
        # Summaries of the decision disagree; until its own text is read the half rate is not reduced.
        one = gettext_noop("%(line)s; 1 free meal → not reduced: the decision's text does not say so for the half rate")
        many = gettext_noop(
            "%(line)s; %(count)s free meals → not reduced: the decision's text does not say so for the half rate"
        )
        return Phrase(one if meals == 1 else many, {"line": line, "count": meals})
    return phrase(
        gettext_noop("%(line)s; 1 free meal → no reduction (a full per diem is halved only by 2 free meals)"), line=line
    )


def trip_head(length: timedelta, full_days: int, rest: timedelta, foreign: bool) -> Phrase:
    """The first line of a trip of several travel days: its length and how it splits into days."""
    if full_days == 1:
        head = phrase(gettext_noop("%(duration)s in total: 1 full travel day"), duration=Duration(length))
    else:
        head = phrase(
            gettext_noop("%(duration)s in total: %(count)s full travel days"),
            duration=Duration(length),
            count=full_days,
        )
    if rest:
        head = phrase(gettext_noop("%(head)s + %(rest)s"), head=head, rest=Duration(rest))
    return phrase(gettext_noop("Trip abroad, %(head)s"), head=head) if foreign else head


def total(amount: Decimal) -> Phrase:
    return phrase(gettext_noop("Total %(amount)s"), amount=Money(amount))


def short_trip_abroad() -> Phrase:
    return phrase(gettext_noop("Trip abroad under 10 h → domestic rules and amounts"))


def meal_allowance(day: date, meals: int, amount: Decimal) -> Phrase:
    if meals == 1:
        text = gettext_noop("%(date)s: meal allowance, one meal, no per diem paid → %(amount)s")
    else:
        text = gettext_noop("%(date)s: meal allowance, two meals, no per diem paid → %(amount)s")
    return phrase(text, date=Day(day), amount=Money(amount))
