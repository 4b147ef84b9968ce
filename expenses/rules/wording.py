"""Explanation lines as data, rendered in the reader's language.

The rules build each line as a ``Phrase``: an English message with ``%(name)s`` placeholders and typed
values (euro amounts, durations, times, countries). ``render`` turns it into text with a ``Wording``:

* ``PLAIN`` (the default of the rules): English, "25.00 €", "2026-03-02 08:00"; plain Python.
* ``localized()``: the active Django language: its gettext catalogue, "25,00 €" in Finnish, Finnish
  country names. This is the one place in ``expenses.rules`` that reads Django (only its translation and
  number formatting), imported lazily so the rules stay usable without Django settings.

Phrases are stored as JSON (``to_json``/``from_json``), so a saved calculation can be shown later in
whichever language its reader uses.

Messages are marked with ``gettext_noop`` so that ``makemessages`` finds them. English and Finnish share
the plural rule "1 / everything else", so a rule picks the singular or plural message by ``count == 1``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Union

from ._util import fmt_eur, fmt_stamp
from .countries import country_name


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogue; translated only when rendered."""
    return message


@dataclass(frozen=True)
class Money:
    amount: Decimal


@dataclass(frozen=True)
class Number:
    """A quantity or rate shown as written (``12.5`` km, ``0.55`` €/km), with the language's decimal mark."""

    value: Decimal


@dataclass(frozen=True)
class Duration:
    span: timedelta


@dataclass(frozen=True)
class Stamp:
    """A wall-clock time in the trip's zone (shown as such, no time zone)."""

    moment: datetime


@dataclass(frozen=True)
class Day:
    day: date


@dataclass(frozen=True)
class Country:
    code: str


Value = Union[Money, Number, Duration, Stamp, Day, Country, int, str, "Phrase"]


@dataclass(frozen=True)
class Phrase:
    text: str
    values: Mapping[str, Value] = field(default_factory=dict)


def phrase(message: str, /, **values: Value) -> Phrase:
    return Phrase(message, values)


def entered_by(name: str, note: str = "") -> Phrase:
    """The label of a figure a person typed (an exchange rate): who, and their note of where it comes from."""
    if note:
        return phrase(gettext_noop("Entered by %(name)s: %(note)s"), name=name, note=note)
    return phrase(gettext_noop("Entered by %(name)s"), name=name)


@dataclass(frozen=True)
class Wording:
    """How to say things in one language."""

    gettext: Callable[[str], str]
    money_number: Callable[[Decimal], str]
    language: str = "en"
    # A plain number: its own decimals, the language's decimal mark.
    number: Callable[[Decimal], str] = lambda value: value.to_eng_string()

    def money(self, amount: Decimal) -> str:
        return f"{self.money_number(amount)} €"


def _plain_number(amount: Decimal) -> str:
    return fmt_eur(amount).removesuffix(" €")


def _as_written(value: Decimal) -> str:
    return format(value, "f")


PLAIN = Wording(gettext=lambda text: text, money_number=_plain_number, number=_as_written)


def render(item: Phrase, wording: Wording = PLAIN) -> str:
    message = wording.gettext(item.text)
    if not item.values:
        return message
    return message % {name: _render_value(value, wording) for name, value in item.values.items()}


def _render_value(value: Value, wording: Wording) -> str:
    if isinstance(value, Phrase):
        return render(value, wording)
    if isinstance(value, Money):
        return wording.money(value.amount)
    if isinstance(value, Number):
        return wording.number(value.value)
    if isinstance(value, Duration):
        return _duration(value.span, wording)
    if isinstance(value, Stamp):
        return _stamp(value.moment, wording)
    if isinstance(value, Day):
        return _day(value.day, wording)
    if isinstance(value, Country):
        return country_name(value.code, wording.language)
    return str(value)


def duration_parts(span: timedelta) -> list[tuple[str, int]]:
    """``6 h 40 min`` → ``[("h", 6), ("min", 40)]``; zero parts are left out (as ``_util.fmt_duration``)."""
    seconds = span // timedelta(seconds=1)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [("d", days), ("h", hours), ("min", minutes), ("s", secs)]
    return [(unit, count) for unit, count in parts if count]


def _duration(span: timedelta, wording: Wording) -> str:
    units = {
        "d": gettext_noop("%(count)s d"),
        "h": gettext_noop("%(count)s h"),
        "min": gettext_noop("%(count)s min"),
        "s": gettext_noop("%(count)s s"),
    }
    parts = [wording.gettext(units[unit]) % {"count": count} for unit, count in duration_parts(span)]
    return " ".join(parts) or wording.gettext(units["min"]) % {"count": 0}


def _stamp(moment: datetime, wording: Wording) -> str:
    if wording is PLAIN:
        return fmt_stamp(moment)
    from django.utils import formats

    # The site's one date-and-time format of the active language (bezala/formats).
    return formats.date_format(moment.replace(tzinfo=None), "SHORT_DATETIME_FORMAT")


def _day(day: date, wording: Wording) -> str:
    if wording is PLAIN:
        return day.isoformat()
    from django.utils import formats

    return formats.date_format(day, "SHORT_DATE_FORMAT")


def localized() -> Wording:
    """The wording of the active Django language (gettext catalogue, decimal comma in Finnish)."""
    from django.utils import formats, translation

    def money(amount: Decimal) -> str:
        return formats.number_format(amount.quantize(Decimal("0.01")), 2, use_l10n=True)

    def number(value: Decimal) -> str:
        return formats.number_format(value, use_l10n=True)

    return Wording(
        gettext=translation.gettext, money_number=money, language=translation.get_language() or "en", number=number
    )


def to_json(item: Phrase) -> dict[str, Any]:
    return {"text": item.text, "values": {name: _value_json(value) for name, value in item.values.items()}}


def _value_json(value: Value) -> Any:
    if isinstance(value, Phrase):
        return {"phrase": to_json(value)}
    if isinstance(value, Money):
        return {"eur": str(value.amount)}
    if isinstance(value, Number):
        return {"number": str(value.value)}
    if isinstance(value, Duration):
        return {"seconds": value.span // timedelta(seconds=1)}
    if isinstance(value, Stamp):
        return {"stamp": value.moment.replace(tzinfo=None).isoformat()}
    if isinstance(value, Day):
        return {"day": value.day.isoformat()}
    if isinstance(value, Country):
        return {"country": value.code}
    return value


def from_json(data: Mapping[str, Any]) -> Phrase:
    return Phrase(str(data["text"]), {name: _value_from_json(value) for name, value in data["values"].items()})


def _value_from_json(value: Any) -> Value:
    if not isinstance(value, dict):
        return value  # type: ignore[no-any-return]  # an int or a str, as to_json wrote it
    if "phrase" in value:
        return from_json(value["phrase"])
    if "eur" in value:
        return Money(Decimal(value["eur"]))
    if "number" in value:
        return Number(Decimal(value["number"]))
    if "seconds" in value:
        return Duration(timedelta(seconds=value["seconds"]))
    if "stamp" in value:
        return Stamp(datetime.fromisoformat(value["stamp"]))
    if "day" in value:
        return Day(date.fromisoformat(value["day"]))
    return Country(value["country"])
