"""Idempotency-Key on the API's creates: a retried create answers the first answer instead of making a copy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import IdempotencyRecord
from accounts.services.idempotency import (
    ABANDONED_AFTER,
    RECORD_LIFETIME,
    KeyInUse,
    KeyReused,
    claim_idempotency_key,
    record_idempotent_answer,
)
from expenses.models import ApproverAssignment, Attachment, Expense, PurchaseType
from expenses.services import create_receipt
from exports.models import VoucherExport
from tests.expenses import files
from tests.expenses.conftest import receipt_input
from tests.expenses.test_exp_api import api, receipt_body
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db

KEY = "7f0c2a3e-4b1d-4f5e-9a8b-1c2d3e4f5a6b"


def post_expense(client, body, key=KEY, **headers):
    return client.post("/api/v1/expenses/", body, format="json", headers={"Idempotency-Key": key, **headers})


def test_a_retried_create_answers_the_first_answer_and_saves_one_expense(office):
    client = api(office.employee)

    first = post_expense(client, receipt_body(office))
    retry = post_expense(client, receipt_body(office))

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Expense.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_with_422(office):
    client = api(office.employee)
    post_expense(client, receipt_body(office))

    other = post_expense(client, receipt_body(office, description="Another taxi"))

    assert other.status_code == 422
    assert "different request" in other.json()["detail"]
    assert Expense.objects.count() == 1


def test_the_same_key_for_another_company_is_another_request(office):
    other_company = CompanyFactory()
    MembershipFactory(company=other_company, user=office.employee)
    client = api(office.employee)
    post_expense(client, receipt_body(office), **{"X-Company": str(office.company.pk)})

    elsewhere = post_expense(client, receipt_body(office), **{"X-Company": str(other_company.pk)})

    assert elsewhere.status_code == 422


def test_without_a_key_every_create_is_new(office):
    client = api(office.employee)

    client.post("/api/v1/expenses/", receipt_body(office), format="json")
    client.post("/api/v1/expenses/", receipt_body(office), format="json")

    assert Expense.objects.count() == 2


def test_keys_belong_to_their_user(office):
    post_expense(api(office.employee), receipt_body(office))

    theirs = post_expense(api(office.approver), receipt_body(office, description="Approver's taxi"))

    assert theirs.status_code == 201
    assert Expense.objects.count() == 2


def test_a_refused_create_frees_its_key(office):
    client = api(office.employee)

    refused = post_expense(client, receipt_body(office, amount="-1"))
    fixed = post_expense(client, receipt_body(office))

    assert (refused.status_code, fixed.status_code) == (400, 201)
    assert Expense.objects.count() == 1


@pytest.mark.parametrize("key", ["", " ", "k" * 256, "avain-ä", "line\nbreak"])
def test_a_malformed_key_is_refused(office, key):
    response = post_expense(api(office.employee), receipt_body(office), key=key)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Expense.objects.exists()


def test_a_retried_upload_stores_one_attachment(office):
    draft = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    client = api(office.employee)
    url = f"/api/v1/expenses/{draft.pk}/attachments/"

    first = client.post(url, {"file": files.png()}, headers={"Idempotency-Key": KEY})
    retry = client.post(url, {"file": files.png()}, headers={"Idempotency-Key": KEY})
    other_file = client.post(url, {"file": files.png(color="black")}, headers={"Idempotency-Key": KEY})

    assert (first.status_code, retry.status_code, other_file.status_code) == (201, 201, 422)
    assert retry.json() == first.json()
    assert Attachment.objects.count() == 1


def test_listing_attachments_ignores_the_key(office):
    draft = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    response = api(office.employee).get(f"/api/v1/expenses/{draft.pk}/attachments/", headers={"Idempotency-Key": ""})

    assert response.status_code == 200


def test_a_retried_setup_create_makes_one_purchase_type(office):
    client = api(office.admin)
    body = {"name": "Taxi", "account_number": "7000", "vat_class": "general"}

    first = client.post("/api/v1/purchase-types/", body, format="json", headers={"Idempotency-Key": KEY})
    retry = client.post("/api/v1/purchase-types/", body, format="json", headers={"Idempotency-Key": KEY})

    assert first.status_code == 201, first.json()
    assert retry.json() == first.json()
    assert PurchaseType.objects.filter(name="Taxi").count() == 1


def test_a_retried_approver_assignment_makes_one(office):
    client = api(office.admin)
    body = {"employee": office.accountant.pk, "approver": office.approver.pk}

    first = client.post("/api/v1/approver-assignments/", body, format="json", headers={"Idempotency-Key": KEY})
    retry = client.post("/api/v1/approver-assignments/", body, format="json", headers={"Idempotency-Key": KEY})

    assert first.status_code == 201, first.json()
    assert retry.json() == first.json() and retry.headers["Idempotent-Replayed"] == "true"
    assert ApproverAssignment.objects.filter(employee=office.accountant).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_retried_send_now_is_answered_not_repeated(books):
    books.receipt("12.90")
    client = api(books.accountant)

    first = client.post("/api/v1/exports/vouchers/send-now/", headers={"Idempotency-Key": KEY})
    retry = client.post("/api/v1/exports/vouchers/send-now/", headers={"Idempotency-Key": KEY})

    assert (first.status_code, first.json()) == (202, {"queued": 1})
    assert (retry.status_code, retry.json()) == (202, {"queued": 1})
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert VoucherExport.objects.count() == 1


def claim(office, key=KEY, fingerprint="a" * 64):
    return claim_idempotency_key(
        user=office.employee, key=key, request_line="POST /api/v1/expenses/", fingerprint=fingerprint
    )


def test_a_duplicate_while_the_first_runs_is_told_to_wait(office):
    claim(office)

    with pytest.raises(KeyInUse):
        claim(office)
    assert IdempotencyRecord.objects.count() == 1


def test_a_duplicate_with_another_body_while_the_first_runs_is_refused(office):
    claim(office)

    with pytest.raises(KeyReused):
        claim(office, fingerprint="b" * 64)


def test_an_abandoned_claim_is_taken_over(office):
    claim(office)
    IdempotencyRecord.objects.update(created_at=timezone.now() - ABANDONED_AFTER - timedelta(seconds=1))

    with pytest.raises(KeyInUse):
        claim(office)
    assert claim(office).record is not None


def test_records_are_forgotten_after_their_lifetime(office):
    first = claim(office)
    record_idempotent_answer(record=first.record, status_code=201, body={"id": 1})
    IdempotencyRecord.objects.update(created_at=timezone.now() - RECORD_LIFETIME - timedelta(seconds=1))

    again = claim(office, fingerprint="b" * 64)

    assert again.record is not None and again.replay is None
    assert IdempotencyRecord.objects.count() == 1
