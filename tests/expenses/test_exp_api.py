from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.tokens import issue_api_token
from costcenters.models import CostCenter
from expenses.models import Expense
from expenses.services import create_receipt, submit_expense
from tests.expenses import files
from tests.expenses.conftest import receipt_input
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=user, label='test').key}")
    return client


def receipt_body(office, **overrides):
    body = {
        "kind": "receipt",
        "date": "2026-03-02",
        "description": "Taxi",
        "amount": "36.90",
        "payment_method": office.own_money.pk,
        "lines": [{"purchase_type": office.purchase_type.pk, "amount": "36.90", "vat_rate": "13.5"}],
    }
    body.update(overrides)
    return body


def test_obtain_token_with_email_and_password(office):
    response = APIClient().post("/api/v1/auth/token/", {"username": office.employee.email, "password": PASSWORD})

    assert response.status_code == 200 and response.json()["token"]


def test_create_submit_approve_through_the_api(office):
    created = api(office.employee).post("/api/v1/expenses/", receipt_body(office), format="json")
    assert created.status_code == 201, created.json()
    expense_id = created.json()["id"]
    assert created.json()["lines"][0]["vat_amount"] == "4.39"

    assert api(office.employee).post(f"/api/v1/expenses/{expense_id}/submit/").json()["state"] == "submitted"
    inbox = api(office.approver).get("/api/v1/approvals/").json()
    assert [row["id"] for row in inbox["results"]] == [expense_id]
    approved = api(office.approver).post(f"/api/v1/expenses/{expense_id}/approve/", {"note": "ok"}, format="json")
    assert approved.json()["state"] == "approved"
    assert [h["to_state"] for h in approved.json()["history"]] == ["submitted", "approved"]


def test_mileage_and_per_diem_through_the_api(office):
    client = api(office.employee)
    mileage = client.post(
        "/api/v1/expenses/",
        {
            "kind": "mileage",
            "date": "2026-03-02",
            "description": "Visit",
            "legs": [{"start": "Helsinki", "end": "Turku", "km": "165"}],
        },
        format="json",
    )
    per_diem = client.post(
        "/api/v1/expenses/",
        {
            "kind": "per_diem",
            "description": "Fair",
            "departure": "2026-03-02T08:00:00+02:00",
            "return_at": "2026-03-02T19:00:00+02:00",
            "free_meals": [2],
        },
        format="json",
    )

    assert mileage.json()["amount"] == "90.75"
    assert per_diem.json()["amount"] == "27.00"


def test_bad_input_comes_back_on_the_field(office):
    client = api(office.employee)
    foreign = CostCenter.objects.create(company=CompanyFactory(), name="Theirs")
    line = {"purchase_type": office.purchase_type.pk, "amount": "36.90", "vat_rate": "24", "cost_center": foreign.pk}

    refused_cc = client.post("/api/v1/expenses/", receipt_body(office, lines=[line]), format="json")
    refused_vat = client.post(
        "/api/v1/expenses/", receipt_body(office, lines=[{**line, "cost_center": None}]), format="json"
    )
    refused_amount = client.post("/api/v1/expenses/", receipt_body(office, amount="-1"), format="json")
    refused_trip = client.post(
        "/api/v1/expenses/",
        {
            "kind": "per_diem",
            "description": "x",
            "departure": "2026-03-02T08:00:00+02:00",
            "return_at": "2026-03-01T08:00:00+02:00",
        },
        format="json",
    )

    assert "cost_center" in refused_cc.json()["lines"]["0"]
    assert "lines.0.vat_rate" in refused_vat.json()
    assert "amount" in refused_amount.json()
    assert "return_at" in refused_trip.json()
    assert not Expense.objects.exists()


def test_double_submit_is_a_conflict(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    client = api(office.employee)

    client.post(f"/api/v1/expenses/{expense.pk}/submit/")
    again = client.post(f"/api/v1/expenses/{expense.pk}/submit/")

    assert again.status_code == 409


def test_own_expense_cannot_be_approved(office):
    expense = create_receipt(company=office.company, owner=office.admin, data=receipt_input(office))
    submit_expense(expense=expense, actor=office.admin)

    response = api(office.admin).post(f"/api/v1/expenses/{expense.pk}/approve/")

    assert response.status_code == 400 and "approver" in response.json()


def test_reject_needs_a_reason(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    submit_expense(expense=expense, actor=office.employee)

    response = api(office.approver).post(f"/api/v1/expenses/{expense.pk}/reject/", {"reason": ""}, format="json")

    assert response.status_code == 400 and "reason" in response.json()


def test_attachment_upload_and_download(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    client = api(office.employee)

    uploaded = client.post(f"/api/v1/expenses/{expense.pk}/attachments/", {"file": files.jpeg()}, format="multipart")
    refused = client.post(
        f"/api/v1/expenses/{expense.pk}/attachments/", {"file": files.html_pretending_pdf()}, format="multipart"
    )
    download = api(office.approver).get(f"/api/v1/attachments/{uploaded.json()['id']}/download/")

    assert uploaded.status_code == 201 and uploaded.json()["content_type"] == "image/jpeg"
    assert refused.status_code == 400 and "file" in refused.json()
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"


def test_x_company_header_picks_a_company_of_the_user(office):
    second = CompanyFactory()
    MembershipFactory(company=second, user=office.employee)
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    client = api(office.employee)

    first_list = client.get("/api/v1/expenses/", HTTP_X_COMPANY=str(office.company.pk)).json()
    second_list = client.get("/api/v1/expenses/", HTTP_X_COMPANY=str(second.pk)).json()
    stranger = client.get("/api/v1/expenses/", HTTP_X_COMPANY=str(CompanyFactory().pk))

    assert (first_list["count"], second_list["count"]) == (1, 0)
    assert stranger.status_code == 404


def test_another_companys_expense_is_404(office):
    theirs = CompanyFactory()
    owner = MembershipFactory(company=theirs).user
    expense = Expense.objects.create(
        company=theirs,
        owner=owner,
        kind="receipt",
        date="2026-03-02",
        description="x",
        amount=Decimal(1),
        amount_eur=Decimal(1),
    )

    for url in (f"/api/v1/expenses/{expense.pk}/", f"/api/v1/expenses/{expense.pk}/lines/"):
        assert api(office.admin).get(url).status_code == 404


def test_purchase_types_and_payment_methods_are_listed(office):
    client = api(office.employee)

    assert [p["name"] for p in client.get("/api/v1/purchase-types/").json()["results"]] == ["Meals"]
    methods = client.get("/api/v1/payment-methods/").json()["results"]
    assert {m["name"]: m["reimbursable"] for m in methods} == {"Company card": False, "Own money": True}


def test_schema_has_no_warnings():
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
