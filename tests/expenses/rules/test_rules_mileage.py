"""Kilometre allowance worked examples (2025: 0.59 €/km, 2026: 0.55 €/km)."""

from datetime import date
from decimal import Decimal as D

import pytest

from expenses.rules import Allowance, InvalidAmount, InvalidTrip, RateNotAvailable, allowance, calculate_mileage

KM = [D("120")]


def texts(result):
    return [line.text for line in result.lines]


def test_car_2026_plain():
    result = calculate_mileage(date(2026, 2, 10), KM)
    assert result.total == D("66.00")  # 120 × 0.55
    assert texts(result) == ["120 km × 0.55 €/km = 66.00 €"]


def test_car_2025_plain():
    result = calculate_mileage(date(2025, 12, 31), KM)
    assert result.total == D("70.80")  # 120 × 0.59
    assert texts(result) == ["120 km × 0.59 €/km = 70.80 €"]


def test_car_2026_with_every_extra():
    result = calculate_mileage(date(2026, 2, 10), KM, passengers=1, trailer=True, heavy_load=True)
    assert texts(result) == [
        "120 km × 0.55 €/km = 66.00 €",
        "+ 1 passenger: 120 km × 0.04 €/km = 4.80 €",
        "+ trailer: 120 km × 0.09 €/km = 10.80 €",
        "+ machine over 80 kg or bulky item: 120 km × 0.04 €/km = 4.80 €",
    ]
    assert result.total == D("86.40")  # 66.00 + 4.80 + 10.80 + 4.80


def test_car_2025_with_every_extra():
    # The 2025 passenger increase is confirmed now (three summaries of the 2025 decision agree).
    result = calculate_mileage(date(2025, 6, 1), KM, passengers=1, trailer=True, heavy_load=True)
    assert texts(result) == [
        "120 km × 0.59 €/km = 70.80 €",
        "+ 1 passenger: 120 km × 0.04 €/km = 4.80 €",
        "+ trailer: 120 km × 0.10 €/km = 12.00 €",
        "+ machine over 80 kg or bulky item: 120 km × 0.04 €/km = 4.80 €",
    ]
    assert result.total == D("92.40")  # 70.80 + 4.80 + 12.00 + 4.80


def test_several_passengers_and_legs():
    result = calculate_mileage(date(2026, 2, 10), [D("45.5"), D("74.5")], passengers=3)
    assert texts(result) == [
        "120 km (45.5 + 74.5) × 0.55 €/km = 66.00 €",
        "+ 3 passengers: 120 km × 3 × 0.04 €/km = 14.40 €",
    ]
    assert result.km == D("120.0") and result.total == D("80.40")


def test_each_line_is_rounded_half_up_and_the_total_is_their_sum():
    # 12.3 × 0.55 = 6.765 → 6.77; 12.3 × 0.04 = 0.492 → 0.49; total 7.26
    result = calculate_mileage(date(2026, 1, 1), [D("12.3")], passengers=1)
    assert [line.amount for line in result.lines] == [D("6.77"), D("0.49")]
    assert result.total == D("7.26")
    # 12.1 × 0.55 = 6.655 → 6.66; 12.1 × 0.09 = 1.089 → 1.09; total 7.75 (not round(7.744) = 7.74)
    result = calculate_mileage(date(2026, 1, 1), [D("12.1")], trailer=True)
    assert [line.amount for line in result.lines] == [D("6.66"), D("1.09")]
    assert result.total == D("7.75")


def test_motorcycle_2026():
    result = calculate_mileage(date(2026, 5, 5), [D("100")], vehicle="motorcycle")
    assert texts(result) == ["100 km × 0.42 €/km (motorcycle) = 42.00 €"]
    assert result.total == D("42.00")


@pytest.mark.parametrize(
    ("option", "field"),
    [({"passengers": 1}, "passengers"), ({"trailer": True}, "trailer"), ({"heavy_load": True}, "heavy_load")],
)
def test_motorcycle_takes_no_car_extras(option, field):
    with pytest.raises(InvalidTrip, match=rf"^{field}: the increase applies to a car only"):
        calculate_mileage(date(2026, 5, 5), [D("100")], vehicle="motorcycle", **option)


def test_motorcycle_2025_rate():
    # 2025 decision as quoted by rydoo, mobilexpense and truster: 100 km × 0.45 €/km = 45.00 €
    assert calculate_mileage(date(2025, 5, 5), [D("100")], vehicle="motorcycle").total == D("45.00")


def test_night_travel_2025_figure_is_not_guessed():
    with pytest.raises(RateNotAvailable, match=r"^date: the night travel allowance for 2025-05-05"):
        allowance(date(2025, 5, 5), Allowance.NIGHT_TRAVEL)


@pytest.mark.parametrize(
    ("legs", "message"),
    [
        ([D("-5")], r"^legs_km: leg 1: must be over 0 km"),
        ([D("10"), D("0")], r"^legs_km: leg 2: must be over 0 km"),
        ([D("5000.01")], r"^legs_km: leg 1: must be over 0 km and at most 5000 km"),
        ([D("1.005")], r"^legs_km: leg 1: at most 2 decimals"),
    ],
)
def test_bad_distances(legs, message):
    with pytest.raises(InvalidAmount, match=message):
        calculate_mileage(date(2026, 5, 5), legs)


def test_limits_and_other_bad_input():
    assert calculate_mileage(date(2026, 5, 5), [D("5000")], passengers=8).total == D("4350.00")
    with pytest.raises(InvalidTrip, match=r"^legs_km: give at least one leg"):
        calculate_mileage(date(2026, 5, 5), [])
    with pytest.raises(InvalidTrip, match=r"^passengers: must be 0–8"):
        calculate_mileage(date(2026, 5, 5), KM, passengers=9)
    with pytest.raises(InvalidTrip, match=r"^passengers:"):
        calculate_mileage(date(2026, 5, 5), KM, passengers=-1)
    with pytest.raises(InvalidTrip, match=r"^vehicle:"):
        calculate_mileage(date(2026, 5, 5), KM, vehicle="bus")
    with pytest.raises(TypeError):
        calculate_mileage(date(2026, 5, 5), [120.0])


def test_date_before_any_table():
    with pytest.raises(RateNotAvailable, match=r"^trip_date: no travel allowance table covers 2023-06-30"):
        calculate_mileage(date(2023, 6, 30), KM)
