"""Money helpers: rounding, VAT split, allocation, currency conversion. Figures checkable by hand."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from expenses.rules import (
    InvalidAmount,
    allocate,
    convert_to_eur,
    quantize_cents,
    rates_on,
    split_gross,
    to_eur,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.345", "2.35"), ("2.344", "2.34"), ("-2.345", "-2.35"), ("0.005", "0.01"), ("7", "7.00")],
)
def test_quantize_cents_rounds_half_up(value, expected):
    assert quantize_cents(D(value)) == D(expected)
    assert str(quantize_cents(D(value))) == expected


@pytest.mark.parametrize(
    ("gross", "rate", "net", "vat"),
    [
        ("100.00", "25.5", "79.68", "20.32"),  # 100 × 25.5 / 125.5 = 20.318…
        ("124.00", "24", "100.00", "24.00"),  # 124 × 24 / 124 = 24
        ("10.00", "14", "8.77", "1.23"),  # 10 × 14 / 114 = 1.228…
        ("11.35", "13.5", "10.00", "1.35"),  # 11.35 × 13.5 / 113.5 = 1.35
        ("110.00", "10", "100.00", "10.00"),
        ("50.00", "0", "50.00", "0.00"),
        ("-100.00", "25.5", "-79.68", "-20.32"),  # credit note: mirror image
    ],
)
def test_split_gross_worked_examples(gross, rate, net, vat):
    split = split_gross(D(gross), D(rate))
    assert (split.net, split.vat) == (D(net), D(vat))
    assert split.gross == D(gross)


def test_split_gross_refuses_fractions_of_a_cent_and_bad_rates():
    with pytest.raises(InvalidAmount, match=r"^gross: must have at most 2 decimals"):
        split_gross(D("10.005"), D("25.5"))
    with pytest.raises(InvalidAmount, match=r"^rate_percent:"):
        split_gross(D("10.00"), D("-1"))
    with pytest.raises(InvalidAmount, match=r"^gross: must be a finite number"):
        split_gross(D("NaN"), D("24"))


def test_allocate_worked_examples():
    assert allocate(D("100.00"), [1, 1, 1]) == [D("33.34"), D("33.33"), D("33.33")]
    assert allocate(D("10.00"), [D("1"), D("0"), D("3")]) == [D("2.50"), D("0.00"), D("7.50")]
    assert allocate(D("0.05"), [1, 1]) == [D("0.03"), D("0.02")]  # tie: the earlier line wins
    assert allocate(D("-0.05"), [1, 1]) == [D("-0.03"), D("-0.02")]
    assert allocate(D("1.00"), [1, 2]) == [D("0.33"), D("0.67")]  # 0.333… / 0.666…: largest remainder


@pytest.mark.parametrize("weights", [[], [D(0), D(0)], [D(1), D(-1)]])
def test_allocate_refuses_bad_weights(weights):
    with pytest.raises(InvalidAmount, match=r"^weights:"):
        allocate(D("1.00"), weights)


def test_to_eur_uses_the_ecb_convention():
    # ECB: 1 EUR = 1.0850 USD, so 100 USD = 100 / 1.0850 = 92.165… EUR
    assert to_eur(D("100.00"), D("1.0850")) == D("92.17")
    # 1 EUR = 11.2345 SEK: 1000 SEK = 89.011… EUR
    assert to_eur(D("1000"), D("11.2345")) == D("89.01")
    with pytest.raises(InvalidAmount, match=r"^rate: must be above 0"):
        to_eur(D("1.00"), D("0"))


def test_convert_to_eur_keeps_the_record():
    record = convert_to_eur(D("100.00"), "usd", D("1.0850"), date(2026, 3, 2), "ECB reference rate")
    assert (record.currency, record.eur, record.rate_date) == ("USD", D("92.17"), date(2026, 3, 2))
    assert record.amount == D("100.00") and record.rate_source == "ECB reference rate"
    with pytest.raises(InvalidAmount, match=r"^rate: must be 1"):
        convert_to_eur(D("5.00"), "EUR", D("1.1"), date(2026, 3, 2), "ECB")
    with pytest.raises(InvalidAmount, match=r"^currency:"):
        convert_to_eur(D("5.00"), "EURO", D("1"), date(2026, 3, 2), "ECB")


@pytest.mark.parametrize(
    "call",
    [
        lambda: quantize_cents(0.1),
        lambda: split_gross(10.0, D("24")),
        lambda: split_gross(D("10.00"), 25.5),
        lambda: allocate(1.0, [1]),
        lambda: allocate(D("1.00"), [0.5, 0.5]),
        lambda: to_eur(1.0, D("1")),
        lambda: to_eur(D("1"), 1.1),
        lambda: quantize_cents("1.00"),
    ],
)
def test_floats_and_strings_are_refused_with_type_error(call):
    with pytest.raises(TypeError):
        call()


# --- properties --------------------------------------------------------------------------------------

CENTS = st.decimals(min_value=D("0.01"), max_value=D("10000000"), places=2)


@st.composite
def rate_and_gross(draw):
    day = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2027, 12, 31)))
    rate = draw(st.sampled_from(rates_on(day)))
    gross = draw(CENTS) * draw(st.sampled_from([1, -1]))
    return rate.percent, gross


@given(rate_and_gross())
def test_vat_split_is_exact_for_every_valid_rate(case):
    rate, gross = case
    split = split_gross(gross, rate)
    assert split.net + split.vat == gross
    assert split.vat == split.vat.quantize(D("0.01")) and split.net == split.net.quantize(D("0.01"))
    assert split.vat.as_tuple().exponent >= -2
    assert (split.vat >= 0) if gross > 0 else (split.vat <= 0)
    assert abs(split.vat) <= abs(gross)
    assert abs(split.vat - gross * rate / (100 + rate)) <= D("0.005")


@given(
    st.decimals(min_value=D("-10000000"), max_value=D("10000000"), places=2),
    st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(any),
)
def test_allocate_sums_exactly_and_stays_within_a_cent(total, weights):
    shares = allocate(total, weights)
    assert sum(shares) == total
    assert len(shares) == len(weights)
    weight_sum = sum(weights)
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / weight_sum) < D("0.01")
        assert share.as_tuple().exponent == -2


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_no_float_is_ever_accepted(value):
    for call in (
        lambda: quantize_cents(value),
        lambda: split_gross(value, D("24")),
        lambda: allocate(value, [1]),
        lambda: to_eur(value, D("1.1")),
    ):
        with pytest.raises(TypeError):
            call()
