"""The list and the inbox cost the same number of queries for 1 or 1,000 expenses."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from expenses.models import Expense
from expenses.selectors import ExpenseFilters, expense_list_rows

pytestmark = pytest.mark.django_db


def make_expenses(office, count, state="draft"):
    Expense.objects.bulk_create(
        Expense(
            company=office.company,
            owner=office.employee,
            kind="receipt",
            state=state,
            date=date(2026, 1, 1) + timedelta(days=i % 300),
            description=f"Receipt {i}",
            amount=Decimal("10.00") + i,
            amount_eur=Decimal("10.00") + i,
            payment_method=office.own_money,
            submitted_at=timezone.now() if state == "submitted" else None,
        )
        for i in range(count)
    )


def test_list_page_queries_do_not_grow_with_rows(office, login, django_assert_max_num_queries):
    make_expenses(office, 1000)
    client = login(office.employee)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("expenses:list"))

    assert response.status_code == 200
    assert response.content.decode().count("Receipt ") >= 100


def test_all_expenses_page_queries_do_not_grow_with_rows(office, login, django_assert_max_num_queries):
    make_expenses(office, 1000)
    client = login(office.accountant)

    with django_assert_max_num_queries(10):
        assert client.get(reverse("expenses:all")).status_code == 200


def test_inbox_queries_do_not_grow_with_rows(office, login, django_assert_max_num_queries):
    make_expenses(office, 1000, state="submitted")
    client = login(office.approver)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("expenses:approvals"))

    assert response.content.decode().count("Receipt ") == 100  # one page of the 1,000


def test_expense_list_rows_returns_what_the_page_renders(office):
    make_expenses(office, 150)

    result = expense_list_rows(office.company, office.employee, ExpenseFilters())

    assert (result.count, len(result.rows), result.pages) == (150, 100, 2)
    assert result.total_eur == sum(Decimal("10.00") + i for i in range(150))


def test_list_totals_are_shown_in_cents(office, login):
    # SQLite sums decimals through floats; the page must still say 523.20, not 523.200000000000.
    for index, amount in enumerate(["26.40", "38.60", "54.00", "231.00", "38.20", "135.00"]):
        Expense.objects.create(
            company=office.company,
            owner=office.employee,
            kind="receipt",
            date=date(2026, 11, 1 + index),
            description=f"Receipt {index}",
            currency="SEK" if index == 0 else "EUR",
            amount=Decimal(amount),
            amount_eur=Decimal(amount),
            payment_method=office.own_money,
        )

    result = expense_list_rows(office.company, office.employee, ExpenseFilters())

    assert str(result.total_eur) == "523.20"
    assert [(t["currency"], str(t["total"])) for t in result.totals] == [("EUR", "496.80"), ("SEK", "26.40")]
    assert "<strong>523.20 €</strong>" in login(office.employee).get(reverse("expenses:list")).content.decode()
