"""Through the API, an update may keep what the expense already points at though deactivated; nothing else."""

import pytest

from costcenters.models import CostCenter
from expenses.models import Expense
from tests.expenses.test_exp_api import api, receipt_body
from tests.expenses.test_exp_inactive_choices import deactivate, inactive_like, line_of, rejected_receipt
from tests.factories import CompanyFactory, PaymentMethodFactory

pytestmark = pytest.mark.django_db


def saved_body(office, **overrides):
    line = {
        "purchase_type": office.purchase_type.pk,
        "amount": "124.00",
        "vat_rate": "13.5",
        "cost_center": office.cost_center.pk,
    }
    return receipt_body(office, date="2026-03-02", amount="124.00", lines=[line], **overrides)


def put(office, expense, body):
    return api(office.employee).put(f"/api/v1/expenses/{expense.pk}/", body, format="json")


def test_update_keeps_deactivated_references(office):
    expense = rejected_receipt(office)
    deactivate(office.cost_center, office.purchase_type, office.own_money)

    response = put(office, expense, saved_body(office, description="Taxi, fixed"))

    assert response.status_code == 200, response.json()
    assert response.json()["payment_method"] == office.own_money.pk
    assert response.json()["lines"][0]["cost_center"] == office.cost_center.pk
    assert line_of(expense).purchase_type_id == office.purchase_type.pk


def test_update_refuses_newly_chosen_inactive_cost_center_and_payment_method(office):
    expense = rejected_receipt(office)
    closed = inactive_like(office, CostCenter)
    old_card = PaymentMethodFactory(company=office.company, is_active=False)
    body = saved_body(office)
    body["lines"][0]["cost_center"] = closed.pk

    refused_cc = put(office, expense, body)
    refused_method = put(office, expense, saved_body(office, payment_method=old_card.pk))

    assert refused_cc.status_code == 400
    assert refused_cc.json()["lines.0.cost_center"] == ["Choose an active cost center of this company."]
    assert refused_method.json()["payment_method"] == ["Choose an active payment method of this company."]
    assert Expense.objects.get(pk=expense.pk).description == "Restaurant Savoy"


def test_create_refuses_an_inactive_cost_center(office):
    deactivate(office.cost_center)

    response = api(office.employee).post("/api/v1/expenses/", saved_body(office), format="json")

    assert response.status_code == 400
    assert "lines.0.cost_center" in response.json()
    assert not Expense.objects.filter(description="Taxi").exists()


def test_another_companys_inactive_cost_center_does_not_exist_for_the_update(office):
    expense = rejected_receipt(office)
    foreign = CostCenter.objects.create(company=CompanyFactory(), name="Theirs", is_active=False)
    body = saved_body(office)
    body["lines"][0]["cost_center"] = foreign.pk

    response = put(office, expense, body)

    assert response.status_code == 400
    assert "cost_center" in response.json()["lines"]["0"]
    assert line_of(expense).cost_center_id == office.cost_center.pk


def test_calculate_for_the_edited_expense_accepts_its_deactivated_cost_center(office):
    expense = rejected_receipt(office)
    deactivate(office.cost_center)
    client = api(office.employee)

    kept = client.post(f"/api/v1/expenses/calculate/?expense={expense.pk}", saved_body(office), format="json")
    fresh = client.post("/api/v1/expenses/calculate/", saved_body(office), format="json")
    colleague = api(office.approver).post(
        f"/api/v1/expenses/calculate/?expense={expense.pk}", saved_body(office), format="json"
    )

    assert kept.status_code == 200 and kept.json()["amount"] == "124.00"
    assert "lines.0.cost_center" in fresh.json()
    assert "lines.0.cost_center" in colleague.json()


def test_calculate_with_another_companys_expense_is_404(office):
    from tests.factories import ExpenseFactory

    foreign = ExpenseFactory(company=CompanyFactory())
    client = api(office.employee)

    assert (
        client.post(f"/api/v1/expenses/calculate/?expense={foreign.pk}", saved_body(office), format="json").status_code
        == 404
    )
    assert client.post("/api/v1/expenses/calculate/?expense=x", saved_body(office), format="json").status_code == 400
