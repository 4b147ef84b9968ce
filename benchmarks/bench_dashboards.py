"""The dashboard of an admin whose company has 10,000 expenses, against rendering the same figures from dicts.

An admin's dashboard has every section: their own expenses, the approval queue, the company's spend
(per month, cost center, purchase type and employee) and the export's health. The ratio is the cost of
the request and of the dashboard's aggregate queries on top of drawing the charts and tables; since the
queries aggregate in the database, it should not grow with the number of expenses.
"""

from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from benchmarks.harness import Result, compare
from companies.roles import Role

if TYPE_CHECKING:  # the models load only once Django is set up
    from companies.models import Membership
    from dashboards.presenters import Dashboard

EXPENSES = 10_000
EMPLOYEES = 20
CATEGORIES = 12
ROUNDS_OF = 5
STATES = ("draft", "submitted", "approved", "queued", "exported", "paid", "paid", "paid", "rejected")


def run() -> list[Result]:
    return [_dashboard_of_admin()]


def _dashboard_of_admin() -> Result:
    from dashboards.presenters import dashboard_for
    from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

    admin = MembershipFactory.create(company=CompanyFactory.create(), role=Role.ADMIN)
    make_company_expenses(admin)
    client = Client()
    client.login(username=admin.user.email, password=PASSWORD)
    request = RequestFactory().get("/")
    request.user, request.membership, request.company = admin.user, admin, admin.company  # type: ignore[attr-defined]
    dashboard = dashboard_for(company=admin.company, user=admin.user, role=admin.role)
    context = {"dashboard": as_dicts(dashboard)}

    def page() -> None:
        for _ in range(ROUNDS_OF):
            assert client.get("/").status_code == 200

    def dicts_only() -> None:
        for _ in range(ROUNDS_OF):
            render_to_string("companies/dashboard.html", context, request=request)

    return compare(f"dashboard_admin_{EXPENSES}_expenses_x{ROUNDS_OF}", page, dicts_only)


def as_dicts(dashboard: "Dashboard") -> dict[str, object]:
    """The dashboard's figures as plain dicts, lists and values (the template looks keys up first)."""
    return asdict(dashboard)


def make_company_expenses(admin: "Membership", count: int = EXPENSES) -> None:
    """``count`` expenses of 20 employees over the last 14 months in every state, one line each."""
    from costcenters.models import CostCenter
    from expenses.models import Expense, ExpenseLine
    from tests.factories import MembershipFactory, PurchaseTypeFactory

    company = admin.company
    people = [admin.user] + [MembershipFactory.create(company=company).user for _ in range(EMPLOYEES - 1)]
    centers = CostCenter.objects.bulk_create(CostCenter(company=company, name=f"Center {n}") for n in range(CATEGORIES))
    types = [PurchaseTypeFactory.create(company=company) for _ in range(CATEGORIES)]
    today, now = timezone.localdate(), timezone.now()
    expenses = Expense.objects.bulk_create(
        Expense(
            company=company,
            owner=people[n % EMPLOYEES],
            kind="receipt",
            state=STATES[n % len(STATES)],
            date=today - timedelta(days=n % 420),
            description=f"Receipt {n}",
            amount=Decimal("10.00") + n,
            amount_eur=Decimal("10.00") + n,
            submitted_at=now - timedelta(days=n % 45, hours=n % 24),
        )
        for n in range(count)
    )
    ExpenseLine.objects.bulk_create(
        ExpenseLine(
            expense=expense,
            cost_center=centers[n % CATEGORIES] if n % 7 else None,
            purchase_type=types[n % CATEGORIES],
            amount=expense.amount,
            amount_eur=expense.amount_eur,
        )
        for n, expense in enumerate(expenses)
    )
