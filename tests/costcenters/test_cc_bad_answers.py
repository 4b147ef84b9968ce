"""Fetches that meet odd answers from Netvisor (faked at the HTTP boundary): each ends in a clear
status and leaves the stored cost centers exactly as they were, or applies the whole answer."""

import re

import pytest
import responses

from costcenters.models import CostCenter, CostCenterFetch
from costcenters.presenters import fetch_summary
from costcenters.services import request_fetch
from tests.costcenters.cc_helpers import dimension_answer
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)
State = CostCenterFetch.State
DIMENSIONLIST = re.compile(r".*/dimensionlist\.nv.*")
EXISTING = [(1, "Hallinto", None), (2, "Myynti", None), (3, "Myynti Helsinki", 2)]


@pytest.fixture
def company(sandbox):
    company = CompanyFactory()
    sandbox.connect(company)
    return company


def fetch_with_answer(company, body: bytes, *, status: int = 200, content_type: str = "text/xml") -> CostCenterFetch:
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, DIMENSIONLIST, body=body, status=status, content_type=content_type)
        found, _created = request_fetch(company=company, actor=None)
    found.refresh_from_db()
    return found


def stored(company) -> list[tuple]:
    return list(
        CostCenter.objects.filter(company=company)
        .order_by("pk")
        .values_list("pk", "name", "parent_id", "is_active", "netvisor_key", "updated_at")
    )


@pytest.fixture
def existing(company):
    assert fetch_with_answer(company, dimension_answer(EXISTING)).state == State.SUCCEEDED
    return stored(company)


@pytest.mark.parametrize(
    "body",
    [
        dimension_answer([*EXISTING, (4, "Uusi", None)])[:-60],  # breaks off half-way
        dimension_answer([(1, "Hallinto uusi", None), (4, "Uusi", None)]).replace(b"<Sort>1</Sort>", b"<Sort>1<Sort>"),
        b"<html><body>Service Unavailable</body></html>",
        b"",
    ],
    ids=["truncated", "broken-tag", "html", "empty"],
)
def test_an_unreadable_answer_fails_clearly_and_changes_nothing(company, existing, body):
    done = fetch_with_answer(company, body)
    assert done.state == State.FAILED
    assert fetch_summary(done) == "Netvisor's answer could not be read. Nothing was changed; try again later."
    assert stored(company) == existing


def test_an_item_key_listed_twice_fails_clearly_and_changes_nothing(company, existing):
    done = fetch_with_answer(company, dimension_answer([(1, "Hallinto 2", None), (1, "Hallinto 3", None)]))
    assert done.state == State.FAILED and "listed the item key 1 twice" in done.message
    assert stored(company) == existing


def test_a_dimension_list_without_the_chosen_header_names_the_ones_found(company, existing):
    done = fetch_with_answer(company, dimension_answer(EXISTING, header="Projekti"))
    assert done.state == State.FAILED and "Choose which dimensions hold cost centers: Projekti" in done.message
    assert stored(company) == existing


def test_duplicate_names_are_kept_as_separate_cost_centers(company, existing):
    answer = [*EXISTING, (4, "Myynti", None), (5, "Myynti Helsinki", 4)]
    done = fetch_with_answer(company, dimension_answer(answer))
    assert (done.state, done.added, done.unchanged) == (State.SUCCEEDED, 2, 3)
    twins = CostCenter.objects.filter(company=company, name="Myynti Helsinki").order_by("netvisor_key")
    assert [row.parent.netvisor_key for row in twins] == [2, 4]


def test_a_dimension_list_of_100000_items_is_fetched_whole(company, existing, login, member_factory):
    answer = [(key, f"Kustannuspaikka {key} åäö", key - key % 10 if key % 10 else None) for key in range(1, 100_001)]
    done = fetch_with_answer(company, dimension_answer(answer))
    assert done.state == State.SUCCEEDED
    assert (done.added, done.updated, done.unchanged) == (99_997, 3, 0)  # the three existing ones renamed
    assert CostCenter.objects.filter(company=company, is_active=True).count() == 100_000
    page = login(member_factory(company, "admin")).get("/cost-centers/")
    assert page.status_code == 200 and "Page 1 of 500" in page.content.decode()
