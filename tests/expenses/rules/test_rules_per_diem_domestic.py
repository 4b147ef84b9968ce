"""Domestic per diems: worked examples for 2025 (24 € / 53 €) and 2026 (25 € / 54 €)."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from expenses.rules import InvalidTrip, RateNotAvailable, calculate_per_diem

RATES = {
    2025: {"partial": "24.00", "full": "53.00", "half_partial": "12.00", "half_full": "26.50"},
    2026: {"partial": "25.00", "full": "54.00", "half_partial": "12.50", "half_full": "27.00"},
}
YEARS = pytest.mark.parametrize("year", [2025, 2026])


def at(year, day, hour, minute=0, month=3):
    return datetime(year, month, day, hour, minute)


@YEARS
def test_6h40_one_travel_day_partial(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 2, 14, 40))
    assert result.total == D(RATES[year]["partial"])
    assert result.lines == [f"6 h 40 min, one travel day → partial per diem {RATES[year]['partial']} €"]
    assert [day.kind for day in result.days] == ["partial"]


@YEARS
def test_6h40_with_one_free_meal_is_halved(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 2, 14, 40), free_meals=[1])
    rate = RATES[year]
    assert result.total == D(rate["half_partial"])
    assert result.lines == [
        f"6 h 40 min, one travel day → partial per diem {rate['partial']} €; 1 free meal → {rate['half_partial']} €"
    ]
    assert result.days[0].halved


@YEARS
def test_11h_one_travel_day_full(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 2, 19))
    assert result.total == D(RATES[year]["full"])
    assert result.lines == [f"11 h, one travel day → full per diem {RATES[year]['full']} €"]


@YEARS
def test_two_free_meals_halve_a_full_per_diem(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 2, 19), free_meals=[2])
    assert result.total == D(RATES[year]["half_full"])
    assert result.lines[0].endswith(f"; 2 free meals → {RATES[year]['half_full']} €")


@YEARS
def test_one_free_meal_does_not_reduce_a_full_per_diem(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 2, 19), free_meals=[1])
    assert result.total == D(RATES[year]["full"])
    assert not result.days[0].halved
    assert result.lines == [
        f"11 h, one travel day → full per diem {RATES[year]['full']} €; "
        "1 free meal → no reduction (a full per diem is halved only by 2 free meals)"
    ]


@YEARS
def test_5h_trip_gets_nothing(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 2, 13), free_meals=[1])
    assert result.total == D("0.00")
    assert result.lines == ["5 h, one travel day → no per diem (not over 6 h)"]


@YEARS
def test_three_days_ending_7h_after_the_last_full_day(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 4, 15))
    full = RATES[year]["full"]
    assert result.total == 3 * D(full)  # 2 full travel days + 7 h (> 6 h) = 3 full per diems
    assert result.lines == [
        "2 d 7 h in total: 2 full travel days + 7 h",
        f"Day 1 ({year}-03-02 08:00 – {year}-03-03 08:00), full travel day → full per diem {full} €",
        f"Day 2 ({year}-03-03 08:00 – {year}-03-04 08:00), full travel day → full per diem {full} €",
        f"Day 3 ({year}-03-04 08:00 – {year}-03-04 15:00), 7 h past the last full travel day → full per diem {full} €",
        f"Total {3 * D(full)} €",
    ]


@YEARS
def test_three_days_ending_3h_after_the_last_full_day(year):
    result = calculate_per_diem(at(year, 2, 8), at(year, 4, 11))
    rate = RATES[year]
    assert result.total == 2 * D(rate["full"]) + D(rate["partial"])  # 2025: 130.00, 2026: 133.00
    assert [day.kind for day in result.days] == ["full", "full", "partial"]
    assert result.lines[3].endswith(f"3 h past the last full travel day → partial per diem {rate['partial']} €")


@YEARS
def test_free_meals_on_a_multi_day_trip(year):
    # day 2 two free meals (full halved), day 3 one free meal (partial halved)
    result = calculate_per_diem(at(year, 2, 8), at(year, 4, 11), free_meals=[0, 2, 1])
    rate = RATES[year]
    assert [day.amount for day in result.days] == [
        D(rate["full"]),
        D(rate["half_full"]),
        D(rate["half_partial"]),
    ]
    assert result.total == sum(day.amount for day in result.days)


def test_trip_over_the_new_year_uses_each_days_own_year():
    result = calculate_per_diem(datetime(2025, 12, 31, 8), datetime(2026, 1, 1, 17))
    assert [day.amount for day in result.days] == [D("53.00"), D("54.00")]
    assert result.total == D("107.00")
    assert result.lines == [
        "1 d 9 h in total: 1 full travel day + 9 h",
        "Day 1 (2025-12-31 08:00 – 2026-01-01 08:00, 2025 rates), full travel day → full per diem 53.00 €",
        "Day 2 (2026-01-01 08:00 – 2026-01-01 17:00, 2026 rates), 9 h past the last full travel day "
        "→ full per diem 54.00 €",
        "Total 107.00 €",
    ]


def test_new_year_partial_day_uses_the_new_partial_rate():
    result = calculate_per_diem(datetime(2025, 12, 30, 10), datetime(2026, 1, 1, 13))
    assert [day.amount for day in result.days] == [D("53.00"), D("53.00"), D("25.00")]
    assert result.total == D("131.00")


H = timedelta(hours=1)
M = timedelta(minutes=1)


@pytest.mark.parametrize(
    ("length", "total"),
    [
        (6 * H, "0.00"),  # "over 6 h": exactly 6 h is not enough
        (6 * H + M, "25.00"),
        (10 * H, "25.00"),  # "over 10 h": exactly 10 h is still partial
        (10 * H + M, "54.00"),
        (24 * H, "54.00"),  # one full travel day
        (24 * H + 2 * H - M, "54.00"),  # under 2 h past the last full day: nothing more
        (26 * H, "79.00"),  # at least 2 h: partial
        (30 * H, "79.00"),  # exactly 6 h: still partial
        (30 * H + M, "108.00"),  # more than 6 h: full
        (48 * H, "108.00"),
    ],
)
def test_time_limits_2026(length, total):
    start = datetime(2026, 4, 1, 7, 30)
    assert calculate_per_diem(start, start + length).total == D(total)


def test_free_meals_can_be_keyed_by_index_or_start_date():
    start, end = datetime(2026, 3, 2, 8), datetime(2026, 3, 4, 11)
    by_list = calculate_per_diem(start, end, free_meals=[0, 2])
    by_index = calculate_per_diem(start, end, free_meals={1: 2})
    by_date = calculate_per_diem(start, end, free_meals={date(2026, 3, 3): 2})
    assert by_list.total == by_index.total == by_date.total == D("106.00")  # 54 + 27 + 25


@pytest.mark.parametrize(
    ("free_meals", "message"),
    [
        ({1: 2, date(2026, 3, 3): 1}, r"^free_meals: travel day 2 is given twice"),
        ({5: 1}, r"^free_meals: day index 5 is outside the trip \(0–2\)"),
        ({date(2026, 3, 9): 1}, r"^free_meals: no travel day starts on 2026-03-09"),
        ([0, 0, 0, 1], r"^free_meals: 4 days given, the trip has 3"),
        ([4], r"^free_meals: travel day 1: 0–3 free meals \(got 4\)"),
        ([-1], r"^free_meals: travel day 1: 0–3 free meals \(got -1\)"),
    ],
)
def test_bad_free_meals(free_meals, message):
    with pytest.raises(InvalidTrip, match=message):
        calculate_per_diem(datetime(2026, 3, 2, 8), datetime(2026, 3, 4, 11), free_meals=free_meals)


def test_aware_times_are_counted_in_the_departures_zone():
    helsinki, stockholm = timezone(timedelta(hours=2)), timezone(timedelta(hours=1))
    start = datetime(2026, 3, 2, 8, tzinfo=helsinki)
    result = calculate_per_diem(start, datetime(2026, 3, 2, 13, 40, tzinfo=stockholm))  # 14:40 in Helsinki
    assert result.lines == ["6 h 40 min, one travel day → partial per diem 25.00 €"]
    with pytest.raises(InvalidTrip, match=r"^return_: departure and return must both have a time zone"):
        calculate_per_diem(start, datetime(2026, 3, 2, 18))


def test_return_must_be_after_departure():
    with pytest.raises(InvalidTrip, match=r"^return_: return \(2026-03-02 07:00\) must be after departure"):
        calculate_per_diem(datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 7))
    with pytest.raises(InvalidTrip, match=r"^return_:"):
        calculate_per_diem(datetime(2026, 3, 2, 8), datetime(2026, 3, 2, 8))


def test_trips_of_at_most_365_days():
    start = datetime(2025, 1, 1, 0)
    result = calculate_per_diem(start, start + timedelta(days=365))
    assert len(result.days) == 365 and result.total == 365 * D("53.00")
    with pytest.raises(InvalidTrip, match=r"^return_: a trip may last at most 365 days"):
        calculate_per_diem(start, start + timedelta(days=365, minutes=1))


def test_dates_without_rates():
    with pytest.raises(RateNotAvailable, match=r"^departure: no travel allowance table covers 2023-06-01"):
        calculate_per_diem(datetime(2023, 6, 1, 8), datetime(2023, 6, 1, 19))
    assert calculate_per_diem(datetime(2024, 6, 1, 8), datetime(2024, 6, 1, 19)).total == D("51.00")  # 2024
    with pytest.raises(InvalidTrip, match=r"^day_countries: only for trips abroad"):
        calculate_per_diem(datetime(2026, 6, 1, 8), datetime(2026, 6, 1, 19), day_countries=["SE"])
