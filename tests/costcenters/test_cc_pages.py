"""The Cost centers page, Fetch data and its status poll, the dimension choice and local additions."""

import pytest
from django.urls import reverse

from companies.models import NetvisorConnection
from companies.roles import Role
from costcenters.models import CostCenter, CostCenterFetch, CostCenterSettings
from costcenters.selectors import voucher_dimension
from expenses.selectors import choosable_cost_centers

PAGE = reverse("costcenters:list")


@pytest.fixture
def admin(company, member_factory):
    return member_factory(company, Role.ADMIN)


@pytest.fixture
def employee(company, member_factory):
    return member_factory(company, Role.EMPLOYEE)


def make(company, name, **fields):
    return CostCenter.objects.create(company=company, name=name, **fields)


@pytest.mark.django_db
def test_everyone_sees_active_cost_centers_but_only_admins_see_fetch_data(company, admin, employee, login):
    make(company, "Hallinto")
    make(company, "Vanha", is_active=False)
    as_employee = login(employee).get(PAGE, {"inactive": "1"}).content.decode()
    assert "Hallinto" in as_employee and "Vanha" not in as_employee and "Fetch data" not in as_employee
    as_admin = login(admin).get(PAGE, {"inactive": "1"}).content.decode()
    assert "Vanha" in as_admin and "Fetch data" in as_admin


@pytest.mark.django_db
def test_search_finds_by_name_and_code(company, employee, login):
    make(company, "Myynti Helsinki", code="310")
    make(company, "Tuotanto", code="400")
    page = login(employee).get(PAGE, {"q": "hELSinki"}).content.decode()
    assert "Myynti Helsinki" in page and "Tuotanto" not in page
    assert "Tuotanto" in login(employee).get(PAGE, {"q": "400"}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", [reverse("costcenters:fetch"), reverse("costcenters:dimensions"), reverse("costcenters:add")]
)
def test_admin_actions_are_404_for_other_roles(company, employee, login, url):
    assert login(employee).post(url).status_code == 404


@pytest.mark.django_db
def test_fetch_data_answers_json_with_the_summary(sandbox, company, admin, login):
    sandbox.connect(company)
    client = login(admin)
    response = client.post(reverse("costcenters:fetch"), HTTP_ACCEPT="application/json")
    assert response.status_code == 202
    data = response.json()
    assert data["state"] == "succeeded" and data["created"]
    assert data["summary"] == "Added 6, updated 0, deactivated 0, unchanged 0."
    status = client.get(data["status_url"]).json()
    assert status["finished"] and status["added"] == 6 and status["status_class"] == "ok"
    page = client.get(PAGE).content.decode()
    assert "Added 6, updated 0, deactivated 0, unchanged 0." in page and "Myynti Helsinki" in page


@pytest.mark.django_db
def test_a_second_press_shows_the_running_fetch(company, admin, login):
    running = CostCenterFetch.objects.create(company=company, state=CostCenterFetch.State.RUNNING)
    client = login(admin)
    response = client.post(reverse("costcenters:fetch"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json()["id"] == running.pk and not response.json()["created"]
    assert CostCenterFetch.objects.filter(company=company).count() == 1
    page = client.get(PAGE).content.decode()
    assert "Fetching data from Netvisor" in page and f"fetches/{running.pk}/" in page


@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_press_redirects_to_the_page(company, admin, login):
    response = login(admin).post(reverse("costcenters:fetch"), follow=True)
    assert response.redirect_chain[-1][0] == PAGE
    assert "Connect the company to Netvisor first" in response.content.decode()


@pytest.mark.django_db
def test_admin_chooses_dimensions_from_those_netvisor_returned(company, admin, login):
    CostCenterSettings.objects.create(company=company, available_dimensions=["Kustannuspaikka", "Projekti"])
    client = login(admin)
    assert client.post(reverse("costcenters:dimensions"), {"dimensions": ["Projekti"]}).status_code == 302
    assert CostCenterSettings.objects.get(company=company).chosen_dimensions == ["Projekti"]
    refused = client.post(reverse("costcenters:dimensions"), {"dimensions": ["Keksitty"]})
    assert refused.status_code == 400
    assert CostCenterSettings.objects.get(company=company).chosen_dimensions == ["Projekti"]


@pytest.mark.django_db
def test_admin_adds_a_local_cost_center_without_a_connection(company, admin, login):
    client = login(admin)
    assert client.post(reverse("costcenters:add"), {"name": "  Oma   osasto ", "code": "9"}).status_code == 302
    added = CostCenter.objects.get(company=company)
    assert (added.name, added.code, added.source, added.is_active) == ("Oma osasto", "9", "local", True)
    assert client.post(reverse("costcenters:add"), {"name": "oma osasto"}).status_code == 400  # duplicate


@pytest.mark.django_db
def test_local_cost_centers_cannot_be_added_while_connected(company, admin, login):
    NetvisorConnection.objects.create(company=company, state=NetvisorConnection.State.CONNECTED)
    response = login(admin).post(reverse("costcenters:add"), {"name": "Oma"})
    assert response.status_code == 400 and not CostCenter.objects.filter(company=company).exists()


@pytest.mark.django_db
def test_expense_lines_get_active_cost_centers_and_the_voucher_gets_dimension_and_item(company):
    fetched = make(company, "Myynti", source="netvisor", dimension_name="Kustannuspaikka", netvisor_key=2)
    local = make(company, "Oma")
    old = make(company, "Vanha", is_active=False)
    assert set(choosable_cost_centers(company)) == {fetched, local}
    assert set(choosable_cost_centers(company, frozenset({old.pk}))) == {fetched, local, old}  # kept by an edited line
    assert voucher_dimension(fetched) == ("Kustannuspaikka", "Myynti")
    assert voucher_dimension(local) == ("Kustannuspaikka", "Oma")
    CostCenterSettings.objects.create(company=company, dimension_names=["Osasto"])
    assert voucher_dimension(local) == ("Osasto", "Oma")
