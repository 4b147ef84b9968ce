"""Finnish VAT rates by date."""

from datetime import date, datetime
from decimal import Decimal as D

import pytest

from expenses.rules import (
    NETVISOR_VAT_CODE_DOMESTIC_PURCHASE,
    NETVISOR_VAT_CODE_NONE,
    RateNotAvailable,
    is_valid_rate,
    rate_on,
    rates_on,
)
from expenses.rules.vat import GENERAL, REDUCED_FOOD, REDUCED_OTHER, ZERO


@pytest.mark.parametrize(
    ("day", "percents"),
    [
        (date(2020, 6, 1), ["24", "14", "10", "0"]),
        (date(2024, 8, 31), ["24", "14", "10", "0"]),
        (date(2024, 9, 1), ["25.5", "14", "10", "0"]),
        (date(2025, 12, 31), ["25.5", "14", "10", "0"]),
        (date(2026, 1, 1), ["25.5", "13.5", "10", "0"]),
        (date(2027, 7, 1), ["25.5", "13.5", "10", "0"]),
    ],
)
def test_rates_on_each_side_of_every_change(day, percents):
    assert [rate.percent for rate in rates_on(day)] == [D(p) for p in percents]


def test_rates_carry_names_and_validity_ranges():
    general = rate_on(GENERAL, date(2024, 9, 1))
    assert (general.percent, general.valid_from, general.valid_to) == (D("25.5"), date(2024, 9, 1), None)
    food = rate_on(REDUCED_FOOD, date(2025, 6, 1))
    assert (food.percent, food.valid_to) == (D("14"), date(2025, 12, 31))
    assert rate_on(REDUCED_FOOD, date(2026, 1, 1)).valid_from == date(2026, 1, 1)
    assert rate_on(REDUCED_OTHER, date(2026, 1, 1)).percent == D("10")
    assert rate_on(ZERO, date(2026, 1, 1)).percent == D("0")
    assert rate_on(GENERAL, date(2024, 8, 31)).valid_to == date(2024, 8, 31)


def test_is_valid_rate_follows_the_purchase_date():
    assert is_valid_rate(D("24"), date(2024, 8, 31))
    assert not is_valid_rate(D("24"), date(2024, 9, 1))
    assert is_valid_rate(D("25.50"), date(2024, 9, 1))
    assert is_valid_rate(D("14"), date(2025, 12, 31))
    assert not is_valid_rate(D("14"), date(2026, 1, 1))
    assert not is_valid_rate(D("13.5"), date(2025, 12, 31))
    assert is_valid_rate(D("13.5"), datetime(2026, 1, 1, 0, 0))
    assert not is_valid_rate(D("23"), date(2026, 1, 1))


def test_unknown_rate_name_and_float_percent():
    with pytest.raises(RateNotAvailable, match=r"^vat_rate: .*2026-01-01"):
        rate_on("super_reduced", date(2026, 1, 1))
    with pytest.raises(TypeError):
        is_valid_rate(25.5, date(2026, 1, 1))


def test_netvisor_code_hints():
    assert NETVISOR_VAT_CODE_DOMESTIC_PURCHASE == "KOOS"
    assert NETVISOR_VAT_CODE_NONE == "NONE"
