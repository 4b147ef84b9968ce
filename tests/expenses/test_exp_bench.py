"""The list benchmark compares like with like: its plain-dict baseline renders the same table rows."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from benchmarks.bench_pages import _row_dict
from expenses.forms import FilterForm
from expenses.selectors import ExpenseFilters, expense_list_rows
from tests.expenses.test_exp_queries import make_expenses

pytestmark = pytest.mark.django_db


def table_body(html: str) -> str:
    return re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)


def test_dict_rows_render_the_same_table_as_the_page(office, login):
    make_expenses(office, 30)
    page = login(office.employee).get(reverse("expenses:list")).content.decode()
    listed = expense_list_rows(office.company, office.employee, ExpenseFilters())
    request = RequestFactory().get(reverse("expenses:list"))
    request.user = office.employee
    result = {"rows": [_row_dict(e) for e in listed.rows], "count": listed.count, "totals": listed.totals}
    context = {"form": FilterForm(), "result": {**result, "total_eur": listed.total_eur, "page": 1, "pages": 1}}

    baseline = render_to_string("expenses/list.html", {**context, "scope": "mine"}, request=request)

    assert table_body(baseline) == table_body(page)
    assert table_body(page).count("<tr>") == 30
