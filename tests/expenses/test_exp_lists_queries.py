"""The three lists cost a fixed, small number of queries for 10 or 10,000 expenses, searched and sorted."""

import pytest
from django.urls import reverse

from tests.expenses.test_exp_queries import make_expenses

pytestmark = pytest.mark.django_db

# Session, user, membership, role; the totals and one page of rows; the approver's fallback check; and
# what base.html's context processors read. A query per row would be hundreds.
MAX_QUERIES = 10

PAGES = [("expenses:list", "employee"), ("expenses:all", "accountant"), ("expenses:approvals", "approver")]
QUERIES = [
    {},
    {"q": "receipt 99", "sort": "-amount"},
    {"q": "Ä", "sort": "person", "per_page": "25", "page": "1000000", "kind": "receipt", "date_from": "2026-02-01"},
]


@pytest.mark.parametrize("count", [10, 10_000])
@pytest.mark.parametrize(("page", "who"), PAGES)
@pytest.mark.parametrize("query", QUERIES)
def test_list_queries_are_bounded(office, login, django_assert_max_num_queries, count, page, who, query):
    make_expenses(office, count, state="submitted")
    client = login(getattr(office, who))

    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(reverse(page), query)

    assert response.status_code == 200
    if not query:
        assert response.content.decode().count("Receipt ") == min(count, 100)
