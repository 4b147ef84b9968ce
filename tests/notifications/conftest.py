"""One company with an employee, their assigned approver and an admin; expenses made by the factory."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from companies.roles import Role
from expenses.models import ApproverAssignment
from tests.factories import CompanyFactory, ExpenseFactory, MembershipFactory

DAY = date(2026, 3, 2)


@dataclass
class Team:
    company: object
    employee: object
    approver: object
    admin: object

    def expense(self, owner=None, **fields):
        values = {"date": DAY, "description": "Taxi to the airport", "amount": Decimal("1234.50")}
        values["amount_eur"] = values["amount"]
        return ExpenseFactory(company=self.company, owner=owner or self.employee, **{**values, **fields})


@pytest.fixture
def team(db) -> Team:
    company = CompanyFactory(name="Kahvila Oy")
    employee = MembershipFactory(company=company, role=Role.EMPLOYEE, user__first_name="Aino", user__last_name="Virta")
    approver = MembershipFactory(company=company, role=Role.APPROVER, user__first_name="Eero", user__last_name="Laine")
    admin = MembershipFactory(company=company, role=Role.ADMIN, user__first_name="Anna", user__last_name="Admin")
    ApproverAssignment.objects.create(company=company, employee=employee.user, approver=approver.user)
    return Team(company=company, employee=employee.user, approver=approver.user, admin=admin.user)
