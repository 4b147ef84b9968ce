"""The dashboard reads a fixed number of queries, whether the company has 20 expenses or 200."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.dashboards.conftest import cost_center, make_expense, purchase_type

pytestmark = pytest.mark.django_db

STATES = ("draft", "submitted", "approved", "queued", "exported", "paid", "rejected")
# The whole page: 5 of the layout (session, user, membership with its company and Netvisor connection, the
# company switcher, unread notifications), then the dashboard's own: 2 for one's own expenses, 3 for the queue
# (2, and whether one is the fallback approver: an admin approves everyone), 4 for the spend, 3 for the exports.
MOST_QUERIES = {"employee": 5 + 2, "approver": 5 + 2 + 3, "admin": 5 + 2 + 2 + 4 + 3}


def fill(team, count: int) -> None:
    centers = [cost_center(team.company, f"Center {n}") for n in range(12)]
    types = [purchase_type(team.company, f"Type {n}") for n in range(12)]
    people = [team.employee, team.colleague, team.approver, team.accountant, team.admin]
    today = timezone.localdate()
    for n in range(count):
        make_expense(
            team.company, people[n % len(people)], f"{n + 1}.25", state=STATES[n % len(STATES)],
            day=today - timedelta(days=n * 3), waited_days=n % 40,
            lines=[(centers[n % 12], types[n % 12], f"{n + 1}.00"), (None, None, "0.25")],
        )  # fmt: skip


def queries_of(client) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(context)


@pytest.mark.parametrize("role", ["employee", "approver", "admin"])
def test_the_dashboard_reads_as_many_queries_for_200_expenses_as_for_20(
    team, login, role, django_assert_max_num_queries
):
    client = login(getattr(team, role))
    fill(team, 20)
    few = queries_of(client)
    fill(team, 180)

    with django_assert_max_num_queries(MOST_QUERIES[role]):
        assert client.get(reverse("dashboard")).status_code == 200
    assert queries_of(client) == few
