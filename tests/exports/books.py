"""A company connected to the Netvisor sandbox, with approved expenses ready to export (fixture `books`)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ApproverAssignment, Expense, ExpenseSettings
from expenses.services import approve_expense, create_mileage, create_receipt, submit_expense
from expenses.services.inputs import LegInput, LineInput, MileageInput, ReceiptInput
from exports.models import ExportSettings
from tests.factories import CompanyFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

DAY = date(2026, 3, 2)
COMPANY_IBAN = "FI4950009420028730"
EMPLOYEE_IBAN = "FI2112345600000785"


@dataclass
class Books:
    company: object
    employee: object
    approver: object
    accountant: object
    purchase_type: object
    own_money: object
    company_card: object
    cost_center: object
    sandbox: object

    def receipt(self, amount: str = "124.00", *, card: bool = False, owner=None, **overrides) -> Expense:
        values = {
            "date": DAY,
            "description": "Restaurant Savoy",
            "amount": Decimal(amount),
            "payment_method": self.company_card if card else self.own_money,
            "lines": (
                LineInput(amount=Decimal(amount), vat_rate=Decimal("13.5"), purchase_type=self.purchase_type,
                          cost_center=self.cost_center),
            ),
        }  # fmt: skip
        values.update(overrides)
        owner = owner or self.employee
        return self._approve(create_receipt(company=self.company, owner=owner, data=ReceiptInput(**values)))

    def mileage(self, km: str = "50") -> Expense:
        data = MileageInput(
            date=DAY, description="Customer visit", legs=(LegInput("Helsinki", "Espoo", Decimal(km)),), vehicle="car"
        )
        return self._approve(create_mileage(company=self.company, owner=self.employee, data=data))

    def _approve(self, expense: Expense) -> Expense:
        submit_expense(expense=expense, actor=expense.owner)
        return approve_expense(expense=expense, actor=self.approver)


@pytest.fixture
def books(sandbox, settings, tmp_path) -> Books:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EXPORTS_PAYMENT_CHECK_SECONDS = 0
    company = CompanyFactory(business_id=sandbox.organisation_id)
    people = {role: MembershipFactory(company=company, role=role).user for role in Role.values}
    employee = people["employee"]
    employee.first_name, employee.last_name, employee.iban = "Aino", "Virtanen", EMPLOYEE_IBAN
    employee.save()
    ApproverAssignment.objects.create(company=company, employee=employee, approver=people["approver"])
    ExpenseSettings.objects.create(
        company=company, employee_payable_account="2940", mileage_account="7010", per_diem_account="7020"
    )
    ExportSettings.objects.create(company=company, when=ExportSettings.When.MANUAL, source_iban=COMPANY_IBAN)
    sandbox.connect(company)
    return Books(
        company=company,
        employee=employee,
        approver=people["approver"],
        accountant=people["accountant"],
        purchase_type=PurchaseTypeFactory(company=company, name="Matkakulut", account_number="7000"),
        own_money=PaymentMethodFactory(company=company, name="Omat rahat", counter_account="2940"),
        company_card=PaymentMethodFactory(
            company=company, name="Yrityskortti", kind="company_card", counter_account="2871"
        ),
        cost_center=CostCenter.objects.create(
            company=company,
            name="Myynti",
            netvisor_name="Myynti",
            dimension_name="Kustannuspaikka",
            source="netvisor",
            netvisor_key=1,
        ),
        sandbox=sandbox,
    )
