"""REST API: list and read cost centers, trigger a fetch, read its status."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from companies.roles import Role
from costcenters.models import CostCenter, CostCenterFetch
from tests.factories import CompanyFactory, MembershipFactory

LIST = "/api/v1/cost-centers/"
FETCHES = "/api/v1/cost-centers/fetches/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def admin(company):
    return MembershipFactory(company=company, role=Role.ADMIN).user


@pytest.fixture
def employee(company):
    return MembershipFactory(company=company, role=Role.EMPLOYEE).user


@pytest.mark.django_db
def test_members_list_active_cost_centers_with_their_voucher_dimension(company, employee):
    CostCenter.objects.create(
        company=company, name="Myynti", source="netvisor", dimension_name="Kustannuspaikka", netvisor_key=2
    )
    CostCenter.objects.create(company=company, name="Vanha", is_active=False)
    data = api(employee).get(LIST, {"include_inactive": "true"}).json()
    assert [row["name"] for row in data["results"]] == ["Myynti"]
    assert data["results"][0]["voucher_dimension"] == ["Kustannuspaikka", "Myynti"]


@pytest.mark.django_db
def test_admins_may_include_inactive_and_search(company, admin):
    CostCenter.objects.create(company=company, name="Hallinto")
    CostCenter.objects.create(company=company, name="Vanha", is_active=False)
    client = api(admin)
    assert api(admin).get(LIST, {"include_inactive": "true"}).json()["count"] == 2
    assert [row["name"] for row in client.get(LIST, {"q": "hall"}).json()["results"]] == ["Hallinto"]


@pytest.mark.django_db
def test_reading_one_cost_center(company, employee):
    cost_center = CostCenter.objects.create(company=company, name="Hallinto", code="100")
    data = api(employee).get(f"{LIST}{cost_center.pk}/").json()
    assert (data["name"], data["code"], data["source"]) == ("Hallinto", "100", "local")


@pytest.mark.django_db
def test_another_companys_cost_center_is_404_even_with_its_header(company, employee):
    other = CostCenter.objects.create(company=CompanyFactory(), name="Salainen")
    client = api(employee)
    assert client.get(f"{LIST}{other.pk}/").status_code == 404
    assert client.get(LIST, HTTP_X_COMPANY=str(other.company_id)).status_code == 404


@pytest.mark.django_db
def test_admin_triggers_a_fetch_and_reads_its_status(sandbox, company, admin):
    sandbox.connect(company)
    client = api(admin)
    started = client.post(FETCHES)
    assert started.status_code == 202
    status = client.get(f"{FETCHES}{started.json()['id']}/").json()
    assert status["state"] == "succeeded" and status["added"] == 6
    assert status["summary"] == "Added 6, updated 0, deactivated 0, unchanged 0."
    assert client.get(LIST).json()["count"] == 5


@pytest.mark.django_db
def test_a_second_trigger_returns_the_open_fetch(company, admin):
    running = CostCenterFetch.objects.create(company=company, state=CostCenterFetch.State.RUNNING)
    response = api(admin).post(FETCHES)
    assert response.status_code == 200 and response.json()["id"] == running.pk


@pytest.mark.django_db
def test_fetches_are_for_admins_only(company, employee):
    fetch = CostCenterFetch.objects.create(company=company, state=CostCenterFetch.State.SUCCEEDED)
    client = api(employee)
    assert client.post(FETCHES).status_code == 404
    assert client.get(f"{FETCHES}{fetch.pk}/").status_code == 404
    assert not CostCenterFetch.objects.exclude(pk=fetch.pk).exists()


@pytest.mark.django_db
def test_listing_many_local_cost_centers_takes_a_fixed_number_of_queries(company, employee):
    CostCenter.objects.bulk_create(CostCenter(company=company, name=f"Oma {index}") for index in range(50))
    client = api(employee)
    client.get(LIST)  # warm up the session and membership lookups
    with CaptureQueriesContext(connection) as queries:
        data = client.get(LIST).json()
    assert data["count"] == 50 and data["results"][0]["voucher_dimension"] == ["Kustannuspaikka", "Oma 0"]
    assert len(queries) < 15
