from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from companies.models import Membership
from companies.roles import Role
from expenses.models import Expense, ExpenseSettings
from expenses.selectors import approval_inbox
from expenses.services import (
    StateConflict,
    approve_all,
    approve_expense,
    correct_amount,
    create_receipt,
    mark_exported,
    mark_paid,
    reject_expense,
    send_to_accounting,
    submit_expense,
    update_expense,
)
from expenses.services.inputs import LineInput
from tests.expenses.conftest import receipt_input
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    return submit_expense(expense=expense, actor=office.employee)


def test_full_path_to_paid_keeps_every_step_in_history(office, submitted):
    expense = approve_expense(expense=submitted, actor=office.approver)
    expense = send_to_accounting(expense=expense, actor=office.accountant)
    expense = mark_exported(expense=expense)
    expense = mark_paid(expense=expense)

    steps = [(t.from_state, t.to_state) for t in expense.history.all()]
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "approved"),
        ("approved", "queued"),
        ("queued", "exported"),
        ("exported", "paid"),
    ]
    assert expense.history.all()[1].actor == office.approver
    actions = set(AuditEntry.objects.filter(object_id=str(expense.pk)).values_list("action", flat=True))
    assert {"expense.submitted", "expense.approved", "expense.queued", "expense.paid"} <= actions


def test_double_submit_is_refused(office, submitted):
    stale = Expense.objects.get(pk=submitted.pk)
    stale.state = "draft"  # what a second tab still shows

    with pytest.raises(StateConflict) as excinfo:
        submit_expense(expense=stale, actor=office.employee)

    assert "Someone else changed" in str(excinfo.value)
    assert submitted.history.count() == 1


def test_submitting_twice_says_it_is_already_submitted(office, submitted):
    with pytest.raises(StateConflict):
        submit_expense(expense=submitted, actor=office.employee)


def test_nobody_approves_their_own_expense(office):
    expense = create_receipt(company=office.company, owner=office.admin, data=receipt_input(office))
    submit_expense(expense=expense, actor=office.admin)

    with pytest.raises(ValidationError) as excinfo:
        approve_expense(expense=expense, actor=office.admin)

    assert "approver" in excinfo.value.message_dict
    expense.refresh_from_db()
    assert expense.state == "submitted"


def test_approver_not_assigned_to_the_employee_cannot_approve(office, submitted):
    stranger = MembershipFactory(company=office.company, role=Role.APPROVER).user

    with pytest.raises(ValidationError):
        approve_expense(expense=submitted, actor=stranger)


@pytest.fixture
def fallback(office):
    person = MembershipFactory(company=office.company, role=Role.APPROVER).user
    ExpenseSettings.objects.filter(company=office.company).update(fallback_approver=person)
    return person


def test_fallback_approver_approves_those_without_an_approver(office, fallback):
    loner = MembershipFactory(company=office.company, role=Role.EMPLOYEE).user
    expense = create_receipt(company=office.company, owner=loner, data=receipt_input(office))
    submit_expense(expense=expense, actor=loner)

    assert [e.pk for e in approval_inbox(office.company, fallback)] == [expense.pk]
    assert approve_expense(expense=expense, actor=fallback).state == "approved"


def test_fallback_approver_leaves_assigned_employees_to_their_approver(office, submitted, fallback):
    assert approval_inbox(office.company, fallback) == []
    with pytest.raises(ValidationError) as excinfo:
        approve_expense(expense=submitted, actor=fallback)

    assert "approver" in excinfo.value.message_dict


def test_fallback_approver_steps_in_when_the_assigned_approver_left(office, submitted, fallback):
    Membership.objects.filter(company=office.company, user=office.approver).update(is_active=False)

    assert [e.pk for e in approval_inbox(office.company, fallback)] == [submitted.pk]
    assert approve_expense(expense=submitted, actor=fallback).state == "approved"


def test_reject_needs_a_reason(office, submitted):
    with pytest.raises(ValidationError) as excinfo:
        reject_expense(expense=submitted, actor=office.approver, reason="  ")

    assert "reason" in excinfo.value.message_dict


def test_rejected_expense_is_fixed_and_resubmitted(office, submitted):
    expense = reject_expense(expense=submitted, actor=office.approver, reason="Wrong VAT")
    assert expense.rejection_reason == "Wrong VAT"
    fixed = receipt_input(office, "100.00", lines=(LineInput(amount=Decimal("100.00"), vat_rate=Decimal("25.5")),))

    expense = update_expense(expense=expense, actor=office.employee, data=fixed)
    expense = submit_expense(expense=expense, actor=office.employee)

    assert (expense.state, expense.amount) == ("submitted", Decimal("100.00"))
    assert [t.to_state for t in expense.history.all()] == ["submitted", "rejected", "submitted"]
    assert expense.history.all()[1].note == "Wrong VAT"


def test_submitted_expense_cannot_be_edited(office, submitted):
    with pytest.raises(ValidationError):
        update_expense(expense=submitted, actor=office.employee, data=receipt_input(office))


def test_only_accountants_send_to_accounting(office, submitted):
    expense = approve_expense(expense=submitted, actor=office.approver)

    with pytest.raises(ValidationError):
        send_to_accounting(expense=expense, actor=office.approver)
    assert send_to_accounting(expense=expense, actor=office.admin).state == "queued"


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
