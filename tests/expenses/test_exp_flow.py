from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from expenses.models import Expense
from expenses.services import (
    approve_all,
    correct_amount,
    create_receipt,
    submit_expense,
    update_expense,
)
from expenses.services.inputs import LineInput
from tests.expenses.conftest import receipt_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    return submit_expense(expense=expense, actor=office.employee)


def test_submitted_expense_cannot_be_edited(office, submitted):
    with pytest.raises(ValidationError):
        update_expense(expense=submitted, actor=office.employee, data=receipt_input(office))


def test_approver_corrects_amount_with_a_note(office):
    lines = (
        LineInput(amount=Decimal("100.00"), vat_rate=Decimal("25.5")),
        LineInput(amount=Decimal("24.00"), vat_rate=Decimal("13.5")),
    )
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, lines=lines))
    submit_expense(expense=expense, actor=office.employee)

    expense = correct_amount(expense=expense, actor=office.approver, amount=Decimal("99.99"), note="Tip is private")

    assert expense.amount == expense.amount_eur == Decimal("99.99")
    assert sum(line.amount for line in expense.lines.all()) == Decimal("99.99")
    assert "Tip is private" in expense.history.last().note


def test_correction_needs_a_note(office, submitted):
    with pytest.raises(ValidationError) as excinfo:
        correct_amount(expense=submitted, actor=office.approver, amount=Decimal("1.00"), note="")

    assert "note" in excinfo.value.message_dict


def test_approve_all_skips_flagged_duplicates(office):
    first = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    twin = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    other = create_receipt(
        company=office.company,
        owner=office.employee,
        data=receipt_input(office, "10.00", lines=(LineInput(amount=Decimal("10.00"), vat_rate=Decimal("25.5")),)),
    )
    for expense in (first, twin, other):
        submit_expense(expense=expense, actor=office.employee)

    result = approve_all(expenses=[first, twin, other], actor=office.approver)

    assert (result.done, result.skipped) == (2, 1)
    assert Expense.objects.get(pk=twin.pk).state == "submitted"
