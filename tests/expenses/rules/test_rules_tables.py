"""Allowance tables: which figure applies on which date, and what is deliberately missing."""

import itertools
from datetime import date
from decimal import Decimal as D

import pytest

from expenses.rules import (
    Allowance,
    DayRateMissing,
    InvalidTrip,
    RateNotAvailable,
    RuleError,
    allowance,
    calculate_meal_allowance,
    foreign_per_diem,
    table_for,
)
from expenses.rules.tables import TABLES, is_unconfirmed

A = Allowance

EXPECTED = {
    # 2024: the figures the summaries of the 2025 decision quote (see expenses/rules/tables.py); late claims.
    2024: {
        A.KM_CAR: "0.57",
        A.KM_EXTRA_PASSENGER: "0.04",
        A.KM_MOTORCYCLE: "0.44",
        A.PER_DIEM_PARTIAL: "24",
        A.PER_DIEM_FULL: "51",
        A.MEAL_ONE: "12.75",
        A.NIGHT_TRAVEL: "16",
    },
    2025: {
        A.KM_CAR: "0.59",
        A.KM_EXTRA_PASSENGER: "0.04",
        A.KM_TRAILER: "0.10",
        A.KM_HEAVY_LOAD: "0.04",
        A.KM_MOTORCYCLE: "0.45",
        A.PER_DIEM_PARTIAL: "24",
        A.PER_DIEM_FULL: "53",
        A.MEAL_ONE: "13.25",
        A.MEAL_TWO: "26.50",
    },
    2026: {
        A.KM_CAR: "0.55",
        A.KM_EXTRA_PASSENGER: "0.04",
        A.KM_TRAILER: "0.09",
        A.KM_HEAVY_LOAD: "0.04",
        A.KM_MOTORCYCLE: "0.42",
        A.PER_DIEM_PARTIAL: "25",
        A.PER_DIEM_FULL: "54",
        A.MEAL_ONE: "13.50",
        A.MEAL_TWO: "27.00",
        A.NIGHT_TRAVEL: "16",
    },
}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
@pytest.mark.parametrize("day_month", [(1, 1), (6, 15), (12, 31)])
def test_yearly_figures(year, day_month):
    day = date(year, *day_month)
    for item, amount in EXPECTED[year].items():
        assert allowance(day, item) == D(amount), item


def test_2024_only_has_the_quoted_figures():
    assert not table_for(date(2024, 5, 1)).complete
    for item in (A.KM_TRAILER, A.KM_HEAVY_LOAD, A.MEAL_TWO):  # no source quotes them: never guessed
        with pytest.raises(RateNotAvailable, match=r"^date: .* for 2024-05-01 is not in the 2024 table"):
            allowance(date(2024, 5, 1), item)


def test_2025_figures_the_sources_do_not_give_are_refused():
    with pytest.raises(RateNotAvailable, match="2025-03-03"):
        allowance(date(2025, 3, 3), A.NIGHT_TRAVEL)
    # Three summaries of the 2025 decision agree on the passenger increase: no longer marked.
    assert not is_unconfirmed(date(2025, 3, 3), A.KM_EXTRA_PASSENGER)
    assert not is_unconfirmed(date(2026, 3, 3), A.KM_EXTRA_PASSENGER)


@pytest.mark.parametrize("day", [date(2023, 12, 31), date(2027, 1, 1), date(1999, 1, 1)])
def test_dates_without_a_table_name_the_date(day):
    with pytest.raises(RateNotAvailable) as caught:
        table_for(day, field="trip_date")
    assert caught.value.field == "trip_date"
    assert day.isoformat() in str(caught.value)
    assert str(caught.value).startswith("trip_date: no travel allowance table covers")


def test_tables_do_not_overlap_and_hold_cent_decimals():
    for earlier, later in itertools.pairwise(TABLES):
        assert earlier.valid_to < later.valid_from
    for table in TABLES:
        for amount in [*table.rates.values(), *table.foreign.values()]:
            assert isinstance(amount, D) and amount > 0 and amount == amount.quantize(D("0.01"))


FOREIGN_2026 = [
    ("SE", None, "70"),
    ("NO", None, "72"),
    ("DK", None, "82"),
    ("EE", None, "82"),
    ("LV", None, "76"),
    ("LT", None, "75"),
    ("DE", None, "78"),
    ("FR", None, "80"),
    ("GB", None, "84"),
    ("GB", "London", "89"),
    ("GB", "Edinburgh", "89"),
    ("GB", "Manchester", "84"),  # no city rate: the country rate
    ("US", None, "86"),
    ("US", "New York", "93"),
    ("US", "los angeles", "93"),
    ("US", "Washington, D.C.", "93"),
    ("us", "Chicago", "86"),
]


@pytest.mark.parametrize(("country", "city", "amount"), FOREIGN_2026)
def test_foreign_per_diems_2026(country, city, amount):
    assert foreign_per_diem(date(2026, 4, 1), country, city).amount == D(amount)


def test_foreign_per_diem_2025_germany():
    assert foreign_per_diem(date(2025, 4, 1), "DE").amount == D("77")


def test_foreign_lookup_errors():
    with pytest.raises(DayRateMissing, match=r"^day_rate: no foreign per diem for JP in 2026") as caught:
        foreign_per_diem(date(2026, 4, 1), "JP")
    assert (caught.value.country, caught.value.year) == ("JP", 2026)
    with pytest.raises(DayRateMissing, match=r"no foreign per diem for SE in 2025"):
        foreign_per_diem(date(2025, 4, 1), "SE")
    with pytest.raises(InvalidTrip, match=r"^destination: must be an ISO 3166"):
        foreign_per_diem(date(2026, 4, 1), "Sweden")
    with pytest.raises(InvalidTrip, match=r"^destination: QQ is not a country or region"):
        foreign_per_diem(date(2026, 4, 1), "QQ")


@pytest.mark.parametrize(
    ("day", "meals", "amount"),
    [
        (date(2025, 5, 5), 1, "13.25"),
        (date(2025, 5, 5), 2, "26.50"),
        (date(2026, 5, 5), 1, "13.50"),
        (date(2026, 5, 5), 2, "27.00"),
    ],
)
def test_meal_allowance(day, meals, amount):
    result = calculate_meal_allowance(day, meals)
    assert result.amount == D(amount)
    label = "one meal" if meals == 1 else "two meals"
    assert result.lines == [f"{day.isoformat()}: meal allowance, {label}, no per diem paid → {amount} €"]


def test_meal_allowance_refuses_other_counts():
    for meals in (0, 3, True):
        with pytest.raises(InvalidTrip, match=r"^meals: must be 1 or 2"):
            calculate_meal_allowance(date(2026, 5, 5), meals)


def test_rule_errors_are_value_errors_with_a_field():
    err = InvalidTrip("return_", "must be after departure")
    assert isinstance(err, RuleError) and isinstance(err, ValueError)
    assert (err.field, err.reason) == ("return_", "must be after departure")
    assert str(err) == "return_: must be after departure"
