"""A new company starts with an expense setup; the demo has expenses waiting for its approver."""

import pytest
from django.core.management import call_command

from accounts.models import User
from audit.models import AuditEntry
from companies.models import Company
from companies.services import create_company
from expenses.models import Expense, ExpenseSettings, PaymentMethod, PurchaseType, State
from expenses.selectors import approval_inbox
from expenses.services.defaults import create_default_setup

pytestmark = pytest.mark.django_db


def test_a_new_company_can_record_expenses_on_day_one():
    company = create_company(name="Uusi Oy")
    assert set(PurchaseType.objects.filter(company=company).values_list("name", "account_number")) >= {
        ("Matkakulut", "7000"),
        ("Toimistotarvikkeet", "7700"),
    }
    kinds = set(PaymentMethod.objects.filter(company=company).values_list("kind", "counter_account"))
    assert kinds == {("own_money", "2940"), ("company_card", "2871")}
    accounts = ExpenseSettings.objects.get(company=company)
    assert (accounts.employee_payable_account, accounts.mileage_account, accounts.per_diem_account) == (
        "2940",
        "7010",
        "7020",
    )
    assert AuditEntry.objects.filter(company=company, action="expenses.default_setup_created").count() == 1


def test_defaults_never_override_an_admins_own_setup():
    company = create_company(name="Oma Oy")
    PurchaseType.objects.filter(company=company).delete()
    PaymentMethod.objects.filter(company=company).delete()
    PurchaseType.objects.create(company=company, name="Oma laji", account_number="4000", vat_class="zero")
    create_default_setup(company=company)
    assert list(PurchaseType.objects.filter(company=company).values_list("name", flat=True)) == ["Oma laji"]
    assert not PaymentMethod.objects.filter(company=company).exists()


def test_demo_has_an_approver_inbox_and_can_be_seeded_again():
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    company = Company.objects.get(name="Demo Oy")
    employee = User.objects.get(email="employee@demo.example")
    expenses = Expense.objects.filter(company=company, owner=employee)
    assert sorted(expenses.values_list("kind", "state")) == [
        ("mileage", State.SUBMITTED),
        ("per_diem", State.DRAFT),
        ("receipt", State.APPROVED),  # ready for "Send to accounting now"
        ("receipt", State.SUBMITTED),
    ]
    assert employee.iban == "FI2112345600000785"
    approver = User.objects.get(email="approver@demo.example")
    assert {expense.kind for expense in approval_inbox(company, approver)} == {"receipt", "mileage"}
