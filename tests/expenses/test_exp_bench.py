"""The list benchmark compares like with like: its plain-dict baseline renders the same rows and links."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from benchmarks.bench_pages import dict_context
from expenses.forms import FilterForm
from expenses.selectors import expense_list_rows
from tests.expenses.test_exp_queries import make_expenses

pytestmark = pytest.mark.django_db


def table_body(html: str) -> str:
    return re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)


def pagination(html: str) -> str:
    return re.search(r'<nav class="pagination".*?</nav>', html, re.S).group(0)


@pytest.mark.parametrize("query", [{}, {"q": "receipt 1", "sort": "-amount", "page": "2", "per_page": "25"}])
def test_dict_rows_render_the_same_page_as_the_view(office, login, query):
    make_expenses(office, 150)
    page = login(office.employee).get(reverse("expenses:list"), query).content.decode()
    request = RequestFactory().get(reverse("expenses:list"), query)
    request.user = office.employee
    form = FilterForm(request.GET or None)
    filters = form.filters("mine")
    listed = expense_list_rows(office.company, office.employee, filters)

    baseline = render_to_string("expenses/list.html", {**dict_context(listed, request, filters.sort), "form": form})

    assert table_body(baseline) == table_body(page)
    assert pagination(baseline) == pagination(page)
    assert table_body(page).count("<tr>") == len(listed.rows) > 0
