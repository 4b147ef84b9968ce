"""Totals are summed exactly on every database: SQLite would sum decimal columns as floats."""

from decimal import Decimal

import pytest

from expenses.models import Expense, Kind, State
from expenses.selectors import ExpenseFilters, expense_list_rows
from tests.expenses.conftest import DAY

pytestmark = pytest.mark.django_db

LARGEST = Decimal("9999999999.99")  # the largest amount a money column holds


def expenses_of(office, amounts):
    Expense.objects.bulk_create(
        Expense(
            company=office.company,
            owner=office.employee,
            kind=Kind.RECEIPT,
            state=State.APPROVED,
            date=DAY,
            description="Sum check",
            amount=amount,
            amount_eur=amount,
        )
        for amount in amounts
    )


def test_the_all_expenses_total_is_exact_to_the_cent(office):
    # As floats, these sum to 9,999,999,999,990.209…: 18 cents too much once rounded.
    expenses_of(office, [LARGEST] * 1000 + [Decimal("0.01")] * 3)

    listed = expense_list_rows(office.company, office.accountant, ExpenseFilters(scope="all"))

    assert listed.total_eur == Decimal("9999999999990.03")
    assert listed.totals == [{"currency": "EUR", "total": Decimal("9999999999990.03"), "n": 1003}]


def test_an_empty_list_totals_zero_with_cents(office):
    listed = expense_list_rows(office.company, office.accountant, ExpenseFilters(scope="all"))

    assert (listed.total_eur, str(listed.total_eur)) == (Decimal(0), "0.00")
