"""The REST API and the pages of the export offer the same states and actions, to the right people."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.tokens import issue_api_token
from exports.models import ExportSettings, PaymentExport, VoucherExport
from netvisor_sandbox.models import SandboxPayment
from tests.exports.helpers import organisation, sandbox_vouchers
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_api_token(user=user, label='test').key}")
    return client


def browser(user, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_send_now_through_the_api_and_read_the_states_back(books):
    expense = books.receipt("12.90")

    sent = api(books.accountant).post("/api/v1/exports/vouchers/send-now/")
    vouchers = api(books.accountant).get("/api/v1/exports/vouchers/").json()["results"]
    payments = api(books.accountant).get("/api/v1/exports/payments/").json()["results"]
    timeline = api(books.employee).get(f"/api/v1/exports/timeline/{expense.pk}/").json()

    assert sent.status_code == 202 and sent.json() == {"queued": 1}
    assert [(v["state"], v["expenses"]) for v in vouchers] == [("sent", [expense.pk])]
    assert vouchers[0]["voucher_number"] == sandbox_vouchers(books).get().number
    assert payments[0]["state"] == "sent" and payments[0]["amount"] == "12.90"
    assert any("voucher number" in event["detail"] for event in timeline)


def test_employees_and_approvers_do_not_see_the_export(books):
    for person in (books.employee, books.approver):
        assert api(person).post("/api/v1/exports/vouchers/send-now/").status_code == 404
        assert api(person).get("/api/v1/exports/payments/").status_code == 404
        assert browser(person).get("/accounting-export/").status_code == 404
    assert not VoucherExport.objects.exists()


def test_a_held_payment_is_answered_through_the_api(books, settings):
    settings.NETVISOR_READ_TIMEOUT = 2
    books.receipt("80.00")
    from tests.exports.helpers import clear_faults, set_fault

    set_fault(books, "drop", resource="payment.nv")
    api(books.accountant).post("/api/v1/exports/vouchers/send-now/")
    clear_faults(books)
    row = PaymentExport.objects.get()
    stored = SandboxPayment.objects.get(organisation=organisation(books))

    answer = api(books.accountant).post(
        f"/api/v1/exports/payments/{row.pk}/resolve/", {"found": True, "payment_id": stored.pk}, format="json"
    )

    assert answer.status_code == 200 and answer.json()["state"] == "sent"
    again = api(books.accountant).post(f"/api/v1/exports/payments/{row.pk}/resolve/", {"found": False}, format="json")
    assert again.status_code == 400  # answered once; a second answer cannot send it again
    assert SandboxPayment.objects.filter(organisation=organisation(books)).count() == 1


@pytest.mark.parametrize(("language", "button", "done"), [
    ("en", "Send to accounting now", "1 expense queued for accounting"),
    ("fi", "Lähetä kirjanpitoon nyt", "1 kulu jonossa kirjanpitoon"),
])  # fmt: skip
def test_the_export_page_sends_and_says_so_in_both_languages(books, language, button, done):
    books.receipt("10.00")
    client = browser(books.accountant, language)

    page = client.get("/accounting-export/")
    response = client.post("/accounting-export/send-now/", follow=True)

    assert button in page.content.decode()
    assert done in response.content.decode()
    assert sandbox_vouchers(books).count() == 1


def test_export_settings_take_an_iban_as_people_write_it_and_refuse_a_wrong_one(books):
    admin = MembershipFactory(company=books.company, role="admin").user
    client = browser(admin, "fi")
    form = {"when": "after_approval", "grouping": "per_employee", "voucher_date": "approval_date",
            "locked_period": "hold", "payments_enabled": "on"}  # fmt: skip

    saved = client.post("/accounting-export/settings/", {**form, "source_iban": "FI49 5000 9420 0287 30"})
    refused = client.post("/accounting-export/settings/", {**form, "source_iban": "FI49 5000 9420 0287 31"})

    assert saved.status_code == 302
    assert refused.status_code == 200 and "ei ole kelvollinen IBAN" in refused.content.decode()
    stored = ExportSettings.objects.get(company=books.company)
    assert (stored.source_iban, stored.when, stored.grouping) == (
        "FI4950009420028730",
        "after_approval",
        "per_employee",
    )


def test_a_failure_written_by_the_worker_is_read_in_the_readers_language(books):
    from decimal import Decimal

    from expenses.services.inputs import LineInput
    from tests.factories import PurchaseTypeFactory

    unknown = PurchaseTypeFactory(company=books.company, name="Väärä tili", account_number="9999")
    line = LineInput(amount=Decimal("40.00"), vat_rate=Decimal("13.5"), purchase_type=unknown)
    books.receipt("40.00", description="Wrong account", lines=(line,))
    api(books.accountant).post("/api/v1/exports/vouchers/send-now/")

    finnish = browser(books.accountant, "fi").get("/accounting-export/").content.decode()
    english = browser(books.accountant, "en").get("/accounting-export/").content.decode()
    through_api = api(books.accountant).get("/api/v1/exports/vouchers/", HTTP_ACCEPT_LANGUAGE="fi").json()

    assert "Netvisor hylkäsi pyynnön" in finnish and "Netvisor refused the request" not in finnish
    assert "Netvisor refused the request" in english
    assert through_api["results"][0]["message"].startswith("Netvisor hylkäsi pyynnön")
