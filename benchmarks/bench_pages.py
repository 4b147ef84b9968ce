"""Pages as a signed-in member sees them, against rendering their template from plain data
(the dashboard's benchmark, with its figures, is bench_dashboards).

The ratio is the cost of Django's request handling, our middleware (the company lookup),
the session, the context processors and, for the expense list, the database reads on top of
the template itself. The list has 10,000 expenses and shows one page of them: the reads count and
sum the whole list, the template renders 100 rows.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from benchmarks.harness import Result, compare
from companies.roles import Role

if TYPE_CHECKING:  # the models load only once Django is set up
    from companies.models import Membership
    from expenses.models import Expense
    from expenses.selectors import ExpenseList

EXPENSES = 10_000
LIST_ROUNDS_OF = 10


def run() -> list[Result]:
    return [
        _expense_list({}, "page"),
        # A page deep in a search, sorted by amount: the database does more, the template the same.
        _expense_list({"q": "receipt 1", "sort": "-amount", "page": "5"}, "search_sorted_page"),
    ]


def _expense_list(query: dict[str, str], label: str) -> Result:
    """``My expenses`` of a person with 10,000 expenses, one page of them, against that page's rows as dicts."""
    from django.urls import reverse

    from expenses.forms import FilterForm
    from expenses.selectors import expense_list_rows
    from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

    membership = MembershipFactory.create(company=CompanyFactory.create(), role=Role.EMPLOYEE)
    _make_expenses(membership)
    client = Client()
    client.login(username=membership.user.email, password=PASSWORD)
    url = reverse("expenses:list")
    request = RequestFactory().get(url, query)
    request.user = membership.user
    form = FilterForm(request.GET or None)
    filters = form.filters("mine")
    listed = expense_list_rows(membership.company, membership.user, filters)
    context = dict_context(listed, request, filters.sort)
    context.update({"form": form, "company": membership.company})

    def list_page() -> None:
        for _ in range(LIST_ROUNDS_OF):
            assert client.get(url, query).status_code == 200

    def dicts_only() -> None:
        for _ in range(LIST_ROUNDS_OF):
            render_to_string("expenses/list.html", context, request=request)

    return compare(f"expense_list_{label}_{EXPENSES}_expenses_x{LIST_ROUNDS_OF}", list_page, dicts_only)


def dict_context(listed: "ExpenseList", request: HttpRequest, sort: str) -> dict[str, object]:
    """The list template's context with the page's rows, totals and links as plain values."""
    from expenses.views.listing import navigation

    result = {
        "rows": [_row_dict(expense) for expense in listed.rows],
        **{name: getattr(listed, name) for name in ("count", "totals", "total_eur", "page", "pages", "first", "last")},
    }
    nav = navigation(request.GET, listed, sort, "-date")
    return {"result": result, "scope": "mine", "nav": nav, "query": request.GET.urlencode()}


def _make_expenses(membership: "Membership") -> None:
    from expenses.models import Expense

    Expense.objects.bulk_create(
        Expense(
            company=membership.company,
            owner=membership.user,
            kind="receipt",
            date=date(2026, 1, 1) + timedelta(days=i % 300),
            description=f"Receipt {i}",
            amount=Decimal("10.00") + i,
            amount_eur=Decimal("10.00") + i,
        )
        for i in range(EXPENSES)
    )


def _row_dict(expense: "Expense") -> dict[str, object]:
    """What the template reads from a row, as plain values (Django looks keys up before attributes)."""
    names = ("pk", "date", "owner", "description", "state", "amount", "currency", "amount_eur", "attachment_count")
    row = {name: getattr(expense, name) for name in names}
    row["get_kind_display"] = expense.get_kind_display()
    row["get_state_display"] = expense.get_state_display()
    row["is_flagged_duplicate"] = expense.is_flagged_duplicate
    return row
