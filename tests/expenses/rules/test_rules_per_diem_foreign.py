"""Foreign per diems 2026 (Sweden 70 €, Norway 72 €, United Kingdom 84 € / London 89 €)."""

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest

from expenses.rules import InvalidTrip, RateNotAvailable, calculate_per_diem

START = datetime(2026, 3, 10, 7)
H = timedelta(hours=1)


def test_sweden_two_days_with_two_free_meals_on_day_one():
    result = calculate_per_diem(START, datetime(2026, 3, 11, 19), "SE", free_meals=[2, 0])
    assert [day.amount for day in result.days] == [D("35.00"), D("70.00")]
    assert result.total == D("105.00")  # 70 / 2 + 70
    assert result.foreign
    assert result.lines == [
        "Trip abroad, 1 d 12 h in total: 1 full travel day + 12 h",
        "Day 1 (2026-03-10 07:00 – 2026-03-11 07:00), full travel day → foreign per diem Sweden 70.00 €; "
        "2 free meals → 35.00 €",
        "Day 2 (2026-03-11 07:00 – 2026-03-11 19:00), 12 h past the last full travel day "
        "→ foreign per diem Sweden 70.00 €",
        "Total 105.00 €",
    ]


def test_sweden_two_full_days_one_free_meal_does_not_halve():
    result = calculate_per_diem(START, START + 48 * H, "se", free_meals={1: 1})
    assert result.total == D("140.00")


@pytest.mark.parametrize(
    ("length", "total"),
    [
        (6 * H, "0.00"),  # under 10 h abroad: domestic rules, and 6 h is not over 6 h
        (10 * H - timedelta(minutes=1), "25.00"),  # under 10 h abroad: the domestic partial per diem
        (10 * H, "70.00"),  # at least 10 h: the full rate
        (24 * H + 2 * H - timedelta(minutes=1), "70.00"),  # under 2 h past the last full day
        (26 * H, "70.00"),  # exactly 2 h: abroad it must be MORE than 2 h
        (26 * H + timedelta(minutes=1), "105.00"),  # more than 2 h: half of the country rate
        (34 * H, "105.00"),  # exactly 10 h: still half
        (34 * H + timedelta(minutes=1), "140.00"),  # more than 10 h: full rate
    ],
)
def test_time_limits_abroad(length, total):
    assert calculate_per_diem(START, START + length, "SE").total == D(total)


def test_short_trip_abroad_is_paid_by_the_domestic_rules():
    # 8 h in Tallinn, 2026: over 6 h → domestic partial per diem 25.00 €; one free meal halves it.
    result = calculate_per_diem(START, START + 8 * H, "EE", free_meals=[1])
    assert result.total == D("12.50")
    assert result.lines == [
        "Trip abroad under 10 h → domestic rules and amounts",
        "8 h, one travel day → partial per diem 25.00 €; 1 free meal → 12.50 €",
    ]


def test_short_trip_abroad_in_2025_uses_the_2025_domestic_amount():
    # 9 h in Stockholm, 2025: no 2025 foreign rates are needed; domestic partial per diem 24.00 €.
    assert calculate_per_diem(datetime(2025, 3, 10, 7), datetime(2025, 3, 10, 16), "SE").total == D("24.00")


def test_half_rate_last_day_with_a_free_meal_in_london_is_not_reduced():
    result = calculate_per_diem(START, START + 52 * H, "GB", {0: 2, 2: 1}, city="london")
    assert [day.amount for day in result.days] == [D("44.50"), D("89.00"), D("44.50")]
    assert result.lines[3] == (
        "Day 3 (2026-03-12 07:00 – 2026-03-12 11:00), 4 h past the last full travel day → half of the "
        "foreign per diem United Kingdom, London: 89.00 € / 2 = 44.50 €; "
        "1 free meal → not reduced: the decision's text does not say so for the half rate"
    )
    assert result.days[0].city == "London"


def test_per_day_country_override():
    result = calculate_per_diem(START, START + 60 * H, "SE", day_countries=["SE", None, ("US", "New York")])
    assert [(day.country, day.amount) for day in result.days] == [
        ("SE", D("70.00")),
        ("SE", D("70.00")),
        ("US", D("93.00")),  # 12 h past the last full day: full New York rate
    ]


@pytest.mark.parametrize(
    ("day_countries", "message"),
    [
        (["SE"], r"^day_countries: give one entry per travel day \(2\)"),
        (["SE", "FI"], r"^day_countries: travel day 2: name the foreign country"),
        (["SE", "Norway"], r"^day_countries: must be an ISO 3166"),
    ],
)
def test_bad_day_countries(day_countries, message):
    with pytest.raises(InvalidTrip, match=message):
        calculate_per_diem(START, START + 36 * H, "SE", day_countries=day_countries)


def test_missing_foreign_rates():
    with pytest.raises(RateNotAvailable, match=r"^day_rate: no foreign per diem for SE in 2025"):
        calculate_per_diem(datetime(2025, 3, 10, 7), datetime(2025, 3, 10, 19), "SE")
    with pytest.raises(RateNotAvailable, match=r"^day_rate: no foreign per diem for JP in 2026"):
        calculate_per_diem(START, START + 12 * H, "JP")
    with pytest.raises(InvalidTrip, match=r"^destination:"):
        calculate_per_diem(START, START + 12 * H, "Sweden")
