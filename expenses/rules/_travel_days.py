"""Input handling for per diems: trip times, the split into travel days, free meals and countries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ._util import as_date, fmt_stamp
from .errors import InvalidTrip
from .tables import normalize_country

DAY = timedelta(hours=24)
MAX_TRIP = timedelta(days=365)
MAX_FREE_MEALS = 3

FreeMeals = Mapping[date | int, int] | Sequence[int] | None
DayCountry = str | tuple[str, str | None] | None


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two moments: aware ones are subtracted in UTC, so a night across a
    daylight-saving change counts the hour that was skipped or repeated (Python subtracts two times of
    the same zone as wall-clock times)."""
    if _is_aware(start):
        return end.astimezone(UTC) - start.astimezone(UTC)
    return end - start


@dataclass(frozen=True)
class Span:
    """One travel day (matkavuorokausi): a 24 h period from departure, or the shorter last part.

    ``start`` and ``end`` are wall-clock times of the departure's zone (aware when the trip's times are).
    """

    index: int
    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return elapsed(self.start, self.end)

    @property
    def full(self) -> bool:
        return self.length == DAY


def _is_aware(moment: datetime) -> bool:
    return moment.tzinfo is not None and moment.utcoffset() is not None


def trip_times(departure: datetime, return_: datetime) -> tuple[datetime, datetime]:
    """Validate and return (departure, return), the return in the departure's time zone when aware.

    Naive times are taken as they are (no daylight-saving change can be known then).
    """
    for name, value in (("departure", departure), ("return_", return_)):
        if not isinstance(value, datetime):
            raise TypeError(f"{name}: expected a datetime, got {type(value).__name__}")
    if _is_aware(departure) != _is_aware(return_):
        raise InvalidTrip("return_", "departure and return must both have a time zone or both lack one")
    if _is_aware(departure):
        return_ = return_.astimezone(departure.tzinfo)
    length = elapsed(departure, return_)
    if length <= timedelta(0):
        raise InvalidTrip("return_", f"return ({fmt_stamp(return_)}) must be after departure ({fmt_stamp(departure)})")
    if length > MAX_TRIP:
        raise InvalidTrip("return_", "a trip may last at most 365 days")
    return departure, return_


def split_travel_days(start: datetime, end: datetime) -> list[Span]:
    """Full 24 h travel days from ``start``, then the started last day when time is left over.

    For aware times each day is 24 real hours (counted in UTC) and shown in the departure's zone, so the
    travel day that contains a spring daylight-saving change ends at 21:00 after a 20:00 departure.
    """
    zone = start.tzinfo if _is_aware(start) else None
    origin = start.astimezone(UTC) if zone else start

    def local(moment: datetime) -> datetime:
        return moment.astimezone(zone) if zone else moment

    full_days = elapsed(start, end) // DAY
    spans = [Span(i, local(origin + i * DAY), local(origin + (i + 1) * DAY)) for i in range(full_days)]
    last_start = local(origin + full_days * DAY)
    if elapsed(last_start, end) > timedelta(0):
        spans.append(Span(full_days, last_start, end))
    return spans


def meals_per_day(free_meals: FreeMeals, spans: list[Span]) -> list[int]:
    """Free meals per travel day, from a list (one count per day, may be shorter) or a mapping keyed by
    0-based travel-day index or by the date on which that travel day starts."""
    counts = [0] * len(spans)
    if free_meals is None:
        return counts
    if isinstance(free_meals, Mapping):
        pairs = [(_day_index(key, spans), count) for key, count in free_meals.items()]
    elif isinstance(free_meals, Sequence) and not isinstance(free_meals, str | bytes):
        if len(free_meals) > len(spans):
            raise InvalidTrip("free_meals", f"{len(free_meals)} days given, the trip has {len(spans)}")
        pairs = list(enumerate(free_meals))
    else:
        raise TypeError(f"free_meals: expected a mapping or a list, got {type(free_meals).__name__}")
    seen: set[int] = set()
    for index, count in pairs:
        if index in seen:
            raise InvalidTrip("free_meals", f"travel day {index + 1} is given twice")
        seen.add(index)
        counts[index] = _meal_count(count, index)
    return counts


def _meal_count(count: object, index: int) -> int:
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"free_meals: expected an int count, got {type(count).__name__}")
    if not 0 <= count <= MAX_FREE_MEALS:
        raise InvalidTrip("free_meals", f"travel day {index + 1}: 0–{MAX_FREE_MEALS} free meals (got {count})")
    return count


def _day_index(key: object, spans: list[Span]) -> int:
    if isinstance(key, int) and not isinstance(key, bool):
        if not 0 <= key < len(spans):
            raise InvalidTrip("free_meals", f"day index {key} is outside the trip (0–{len(spans) - 1})")
        return key
    day = as_date(key, "free_meals")
    for span in spans:
        if span.start.date() == day:
            return span.index
    starts = ", ".join(span.start.date().isoformat() for span in spans)
    raise InvalidTrip("free_meals", f"no travel day starts on {day.isoformat()} (days start on {starts})")


def places_per_day(
    country: str, city: str | None, day_countries: Sequence[DayCountry] | None, day_count: int
) -> list[tuple[str, str | None]]:
    """The (country, city) whose rate each travel day of a trip abroad uses; ``None`` = the destination."""
    if day_countries is None:
        return [(country, city)] * day_count
    if isinstance(day_countries, str) or len(day_countries) != day_count:
        raise InvalidTrip("day_countries", f"give one entry per travel day ({day_count})")
    places = []
    for number, entry in enumerate(day_countries, start=1):
        code, town = (country, city) if entry is None else (entry, None) if isinstance(entry, str) else entry
        code = normalize_country(code, "day_countries")
        if code == "FI":
            raise InvalidTrip("day_countries", f"travel day {number}: name the foreign country of the day")
        places.append((code, town))
    return places
