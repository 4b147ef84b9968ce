"""Ids and counts typed by a client are refused cleanly, never a 500 (non-ASCII digits, huge numbers)."""

import pytest
from django.urls import reverse

from companies.roles import Role
from expenses.services import create_receipt
from tests.expenses.conftest import receipt_input
from tests.expenses.test_exp_api import api, receipt_body

pytestmark = pytest.mark.django_db

API_LISTS = [
    "/api/v1/expenses/",
    "/api/v1/approvals/",
    "/api/v1/purchase-types/",
    "/api/v1/expense-settings/",
    "/api/v1/cost-centers/",
    "/api/v1/exports/vouchers/",
]


@pytest.mark.parametrize("url", API_LISTS)
@pytest.mark.parametrize("header", ["²", "٣", "abc", "99999999999999999999999"])
def test_a_malformed_x_company_header_answers_400(office, url, header):
    response = api(office.admin).get(url, HTTP_X_COMPANY=header)
    assert response.status_code == 400, response.content


def test_an_unknown_company_id_still_answers_404(office):
    assert api(office.admin).get("/api/v1/expenses/", HTTP_X_COMPANY="9223372036854775807").status_code == 404


@pytest.mark.parametrize("expense", ["²", "99999999999999999999999"])
def test_calculate_refuses_a_malformed_expense_id(office, expense):
    response = api(office.employee).post(
        f"/api/v1/expenses/calculate/?expense={expense}", receipt_body(office), format="json"
    )
    assert response.status_code == 400 and "expense" in response.json()


def test_the_preview_ignores_a_malformed_expense_id(office, login):
    url = reverse("expenses:preview") + "?kind=receipt&expense=²"
    response = login(office.employee).post(url, {})
    assert response.status_code == 200


def test_a_huge_limit_gets_the_largest_page(office):
    for _ in range(3):
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    client = api(office.employee)
    huge = client.get("/api/v1/expenses/?limit=99999999999999999999999")
    assert huge.status_code == 200 and len(huge.json()["results"]) == 3
    assert "limit=200" in (client.get("/api/v1/expenses/?limit=999999&offset=1").json()["previous"] or "")


def test_a_huge_offset_gets_an_empty_page(office):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    response = api(office.employee).get("/api/v1/expenses/?offset=99999999999999999999999")
    assert response.status_code == 200 and response.json()["results"] == []


def test_disconnect_with_a_malformed_version_is_no_crash(company, member_factory, login):
    response = login(member_factory(company, Role.ADMIN)).post(
        reverse("companies:netvisor_disconnect"), {"version": "²"}
    )
    assert response.status_code == 302
