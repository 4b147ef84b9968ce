"""An employee records a receipt, a kilometre allowance and a per diem; the approver rejects one,
the employee fixes and resubmits it, and the approver approves all."""

import pytest
from playwright.sync_api import Page, expect

from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ApproverAssignment, Expense
from tests.expenses.files import PDF, image_bytes
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILE_LABEL = "Receipt file (JPEG, PNG, HEIC or PDF, at most 10 MB)"


@pytest.fixture
def people(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    company = CompanyFactory(name="Matka Oy")
    employee = MembershipFactory(company=company, role=Role.EMPLOYEE).user
    approver = MembershipFactory(company=company, role=Role.APPROVER).user
    ApproverAssignment.objects.create(company=company, employee=employee, approver=approver)
    PurchaseTypeFactory(company=company, name="Meals")
    PaymentMethodFactory(company=company, name="Own money")
    CostCenter.objects.create(company=company, name="Sales")
    return employee, approver


def attach(page: Page, name: str, mime: str, content: bytes) -> None:
    page.get_by_label(FILE_LABEL).set_input_files(files=[{"name": name, "mimeType": mime, "buffer": content}])


def save_and_submit(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("Expense submitted.")).to_be_visible()


def record_receipt(page: Page, base: str) -> None:
    page.goto(f"{base}/expenses/new/receipt/")
    page.get_by_label("Date:", exact=True).fill("2026-11-20")
    page.get_by_label("Merchant or description").fill("Lunch with a customer")
    page.get_by_label("Total amount").fill("45.40")
    page.get_by_label("Purchase type").select_option(label="Meals")
    page.get_by_label("VAT rate").select_option("13.5")
    expect(page.locator("#preview-amount")).to_have_text("45.40 €")
    # 45.40 × 13.5 / 113.5 = 5.40 VAT exactly, so the net is 40.00.
    expect(page.locator("#preview-lines")).to_contain_text("#1: 45.40 € = 40.00 € + VAT 5.40 €")
    attach(page, "lunch.png", "image/png", image_bytes("PNG", color="red"))
    save_and_submit(page)


def record_mileage(page: Page, base: str) -> None:
    page.goto(f"{base}/expenses/new/mileage/")
    page.get_by_label("Date:", exact=True).fill("2026-11-21")
    page.get_by_label("Purpose of the trip").fill("Customer visit in Espoo")
    page.get_by_label("From:", exact=True).fill("Helsinki")
    page.get_by_label("To:", exact=True).fill("Espoo")
    page.get_by_label("km:", exact=True).fill("40")
    # The calculation updates as one types and is what gets saved.
    expect(page.locator("#preview-lines")).to_contain_text("40 km × 0.55 €/km = 22.00 €")
    attach(page, "route.pdf", "application/pdf", PDF)
    save_and_submit(page)


def record_per_diem(page: Page, base: str, return_at: str) -> None:
    page.goto(f"{base}/expenses/new/per-diem/")
    page.get_by_label("Purpose of the trip").fill("Trade fair in Tampere")
    page.get_by_label("Departure").fill("2026-11-18T08:00")
    page.get_by_label("Return:", exact=True).fill(return_at)
    page.get_by_label("Free meals per travel day").fill("1")
    expect(page.locator("#preview-amount")).to_have_text("12.50 €")
    attach(page, "ticket.jpg", "image/jpeg", image_bytes("JPEG", color="blue"))
    save_and_submit(page)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def test_record_reject_fix_and_approve_all(page: Page, live_server, log_in, people):
    employee, approver = people
    base = live_server.url
    log_in(employee.email, PASSWORD)
    record_receipt(page, base)
    record_mileage(page, base)
    record_per_diem(page, base, "2026-11-18T14:40")
    log_out(page)

    log_in(approver.email, PASSWORD)
    page.get_by_role("link", name="Approvals", exact=True).click()
    page.get_by_role("link", name="Trade fair in Tampere").click()
    page.get_by_label("Reason").fill("The fair lasted until 19:00, check the return time")
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("Expense rejected.")).to_be_visible()
    log_out(page)

    log_in(employee.email, PASSWORD)
    page.get_by_role("link", name="Expenses", exact=True).click()
    page.get_by_role("link", name="Trade fair in Tampere").click()
    expect(page.locator("p.message.error")).to_contain_text("The fair lasted until 19:00")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Return:", exact=True).fill("2026-11-18T19:00")
    page.get_by_label("Free meals per travel day").fill("0")
    expect(page.locator("#preview-amount")).to_have_text("54.00 €")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Resubmit").click()
    expect(page.get_by_text("Expense submitted.")).to_be_visible()
    log_out(page)

    log_in(approver.email, PASSWORD)
    page.get_by_role("link", name="Approvals", exact=True).click()
    page.get_by_role("button", name="Approve all").click()
    expect(page.get_by_text("Approve 3 expenses, total")).to_be_visible()
    page.get_by_role("button", name="Approve 3 expenses").click()
    expect(page.get_by_text("3 approved, 0 left for a closer look.")).to_be_visible()
    assert sorted(Expense.objects.values_list("state", flat=True)) == ["approved"] * 3
    assert Expense.objects.get(kind="per_diem").amount == 54
    assert sum(e.attachments.count() for e in Expense.objects.all()) == 3
