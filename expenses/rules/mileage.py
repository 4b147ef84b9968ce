"""Kilometre allowance (kilometrikorvaus) for a trip in the employee's own vehicle.

Rules applied:
* The rates are those of the allowance table in force on ``trip_date`` (see ``tables``).
* Each leg must be more than 0 km and at most 5000 km, with at most 2 decimals; legs are added up.
* Car extras, each its own line: extra passengers carried for the employer (0–8, per passenger per km),
  a trailer, a machine over 80 kg or a bulky item. They are per-km increases on top of the car rate.
* Motorcycle: the decision's increases are for a car, so a motorcycle with passengers, trailer or heavy
  load is refused (``InvalidTrip``) rather than silently paid without the extra.
* Each line is rounded half up to cents on its own; the total is the sum of the rounded lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from ._util import as_date, fmt_number, fmt_rate
from .errors import InvalidAmount, InvalidTrip
from .money import ZERO, ensure_decimal, quantize_cents
from .tables import Allowance, allowance, is_unconfirmed
from .wording import Money, Number, Phrase, Value, gettext_noop, phrase, render

Vehicle = Literal["car", "motorcycle"]
MAX_LEG_KM = Decimal(5000)
MAX_PASSENGERS = 8


@dataclass(frozen=True)
class ExplanationLine:
    """One row of a calculation: what it says (rendered in any language later) and the amount it adds."""

    phrase: Phrase
    amount: Decimal

    @property
    def text(self) -> str:
        """The line in plain English with decimal points."""
        return render(self.phrase)


@dataclass(frozen=True)
class MileageResult:
    total: Decimal
    lines: list[ExplanationLine]
    km: Decimal


def calculate_mileage(
    trip_date: date,
    legs_km: Sequence[Decimal],
    vehicle: Vehicle = "car",
    passengers: int = 0,
    trailer: bool = False,
    heavy_load: bool = False,
) -> MileageResult:
    """Kilometre allowance for the legs driven on ``trip_date``; see the module docstring for the rules."""
    day = as_date(trip_date, "trip_date")
    km = _total_km(legs_km)
    _check_options(vehicle, passengers, trailer, heavy_load)
    lines = [_base_line(day, km, legs_km, vehicle)]
    if passengers:
        one, many = gettext_noop("+ %(count)s passenger"), gettext_noop("+ %(count)s passengers")
        label = phrase(one if passengers == 1 else many, count=passengers)
        lines.append(_extra_line(day, km, Allowance.KM_EXTRA_PASSENGER, label, passengers))
    if trailer:
        lines.append(_extra_line(day, km, Allowance.KM_TRAILER, phrase(gettext_noop("+ trailer"))))
    if heavy_load:
        label = phrase(gettext_noop("+ machine over 80 kg or bulky item"))
        lines.append(_extra_line(day, km, Allowance.KM_HEAVY_LOAD, label))
    total = sum((line.amount for line in lines), ZERO)
    return MileageResult(total=total, lines=lines, km=km)


def _total_km(legs_km: Sequence[Decimal]) -> Decimal:
    if isinstance(legs_km, str | bytes) or not isinstance(legs_km, Sequence) or not legs_km:
        raise InvalidTrip("legs_km", "give at least one leg")
    total = Decimal(0)
    for number, leg in enumerate(legs_km, start=1):
        km = ensure_decimal(leg, "legs_km")
        if km <= 0 or km > MAX_LEG_KM:
            raise InvalidAmount("legs_km", f"leg {number}: must be over 0 km and at most 5000 km (got {km})")
        if km != km.quantize(Decimal("0.01")):
            raise InvalidAmount("legs_km", f"leg {number}: at most 2 decimals (got {km})")
        total += km
    return total


def _check_options(vehicle: str, passengers: int, trailer: bool, heavy_load: bool) -> None:
    if vehicle not in ("car", "motorcycle"):
        raise InvalidTrip("vehicle", f"must be 'car' or 'motorcycle' (got {vehicle!r})")
    if isinstance(passengers, bool) or not isinstance(passengers, int):
        raise TypeError(f"passengers: expected int, got {type(passengers).__name__}")
    if not 0 <= passengers <= MAX_PASSENGERS:
        raise InvalidTrip("passengers", f"must be 0–{MAX_PASSENGERS} (got {passengers})")
    if vehicle == "motorcycle":
        for name, used in (("passengers", passengers), ("trailer", trailer), ("heavy_load", heavy_load)):
            if used:
                raise InvalidTrip(name, "the increase applies to a car only, not to a motorcycle")


def _km(value: Decimal) -> Number:
    return Number(Decimal(fmt_number(value)))


def _per_km(value: Decimal) -> Number:
    return Number(Decimal(fmt_rate(value)))


def _base_line(day: date, km: Decimal, legs_km: Sequence[Decimal], vehicle: Vehicle) -> ExplanationLine:
    item = Allowance.KM_CAR if vehicle == "car" else Allowance.KM_MOTORCYCLE
    rate = allowance(day, item, "trip_date")
    amount = quantize_cents(km * rate)
    # " (25 + 25.5)": the legs added up, each a number in the reader's format.
    leg_values = {f"leg{i}": _km(Decimal(leg)) for i, leg in enumerate(legs_km)}
    legs_text = " (" + " + ".join(f"%({name})s" for name in leg_values) + ")"
    legs = Phrase(legs_text, leg_values) if len(legs_km) > 1 else ""
    suffix = phrase(gettext_noop(" (motorcycle)")) if vehicle == "motorcycle" else ""
    message = gettext_noop("%(km)s km%(legs)s × %(rate)s €/km%(vehicle)s = %(amount)s")
    values = {"km": _km(km), "legs": legs, "rate": _per_km(rate), "vehicle": suffix, "amount": Money(amount)}
    return ExplanationLine(Phrase(message, values), amount)


def _extra_line(day: date, km: Decimal, item: Allowance, label: Phrase, count: int = 1) -> ExplanationLine:
    rate = allowance(day, item, "trip_date")
    amount = quantize_cents(km * count * rate)
    times = Phrase(" × %(count)s", {"count": count}) if count > 1 else ""
    note = phrase(gettext_noop(" (rate not yet confirmed for %(year)s)"), year=day.year)
    message = gettext_noop("%(label)s: %(km)s km%(times)s × %(rate)s €/km = %(amount)s%(note)s")
    values: dict[str, Value] = {
        "label": label,
        "km": _km(km),
        "times": times,
        "rate": _per_km(rate),
        "amount": Money(amount),
        "note": note if is_unconfirmed(day, item) else "",
    }
    return ExplanationLine(Phrase(message, values), amount)
