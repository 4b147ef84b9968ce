"""Fixtures of the expense tests: one company with every role, its setup and input builders."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ApproverAssignment, ExpenseSettings
from expenses.services.inputs import LegInput, LineInput, MileageInput, PerDiemInput, ReceiptInput
from tests.factories import CompanyFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY = date(2026, 3, 2)


@dataclass
class Office:
    company: object
    employee: object
    approver: object
    accountant: object
    admin: object
    purchase_type: object
    own_money: object
    company_card: object
    cost_center: object


@pytest.fixture
def office(db, settings, tmp_path) -> Office:
    settings.MEDIA_ROOT = tmp_path / "media"
    company = CompanyFactory()
    people = {role: MembershipFactory(company=company, role=role).user for role in Role.values}
    ApproverAssignment.objects.create(company=company, employee=people["employee"], approver=people["approver"])
    ExpenseSettings.objects.create(company=company, employee_payable_account="2940")
    return Office(
        company=company,
        employee=people["employee"],
        approver=people["approver"],
        accountant=people["accountant"],
        admin=people["admin"],
        purchase_type=PurchaseTypeFactory(company=company, name="Meals"),
        own_money=PaymentMethodFactory(company=company, name="Own money"),
        company_card=PaymentMethodFactory(company=company, name="Company card", kind="company_card"),
        cost_center=CostCenter.objects.create(company=company, name="Sales"),
    )


def receipt_input(office: Office, amount: str = "124.00", **overrides: object) -> ReceiptInput:
    values = {
        "date": DAY,
        "description": "Restaurant Savoy",
        "amount": Decimal(amount),
        "payment_method": office.own_money,
        "lines": (
            LineInput(
                amount=Decimal(amount),
                vat_rate=Decimal("13.5"),
                purchase_type=office.purchase_type,
                cost_center=office.cost_center,
            ),
        ),
    }
    values.update(overrides)
    return ReceiptInput(**values)  # type: ignore[arg-type]


def mileage_input(**overrides: object) -> MileageInput:
    values = {
        "date": DAY,
        "description": "Customer visit",
        "legs": (LegInput("Helsinki", "Espoo", Decimal("25")), LegInput("Espoo", "Helsinki", Decimal("25.5"))),
        "vehicle": "car",
        "passengers": 1,
    }
    values.update(overrides)
    return MileageInput(**values)  # type: ignore[arg-type]


def per_diem_input(**overrides: object) -> PerDiemInput:
    values = {
        "description": "Trade fair in Tampere",
        "departure": datetime(2026, 3, 2, 8, 0, tzinfo=HELSINKI),
        "return_at": datetime(2026, 3, 2, 14, 40, tzinfo=HELSINKI),
        "destination": "FI",
        "free_meals": (1,),
    }
    values.update(overrides)
    return PerDiemInput(**values)  # type: ignore[arg-type]
