"""API actions beyond create/submit/approve: correction, duplicates, accounting queue, all expenses."""

from datetime import date
from decimal import Decimal

import pytest

from expenses.models import Expense
from expenses.services import create_receipt, submit_expense
from tests.expenses.conftest import receipt_input
from tests.expenses.test_exp_api import api

pytestmark = pytest.mark.django_db


def submitted_receipt(office, amount="124.00", **overrides):
    data = receipt_input(office, amount, **overrides)
    expense = create_receipt(company=office.company, owner=office.employee, data=data)
    return submit_expense(expense=expense, actor=office.employee)


def test_approver_corrects_an_amount_with_a_note(office):
    expense = submitted_receipt(office)

    response = api(office.approver).post(
        f"/api/v1/expenses/{expense.pk}/correct/", {"amount": "100.00", "note": "Tip not reimbursed"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["amount"] == "100.00" and body["amount_eur"] == "100.00"
    assert body["lines"][0]["amount_eur"] == "100.00"
    # 100.00 at 13.5 %: VAT = 100 × 13.5 / 113.5 = 11.894… → 11.89, net 88.11
    assert (body["lines"][0]["vat_amount"], body["lines"][0]["net_amount"]) == ("11.89", "88.11")
    assert "Tip not reimbursed" in body["history"][-1]["note"]


def test_correction_needs_a_note_and_is_not_for_the_owner(office):
    expense = submitted_receipt(office)

    no_note = api(office.approver).post(
        f"/api/v1/expenses/{expense.pk}/correct/", {"amount": "100.00", "note": " "}, format="json"
    )
    by_owner = api(office.employee).post(
        f"/api/v1/expenses/{expense.pk}/correct/", {"amount": "1.00", "note": "cheaper"}, format="json"
    )

    assert no_note.status_code == 400 and "note" in no_note.json()
    assert by_owner.status_code == 400 and "approver" in by_owner.json()
    assert Expense.objects.get(pk=expense.pk).amount == Decimal("124.00")


def test_not_a_duplicate_by_the_approver_but_not_by_the_owner(office):
    submitted_receipt(office)
    second = submitted_receipt(office)
    assert second.is_flagged_duplicate

    by_owner = api(office.employee).post(f"/api/v1/expenses/{second.pk}/not-duplicate/")
    by_approver = api(office.approver).post(f"/api/v1/expenses/{second.pk}/not-duplicate/")

    assert by_owner.status_code == 400 and "duplicate" in by_owner.json()
    assert by_approver.status_code == 200 and by_approver.json()["possible_duplicate"] is False


def test_all_expenses_with_filters_for_accountants_only(office):
    submitted_receipt(office)
    create_receipt(
        company=office.company, owner=office.approver, data=receipt_input(office, "50.00", date=date(2026, 4, 1))
    )

    everyone = api(office.accountant).get("/api/v1/expenses/", {"scope": "all"}).json()
    april = api(office.accountant).get("/api/v1/expenses/", {"scope": "all", "date_from": "2026-04-01"}).json()
    submitted = api(office.accountant).get("/api/v1/expenses/", {"scope": "all", "state": "submitted"}).json()
    refused = api(office.employee).get("/api/v1/expenses/", {"scope": "all"})
    mine = api(office.employee).get("/api/v1/expenses/").json()

    assert everyone["count"] == 2
    assert [row["amount"] for row in april["results"]] == ["50.00"]
    assert [row["owner"] for row in submitted["results"]] == [office.employee.email]
    assert refused.status_code == 403
    assert mine["count"] == 1
    assert api(office.employee).get("/api/v1/expenses/", {"state": "nonsense"}).status_code == 400


def test_calculate_shows_the_amount_without_saving(office):
    body = {
        "kind": "mileage",
        "date": "2025-06-01",
        "description": "Customer visit",
        "legs": [{"start": "Helsinki", "end": "Espoo", "km": "120"}],
        "trailer": True,
    }

    response = api(office.employee).post("/api/v1/expenses/calculate/", body, format="json")

    assert response.status_code == 200, response.json()
    # 2025: 120 km × 0.59 = 70.80; trailer 120 km × 0.10 = 12.00; total 82.80
    assert response.json()["amount"] == "82.80"
    assert response.json()["explanation"] == [
        "120 km × 0.59 €/km = 70.80 €",
        "+ trailer: 120 km × 0.10 €/km = 12.00 €",
        "Total 82.80 €",
    ]
    assert not Expense.objects.exists()


def test_calculate_refuses_a_cost_center_of_another_company(office):
    from costcenters.models import CostCenter
    from tests.factories import CompanyFactory

    foreign = CostCenter.objects.create(company=CompanyFactory(), name="Elsewhere")
    body = {
        "kind": "per_diem",
        "description": "Fair",
        "departure": "2026-03-02T08:00:00+02:00",
        "return_at": "2026-03-02T19:00:00+02:00",
        "cost_center": foreign.pk,
    }

    response = api(office.employee).post("/api/v1/expenses/calculate/", body, format="json")

    assert response.status_code == 400 and "cost_center" in response.json()
