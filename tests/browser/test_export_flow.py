"""The accountant sends approved expenses to Netvisor with one button and follows them to "Paid",
looking at the sandbox's ledger and outgoing payments on the way, in English and in Finnish."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from expenses.models import Attachment
from exports.models import ExportSettings, VoucherExport
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"send": "Send to accounting now", "export": "Accounting export", "paid": "Paid", "number": "voucher number"},
    "fi": {
        "send": "Lähetä kirjanpitoon nyt",
        "export": "Kirjanpitovienti",
        "paid": "Maksettu",
        "number": "tositenumero",
    },
}


def with_receipt_file(expense) -> None:
    data = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    attachment = Attachment(expense=expense, original_name="taksikuitti.pdf", content_type="application/pdf",
                            size=len(data), sha256="1" * 64)  # fmt: skip
    attachment.file.save("taksikuitti.pdf", ContentFile(data))


@pytest.mark.parametrize("language", ["en", "fi"])
def test_send_to_accounting_now_reaches_the_ledger_and_ends_paid(page: Page, live_server, log_in, books, language):
    words = WORDS[language]
    ExportSettings.objects.filter(company=books.company).update(attach_receipts=True)
    taxi = books.receipt("38.60", description="Taksi asiakkaalle")
    with_receipt_file(taxi)
    books.mileage("48")

    log_in(books.accountant.email, PASSWORD)
    if language == "fi":
        page.get_by_role("button", name="FI").click()
    page.get_by_role("link", name=words["export"]).first.click()
    page.get_by_role("button", name=words["send"]).click()

    page.goto(f"{live_server.url}/expenses/{taxi.pk}/")
    timeline = page.locator("#export-timeline")
    row = VoucherExport.objects.get(expenses=taxi)
    expect(timeline).to_contain_text(f"{words['number']} {row.voucher_number}")

    ledger = f"{books.sandbox.base_url}/org/{books.sandbox.organisation_id}/ledger/"
    page.goto(ledger)
    voucher = page.locator(".voucher", has_text=f"[{row.reference}]")
    expect(voucher).to_contain_text("7000")
    expect(voucher).to_contain_text("Kustannuspaikka")
    expect(voucher).to_contain_text("Myynti")
    expect(voucher).to_contain_text("taksikuitti.pdf")

    page.goto(f"{books.sandbox.base_url}/org/{books.sandbox.organisation_id}/payments/")
    payment = page.locator(".payment", has_text="BZ-P-")
    expect(payment).to_contain_text("Taksi asiakkaalle")
    expect(payment).to_contain_text("FI2112345600000785")
    payment.get_by_role("button", name="Mark paid").click()
    expect(page.locator(".payment-status").first).to_contain_text("OK")

    page.goto(f"{live_server.url}/accounting-export/")
    page.get_by_role("button", name=words["send"]).click()  # also asks Netvisor about sent payments
    page.goto(f"{live_server.url}/expenses/{taxi.pk}/")
    expect(page.locator(".status").first).to_contain_text(words["paid"])
