"""Pages as a signed-in member sees them, against rendering their template from plain data.

The ratio is the cost of Django's request handling, our middleware (the company lookup),
the session, the context processors and, for the expense list, the database reads on top of
the template itself.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from benchmarks.harness import Result, compare
from companies.roles import Role

ROUNDS_OF = 50
EXPENSES = 1000
LIST_ROUNDS_OF = 10


def run() -> list[Result]:
    return [_dashboard(), _expense_list()]


def _dashboard() -> Result:
    from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

    membership = MembershipFactory(company=CompanyFactory(), role=Role.ADMIN)
    client = Client()
    client.login(username=membership.user.email, password=PASSWORD)
    request = RequestFactory().get("/")
    request.user = membership.user
    context = {"company": membership.company, "membership": membership, "user": membership.user}

    def dashboard() -> None:
        for _ in range(ROUNDS_OF):
            assert client.get("/").status_code == 200

    def template_only() -> None:
        for _ in range(ROUNDS_OF):
            render_to_string("companies/dashboard.html", context, request=request)

    return compare(f"dashboard_page_x{ROUNDS_OF}", dashboard, template_only)


def _expense_list() -> Result:
    """``My expenses`` of a person with 1,000 expenses against the same page rows given as dicts."""
    from django.urls import reverse

    from expenses.forms import FilterForm
    from expenses.selectors import ExpenseFilters, expense_list_rows
    from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

    membership = MembershipFactory(company=CompanyFactory(), role=Role.EMPLOYEE)
    _make_expenses(membership)
    client = Client()
    client.login(username=membership.user.email, password=PASSWORD)
    url = reverse("expenses:list")
    listed = expense_list_rows(membership.company, membership.user, ExpenseFilters())
    request = RequestFactory().get(url)
    request.user = membership.user
    result = {
        "rows": [_row_dict(expense) for expense in listed.rows],
        "count": listed.count,
        "totals": listed.totals,
        "total_eur": listed.total_eur,
        "page": listed.page,
        "pages": listed.pages,
    }
    context = {"form": FilterForm(), "result": result, "scope": "mine", "company": membership.company}

    def list_page() -> None:
        for _ in range(LIST_ROUNDS_OF):
            assert client.get(url).status_code == 200

    def dicts_only() -> None:
        for _ in range(LIST_ROUNDS_OF):
            render_to_string("expenses/list.html", context, request=request)

    return compare(f"expense_list_page_{EXPENSES}_expenses_x{LIST_ROUNDS_OF}", list_page, dicts_only)


def _make_expenses(membership: object) -> None:
    from expenses.models import Expense

    Expense.objects.bulk_create(
        Expense(
            company=membership.company,  # type: ignore[attr-defined]
            owner=membership.user,  # type: ignore[attr-defined]
            kind="receipt",
            date=date(2026, 1, 1) + timedelta(days=i % 300),
            description=f"Receipt {i}",
            amount=Decimal("10.00") + i,
            amount_eur=Decimal("10.00") + i,
        )
        for i in range(EXPENSES)
    )


def _row_dict(expense: object) -> dict[str, object]:
    """What the template reads from a row, as plain values (Django looks keys up before attributes)."""
    names = ("pk", "date", "owner", "description", "state", "amount", "currency", "amount_eur", "attachment_count")
    row = {name: getattr(expense, name) for name in names}
    row["get_kind_display"] = expense.get_kind_display()  # type: ignore[attr-defined]
    row["get_state_display"] = expense.get_state_display()  # type: ignore[attr-defined]
    row["is_flagged_duplicate"] = expense.is_flagged_duplicate  # type: ignore[attr-defined]
    return row
