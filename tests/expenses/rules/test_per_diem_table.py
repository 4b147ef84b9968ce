"""Worked per diem examples an accountant can check by hand.

Each row: departure and return in Helsinki time, destination, free meals per travel day, and the total.
The comment above a row is the hand calculation. Figures (expenses/rules/tables.py, with their sources):
2024 partial 24 €, full 51 €, meal 12.75 €; 2025 partial 24 €, full 53 €, Germany 77 €;
2026 partial 25 €, full 54 €, Sweden 70 €, Estonia 82 €, Germany 78 €, London 89 €, New York 93 €.
"""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from expenses.rules import DayRateMissing, EnteredRate, calculate_meal_allowance, calculate_mileage, calculate_per_diem

HELSINKI = ZoneInfo("Europe/Helsinki")
JAPAN_2026_BY_ADMIN = (EnteredRate(2026, "JP", None, D("85.00"), "Anna Admin"),)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=HELSINKI)


ROWS = [
    # --- Domestic, one travel day: over 6 h → partial, over 10 h → full ---------------------------
    # 6 h 00 min is not over 6 h → nothing
    ("2026-03-02 08:00", "2026-03-02 14:00", "FI", [], {}, "0.00"),
    # 6 h 01 min → partial 25.00
    ("2026-03-02 08:00", "2026-03-02 14:01", "FI", [], {}, "25.00"),
    # 10 h 00 min is not over 10 h → partial 25.00
    ("2026-03-02 08:00", "2026-03-02 18:00", "FI", [], {}, "25.00"),
    # 10 h 01 min → full 54.00
    ("2026-03-02 08:00", "2026-03-02 18:01", "FI", [], {}, "54.00"),
    # --- Domestic, last started day: at least 2 h → partial, more than 6 h → full -----------------
    # 24 h + 1 h 59 min → 54.00 + nothing
    ("2026-03-02 08:00", "2026-03-03 09:59", "FI", [], {}, "54.00"),
    # 24 h + 2 h 00 min (at least 2 h) → 54.00 + 25.00 = 79.00
    ("2026-03-02 08:00", "2026-03-03 10:00", "FI", [], {}, "79.00"),
    # 24 h + 6 h 00 min (not more than 6 h) → 54.00 + 25.00 = 79.00
    ("2026-03-02 08:00", "2026-03-03 14:00", "FI", [], {}, "79.00"),
    # 24 h + 6 h 01 min → 54.00 + 54.00 = 108.00
    ("2026-03-02 08:00", "2026-03-03 14:01", "FI", [], {}, "108.00"),
    # --- Daylight saving (Helsinki: 29.3.2026 03:00 → 04:00; 25.10.2026 04:00 → 03:00) -----------
    # Spring: 20:00 → next day 22:30 is 25 h 30 min real (not 26 h 30 min): day 1 ends 21:00,
    # 1 h 30 min past it is under 2 h → 54.00 only
    ("2026-03-28 20:00", "2026-03-29 22:30", "FI", [], {}, "54.00"),
    # Spring: 20:00 → next day 23:00 is 26 h real: 2 h past day 1 → 54.00 + 25.00 = 79.00
    ("2026-03-28 20:00", "2026-03-29 23:00", "FI", [], {}, "79.00"),
    # Autumn: 20:00 → next day 21:30 is 26 h 30 min real (one hour longer): day 1 ends 19:00,
    # 2 h 30 min past it → 54.00 + 25.00 = 79.00
    ("2026-10-24 20:00", "2026-10-25 21:30", "FI", [], {}, "79.00"),
    # Autumn: 20:00 → next day 20:59 is 25 h 59 min real: 1 h 59 min past → 54.00
    ("2026-10-24 20:00", "2026-10-25 20:59", "FI", [], {}, "54.00"),
    # --- Abroad, last started day: more than 2 h → half, more than 10 h → full (Sweden 70) -------
    # 24 h + 2 h 00 min is not more than 2 h → 70.00
    ("2026-03-10 07:00", "2026-03-11 09:00", "SE", [], {}, "70.00"),
    # 24 h + 2 h 01 min → 70.00 + 70.00 / 2 = 105.00
    ("2026-03-10 07:00", "2026-03-11 09:01", "SE", [], {}, "105.00"),
    # 24 h + 10 h 00 min is not more than 10 h → 70.00 + 35.00 = 105.00
    ("2026-03-10 07:00", "2026-03-11 17:00", "SE", [], {}, "105.00"),
    # 24 h + 10 h 01 min → 70.00 + 70.00 = 140.00
    ("2026-03-10 07:00", "2026-03-11 17:01", "SE", [], {}, "140.00"),
    # Half rate with 1 free meal on the last day: not reduced → 70.00 + 35.00 = 105.00
    ("2026-03-10 07:00", "2026-03-11 12:00", "SE", [0, 1], {}, "105.00"),
    # Half rate with 2 free meals on the last day: not reduced either → 105.00
    ("2026-03-10 07:00", "2026-03-11 12:00", "SE", [0, 2], {}, "105.00"),
    # --- Free meals on full per diems (guidance of 17 Dec 2024) ----------------------------------
    # Domestic 11 h with 1 free meal: a full per diem is not halved → 54.00
    ("2026-03-02 08:00", "2026-03-02 19:00", "FI", [1], {}, "54.00"),
    # Domestic 11 h with 2 free meals: halved → 54.00 / 2 = 27.00
    ("2026-03-02 08:00", "2026-03-02 19:00", "FI", [2], {}, "27.00"),
    # Domestic 7 h with 1 free meal: a partial per diem is halved → 25.00 / 2 = 12.50
    ("2026-03-02 08:00", "2026-03-02 15:00", "FI", [1], {}, "12.50"),
    # Sweden 2 full days, 1 free meal on day 1: not halved → 70.00 + 70.00 = 140.00
    ("2026-03-10 07:00", "2026-03-12 07:00", "SE", [1, 0], {}, "140.00"),
    # Sweden 2 full days, 2 free meals on day 1: halved → 35.00 + 70.00 = 105.00
    ("2026-03-10 07:00", "2026-03-12 07:00", "SE", [2, 0], {}, "105.00"),
    # --- A trip abroad under 10 h is paid by the domestic rules ----------------------------------
    # Tallinn 9 h 59 min: domestic, over 6 h → partial 25.00
    ("2026-03-10 07:00", "2026-03-10 16:59", "EE", [], {}, "25.00"),
    # Tallinn 9 h 59 min with 1 free meal: domestic partial halved → 12.50
    ("2026-03-10 07:00", "2026-03-10 16:59", "EE", [1], {}, "12.50"),
    # Tallinn 10 h 00 min: at least 10 h abroad → Estonia 82.00
    ("2026-03-10 07:00", "2026-03-10 17:00", "EE", [], {}, "82.00"),
    # --- Cities with their own rate --------------------------------------------------------------
    # London 12 h → 89.00 (the United Kingdom's 84.00 is for other cities)
    ("2026-03-10 07:00", "2026-03-10 19:00", "GB", [], {"city": "London"}, "89.00"),
    # New York 1 full day + 12 h → 93.00 + 93.00 = 186.00
    ("2026-03-10 07:00", "2026-03-11 19:00", "US", [], {"city": "New York"}, "186.00"),
    # --- Countries without a built-in figure ------------------------------------------------------
    # Japan, entered by an admin as 85.00: 2 days + 3 h → 85.00 + 85.00 + 85.00 / 2 = 212.50
    ("2026-03-10 07:00", "2026-03-12 10:00", "JP", [], {"company_rates": JAPAN_2026_BY_ADMIN}, "212.50"),
    # Japan, the employee typed 80.00 from the decision: 1 day of 12 h → 80.00
    ("2026-03-10 07:00", "2026-03-10 19:00", "JP", [], {"employee_rate": D("80.00")}, "80.00"),
    # An admin's figure wins over the employee's → 85.00
    (
        "2026-03-10 07:00",
        "2026-03-10 19:00",
        "JP",
        [],
        {"company_rates": JAPAN_2026_BY_ADMIN, "employee_rate": D("80.00")},
        "85.00",
    ),
    # The built-in figure wins over the employee's → Sweden 70.00
    ("2026-03-10 07:00", "2026-03-10 19:00", "SE", [], {"employee_rate": D("99.00")}, "70.00"),
    # --- Earlier years (late claims) ----------------------------------------------------------------
    # 2024: 11 h → full 51.00
    ("2024-06-03 08:00", "2024-06-03 19:00", "FI", [], {}, "51.00"),
    # 2024: 7 h → partial 24.00
    ("2024-06-03 08:00", "2024-06-03 15:00", "FI", [], {}, "24.00"),
    # 2025: 24 h + 3 h → 53.00 + 24.00 = 77.00
    ("2025-06-02 08:00", "2025-06-03 11:00", "FI", [], {}, "77.00"),
    # 2025: Germany 12 h → 77.00
    ("2025-06-02 08:00", "2025-06-02 20:00", "DE", [], {}, "77.00"),
    # 2026: Germany 12 h → 78.00
    ("2026-06-02 08:00", "2026-06-02 20:00", "DE", [], {}, "78.00"),
    # Over the new year: day 1 starts 31.12.2025 (53.00), day 2 in 2026 (9 h > 6 h → 54.00) = 107.00
    ("2025-12-31 08:00", "2026-01-01 17:00", "FI", [], {}, "107.00"),
]


@pytest.mark.parametrize(("departure", "return_", "destination", "meals", "options", "total"), ROWS)
def test_worked_example(departure, return_, destination, meals, options, total):
    result = calculate_per_diem(at(departure), at(return_), destination, meals, **options)
    assert result.total == D(total)


def test_spring_daylight_saving_is_counted_in_real_hours():
    result = calculate_per_diem(at("2026-03-28 20:00"), at("2026-03-29 22:30"))
    assert result.duration.total_seconds() == 25.5 * 3600
    assert result.lines == [
        "1 d 1 h 30 min in total: 1 full travel day + 1 h 30 min",
        "Day 1 (2026-03-28 20:00 – 2026-03-29 21:00), full travel day → full per diem 54.00 €",
        "Day 2 (2026-03-29 21:00 – 2026-03-29 22:30), 1 h 30 min past the last full travel day "
        "→ no per diem (under 2 h past the last full travel day)",
        "Total 54.00 €",
    ]


def test_autumn_daylight_saving_makes_the_night_an_hour_longer():
    result = calculate_per_diem(at("2026-10-24 20:00"), at("2026-10-25 21:30"))
    assert result.duration.total_seconds() == 26.5 * 3600
    assert result.lines[1] == "Day 1 (2026-10-24 20:00 – 2026-10-25 19:00), full travel day → full per diem 54.00 €"


def test_a_return_given_in_another_zone_is_counted_from_the_departure():
    # 12:00 in Tokyo (UTC+9) is 05:00 in Helsinki (UTC+2): 07:00 → next day 05:00 is 22 h, one travel day.
    tokyo = datetime(2026, 3, 11, 12, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    result = calculate_per_diem(at("2026-03-10 07:00"), tokyo, "SE")
    assert result.duration.total_seconds() == 22 * 3600
    assert result.days[0].end.strftime("%H:%M") == "05:00"


def test_half_rate_with_free_meals_says_why_it_is_not_reduced():
    result = calculate_per_diem(at("2026-03-10 07:00"), at("2026-03-11 12:00"), "SE", [0, 1])
    assert result.lines[2] == (
        "Day 2 (2026-03-11 07:00 – 2026-03-11 12:00), 5 h past the last full travel day → half of the foreign "
        "per diem Sweden: 70.00 € / 2 = 35.00 €; 1 free meal → not reduced: the decision's text does not say so "
        "for the half rate"
    )
    assert not result.days[1].halved


def test_admin_and_employee_rates_are_named_in_the_calculation():
    admin = calculate_per_diem(at("2026-03-10 07:00"), at("2026-03-10 19:00"), "JP", company_rates=JAPAN_2026_BY_ADMIN)
    assert admin.lines == [
        "12 h, one travel day → foreign per diem Japan 85.00 € (entered by Anna Admin from the decision)"
    ]
    assert not admin.employee_rate_used
    employee = calculate_per_diem(at("2026-03-10 07:00"), at("2026-03-10 19:00"), "JP", employee_rate=D("80"))
    assert employee.lines == [
        "12 h, one travel day → foreign per diem Japan 80.00 € (day rate entered by the employee from the decision)"
    ]
    assert employee.employee_rate_used


def test_an_admin_rate_of_another_year_is_not_used():
    # Entered for 2026 only: a 2025 trip to Japan still needs the 2025 figure.
    with pytest.raises(DayRateMissing, match=r"^day_rate: no foreign per diem for JP in 2025"):
        calculate_per_diem(at("2025-03-10 07:00"), at("2025-03-10 19:00"), "JP", company_rates=JAPAN_2026_BY_ADMIN)


@pytest.mark.parametrize(
    ("day", "vehicle", "total"),
    [
        # 100 km × 0.57 €/km = 57.00 (2024)
        (date(2024, 6, 3), "car", "57.00"),
        # 100 km × 0.59 €/km = 59.00 (2025)
        (date(2025, 6, 3), "car", "59.00"),
        # 100 km × 0.55 €/km = 55.00 (2026)
        (date(2026, 6, 3), "car", "55.00"),
        # 100 km × 0.44 €/km = 44.00 (2024 motorcycle)
        (date(2024, 6, 3), "motorcycle", "44.00"),
        # 100 km × 0.45 €/km = 45.00 (2025 motorcycle)
        (date(2025, 6, 3), "motorcycle", "45.00"),
        # 100 km × 0.42 €/km = 42.00 (2026 motorcycle)
        (date(2026, 6, 3), "motorcycle", "42.00"),
    ],
)
def test_kilometre_allowance_by_year(day, vehicle, total):
    assert calculate_mileage(day, [D("100")], vehicle=vehicle).total == D(total)


@pytest.mark.parametrize(
    ("day", "amount"),
    [
        (date(2024, 6, 3), "12.75"),  # 2024 meal allowance, one meal
        (date(2025, 6, 3), "13.25"),
        (date(2026, 6, 3), "13.50"),
    ],
)
def test_meal_allowance_one_meal_by_year(day, amount):
    assert calculate_meal_allowance(day, 1).amount == D(amount)
