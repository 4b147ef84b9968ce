"""Company setup through the API: admins write, other members read; the IBAN of one's own profile."""

from datetime import date

import pytest

from audit.models import AuditEntry
from expenses.models import ApproverAssignment, ExpenseSettings, PaymentMethod, PurchaseType
from tests.expenses.test_exp_api import api
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_admin_creates_and_changes_a_purchase_type(office):
    created = api(office.admin).post(
        "/api/v1/purchase-types/",
        {"name": "Hotels", "account_number": "7620", "vat_class": "reduced_food"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    type_id = created.json()["id"]

    changed = api(office.admin).patch(f"/api/v1/purchase-types/{type_id}/", {"is_active": False}, format="json")

    assert changed.status_code == 200 and changed.json()["is_active"] is False
    saved = PurchaseType.objects.get(pk=type_id)
    assert (saved.company, saved.account_number, saved.is_active) == (office.company, "7620", False)
    assert saved.vat_class == "reduced_food"
    assert AuditEntry.objects.filter(action="expenses.purchasetype_saved").count() == 2


def test_a_vat_class_that_does_not_exist_is_refused(office):
    response = api(office.admin).post(
        "/api/v1/purchase-types/", {"name": "X", "account_number": "1", "vat_class": "23"}, format="json"
    )

    assert response.status_code == 400 and "vat_class" in response.json()


def test_admin_adds_a_company_card_with_its_counter_account(office):
    response = api(office.admin).post(
        "/api/v1/payment-methods/",
        {"name": "Visa", "kind": "company_card", "counter_account": "1799"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert response.json()["reimbursable"] is False
    assert PaymentMethod.objects.get(name="Visa").counter_account == "1799"
    bad = api(office.admin).post(
        "/api/v1/payment-methods/", {"name": "Cash", "kind": "cash", "counter_account": "1"}, format="json"
    )
    assert bad.status_code == 400 and "kind" in bad.json()


@pytest.mark.parametrize("role", ["employee", "approver", "accountant"])
def test_only_admins_change_the_setup(office, role):
    client = api(getattr(office, role))

    assert client.get("/api/v1/purchase-types/").status_code == 200
    refused = client.post(
        "/api/v1/purchase-types/", {"name": "X", "account_number": "1", "vat_class": "zero"}, format="json"
    )
    assert refused.status_code == 403
    assert client.put("/api/v1/expense-settings/", {"locked_until": "2026-01-31"}, format="json").status_code == 403


def test_admin_sets_accounts_lock_date_and_fallback(office):
    body = {
        "per_diem_account": "7360",
        "mileage_account": "7350",
        "locked_until": "2026-01-31",
        "fallback_approver": office.approver.pk,
    }

    response = api(office.admin).put("/api/v1/expense-settings/", body, format="json")

    assert response.status_code == 200, response.json()
    saved = ExpenseSettings.objects.get(company=office.company)
    assert (saved.per_diem_account, saved.locked_until) == ("7360", date(2026, 1, 31))
    assert saved.fallback_approver == office.approver
    assert api(office.employee).get("/api/v1/expense-settings/").json()["employee_payable_account"] == "2940"


def test_fallback_must_be_an_approver_of_this_company(office):
    outsider = MembershipFactory(company=CompanyFactory(), role="approver").user

    other = api(office.admin).put("/api/v1/expense-settings/", {"fallback_approver": outsider.pk}, format="json")
    employee = api(office.admin).put(
        "/api/v1/expense-settings/", {"fallback_approver": office.employee.pk}, format="json"
    )

    assert other.status_code == 400 and employee.status_code == 400


def test_approver_assignments(office):
    newcomer = MembershipFactory(company=office.company, role="employee").user
    client = api(office.admin)

    created = client.post(
        "/api/v1/approver-assignments/", {"employee": newcomer.pk, "approver": office.accountant.pk}, format="json"
    )
    self_approval = client.post(
        "/api/v1/approver-assignments/", {"employee": office.approver.pk, "approver": office.approver.pk}, format="json"
    )

    assert created.status_code == 201, created.json()
    assert self_approval.status_code == 400
    assignment = ApproverAssignment.objects.get(employee=newcomer)
    assert assignment.approver == office.accountant
    assert client.delete(f"/api/v1/approver-assignments/{assignment.pk}/").status_code == 204
    assert not ApproverAssignment.objects.filter(employee=newcomer).exists()


def test_profile_iban_is_validated(office):
    client = api(office.employee)

    bad = client.put("/api/v1/profile/", {"iban": "FI21 1234 5600 0000 00"}, format="json")
    good = client.put("/api/v1/profile/", {"iban": "FI21 1234 5600 0007 85"}, format="json")

    assert bad.status_code == 400 and "iban" in bad.json()
    assert good.json() == {"iban": "FI2112345600000785"}
    assert client.get("/api/v1/profile/").json() == {"iban": "FI2112345600000785"}
