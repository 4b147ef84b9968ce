"""For every amount a user may type, in the ways Finnish and English users type it, the stored value is
the amount they meant; what could mean two amounts is refused."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from expenses.api.fields import TypedDecimalField as ApiDecimalField
from expenses.forms.fields import TypedDecimalField
from expenses.rules.typed_numbers import Problem, TypedNumberError, parse_typed_decimal

AMOUNTS = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("9999999.99"), places=2)
SPACES = st.sampled_from([" ", "\u00a0", "\u202f"])


def grouped(whole: str, space: str) -> str:
    """1234567 → "1 234 567" with the given space."""
    head = len(whole) % 3 or 3
    groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return space.join(groups)


@given(AMOUNTS, st.sampled_from([",", "."]), SPACES, st.booleans(), st.sampled_from(["", " €", "€"]))
def test_every_way_of_typing_an_amount_reads_as_that_amount(amount, decimal_mark, space, group, euro):
    whole, _, cents = f"{amount:.2f}".partition(".")
    typed = f"{grouped(whole, space) if group else whole}{decimal_mark}{cents}{euro}"

    assert parse_typed_decimal(typed) == amount


@given(AMOUNTS)
def test_a_finnish_amount_shown_in_a_form_reads_back_unchanged(amount):
    field = TypedDecimalField(max_digits=12, decimal_places=2)
    with translation.override("fi"):
        shown = field.widget.format_value(field.prepare_value(amount))
        assert "," in shown or "." not in shown
        assert field.clean(shown) == amount


@given(AMOUNTS.filter(lambda amount: amount >= 1000))
def test_a_comma_and_a_point_together_are_refused_not_guessed(amount):
    whole, _, cents = f"{amount:.2f}".partition(".")
    english = f"{grouped(whole, ',')}.{cents}"  # 1,234.50
    german = f"{grouped(whole, '.')},{cents}"  # 1.234,50

    for typed in (english, german):
        with pytest.raises(TypedNumberError) as refused:
            parse_typed_decimal(typed)
        assert refused.value.problem == Problem.AMBIGUOUS


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12,90", Decimal("12.90")),
        ("12.90", Decimal("12.90")),
        ("1 234,50", Decimal("1234.50")),
        ("1\u00a0234,50", Decimal("1234.50")),
        ("0,05", Decimal("0.05")),
        (",50", Decimal("0.50")),
        ("12,", Decimal("12")),
        ("−3,20", Decimal("-3.20")),
    ],
)
def test_typed_examples(typed, meant):
    assert parse_typed_decimal(typed) == meant


@pytest.mark.parametrize("typed", ["12 90", "1,2,3", "1.2.3", "²", "١٢", "１２", "abc", "1e5", "NaN", "Infinity", ","])
def test_what_is_not_one_number_is_refused(typed):
    with pytest.raises(TypedNumberError):
        parse_typed_decimal(typed)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_form_field_explains_a_refusal_in_the_users_language(language):
    field = TypedDecimalField(max_digits=12, decimal_places=2)
    with translation.override(language), pytest.raises(Exception) as refused:
        field.clean("1,234.50")
    assert "1 234,50" in str(refused.value.messages)


@pytest.mark.parametrize("language", ["fi", "en"])
def test_three_decimals_are_refused_rather_than_read_as_thousands(language):
    field = TypedDecimalField(max_digits=12, decimal_places=2)
    with translation.override(language), pytest.raises(Exception) as refused:
        field.clean("1,000")
    assert "1 234,50" in str(refused.value.messages)


@given(AMOUNTS, st.sampled_from([",", "."]))
def test_the_api_reads_strings_with_either_decimal_mark(amount, decimal_mark):
    field = ApiDecimalField(max_digits=12, decimal_places=2)

    assert field.to_internal_value(f"{amount:.2f}".replace(".", decimal_mark)) == amount
    assert field.to_internal_value(float(amount) if amount < 1000 else str(amount)) == amount
