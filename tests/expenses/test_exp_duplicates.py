from decimal import Decimal

import pytest

from expenses.models import Expense, ExpenseSettings
from expenses.services import add_attachment, create_receipt, dismiss_duplicate, update_expense
from expenses.services.inputs import LineInput
from tests.expenses import files
from tests.expenses.conftest import receipt_input

pytestmark = pytest.mark.django_db


def other_amount(office, amount):
    return receipt_input(office, amount, lines=(LineInput(amount=Decimal(amount), vat_rate=Decimal("25.5")),))


def test_same_date_amount_and_currency_is_flagged(office):
    first = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    second = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    assert second.is_flagged_duplicate
    assert second.possible_duplicate_of == first
    assert not Expense.objects.get(pk=first.pk).is_flagged_duplicate


def test_same_amount_by_another_person_is_not_flagged(office):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    second = create_receipt(company=office.company, owner=office.approver, data=receipt_input(office))

    assert not second.is_flagged_duplicate


def test_same_receipt_file_is_flagged_even_for_another_person(office):
    first = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    second = create_receipt(company=office.company, owner=office.approver, data=other_amount(office, "5.00"))
    add_attachment(expense=first, actor=office.employee, upload=files.png(color="red"))

    add_attachment(expense=second, actor=office.approver, upload=files.png(color="red"))

    second.refresh_from_db()
    assert second.is_flagged_duplicate
    assert "receipt file" in second.duplicate_reason


def test_not_a_duplicate_clears_the_flag_for_good(office):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    second = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    dismiss_duplicate(expense=second, actor=office.approver)
    update_expense(expense=second, actor=office.employee, data=receipt_input(office))

    second.refresh_from_db()
    assert not second.is_flagged_duplicate


def test_company_can_turn_the_check_off(office):
    ExpenseSettings.objects.filter(company=office.company).update(duplicate_check_enabled=False)
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    second = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    assert not second.is_flagged_duplicate
