"""Fixtures of the dashboard tests: a company with every role and a way to put expenses in any state."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ApproverAssignment, Expense, ExpenseLine
from tests.factories import CompanyFactory, MembershipFactory, PurchaseTypeFactory


@dataclass
class Team:
    company: object
    employee: object
    colleague: object
    approver: object
    accountant: object
    admin: object


@pytest.fixture
def team(db) -> Team:
    company = CompanyFactory()
    people = {role: MembershipFactory(company=company, role=role).user for role in Role.values}
    colleague = MembershipFactory(company=company, role=Role.EMPLOYEE).user
    for employee in (people[Role.EMPLOYEE], colleague):
        ApproverAssignment.objects.create(company=company, employee=employee, approver=people[Role.APPROVER])
    return Team(
        company, people[Role.EMPLOYEE], colleague, people[Role.APPROVER], people[Role.ACCOUNTANT], people[Role.ADMIN]
    )


def make_expense(
    company: object,
    owner: object,
    amount: str,
    *,
    state: str = "approved",
    day: date | None = None,
    kind: str = "receipt",
    waited_days: int | None = None,
    lines: list[tuple[object, object, str]] | None = None,
    description: str = "Receipt",
) -> Expense:
    """An expense of ``amount`` euros with its lines: (cost center, purchase type, amount) each, or one line."""
    submitted_at = None
    if waited_days is not None:
        submitted_at = timezone.now() - timedelta(days=waited_days)
    expense = Expense.objects.create(
        company=company,
        owner=owner,
        kind=kind,
        state=state,
        date=day or timezone.localdate(),
        description=description,
        amount=Decimal(amount),
        amount_eur=Decimal(amount),
        submitted_at=submitted_at,
    )
    for position, (cost_center, purchase_type, line_amount) in enumerate(lines or [(None, None, amount)]):
        ExpenseLine.objects.create(
            expense=expense,
            position=position,
            cost_center=cost_center,
            purchase_type=purchase_type,
            amount=Decimal(line_amount),
            amount_eur=Decimal(line_amount),
        )
    return expense


def cost_center(company: object, name: str, code: str = "") -> CostCenter:
    return CostCenter.objects.create(company=company, name=name, code=code)


def purchase_type(company: object, name: str) -> object:
    return PurchaseTypeFactory(company=company, name=name)


def months_ago(months: int, day: int = 15) -> date:
    """A day ``months`` calendar months before this one."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, day)


def aware(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))
