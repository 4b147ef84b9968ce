"""A Finnish team types as Finns do: decimal commas, dates in the picker, the pages in Finnish; and an
English browser given "12,90" stores 12.90 €, not 1 290.00 € (the hundredfold error a number input made).

Each kind is recorded, approved, and the books-lock date survives saving "Tilit ja tarkistukset".
"""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from companies.roles import Role
from expenses.models import ApproverAssignment, Expense, ExpenseSettings
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    company = CompanyFactory(name="Kahvila Oy")
    people = {role: MembershipFactory(company=company, role=role).user for role in (Role.EMPLOYEE, Role.APPROVER)}
    people[Role.ADMIN] = MembershipFactory(company=company, role=Role.ADMIN).user
    ApproverAssignment.objects.create(company=company, employee=people[Role.EMPLOYEE], approver=people[Role.APPROVER])
    PurchaseTypeFactory(company=company, name="Matkakulut", vat_class="reduced_food")
    PaymentMethodFactory(company=company, name="Omat rahat")
    ExpenseSettings.objects.create(company=company, employee_payable_account="2940", locked_until=date(2026, 1, 31))
    return people


def kirjaudu(page: Page, base: str, person) -> None:
    """Log in on the login page, which a Finnish browser gets in Finnish."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Sähköpostiosoite").fill(person.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


def switch_person(page: Page, base: str, person) -> None:
    page.get_by_role("button", name="Kirjaudu ulos").click()
    kirjaudu(page, base, person)


@pytest.mark.browser_context_args(locale="fi-FI", timezone_id="Europe/Helsinki")
def test_a_finnish_team_records_approves_and_keeps_its_lock_date(page: Page, live_server, team):
    base = live_server.url
    kirjaudu(page, base, team[Role.EMPLOYEE])

    page.goto(f"{base}/expenses/new/receipt/")
    # The date picker's value is ISO whatever the language (headless Chromium orders the typed parts by
    # the machine's locale, so the test sets the value as the picker would).
    page.get_by_label("Päivämäärä:", exact=True).fill("2026-11-20")
    page.get_by_label("Myyjä tai kuvaus").fill("Junalippu Tampereelle")
    page.get_by_label("Kokonaissumma").fill("1 234,50")
    page.get_by_label("Ostolaji").select_option(label="Matkakulut")
    # Travel is in the reduced class: 13,5 % on this date, shown in the "default" choice.
    expect(page.get_by_label("ALV-kanta")).to_contain_text("Kululajin oletus (13,5 %)")
    expect(page.locator("#preview-amount")).to_have_text("1\u00a0234,50 €")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("button", name="Lähetä hyväksyttäväksi")).to_be_visible()
    page.get_by_role("button", name="Lähetä hyväksyttäväksi").click()
    expect(page.get_by_text("Kulu lähetetty.")).to_be_visible()

    page.goto(f"{base}/expenses/new/mileage/")
    page.locator("#id_date").fill("2026-11-21")
    page.get_by_label("Matkan tarkoitus").fill("Asiakaskäynti Espoossa")
    page.get_by_label("Mistä:", exact=True).fill("Helsinki")
    page.get_by_label("Mihin:", exact=True).fill("Espoo")
    page.get_by_label("km:", exact=True).fill("12,5")
    expect(page.locator("#preview-lines")).to_contain_text("12,5 km × 0,55 €/km = 6,88 €")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("button", name="Lähetä hyväksyttäväksi")).to_be_visible()
    page.get_by_role("button", name="Lähetä hyväksyttäväksi").click()

    page.goto(f"{base}/expenses/new/per-diem/")
    page.get_by_label("Matkan tarkoitus").fill("Messut Tampereella")
    page.get_by_label("Lähtö").fill("2026-11-18T08:00")
    page.get_by_label("Paluu:", exact=True).fill("2026-11-18T14:40")
    page.get_by_label("Ilmaiset ateriat matkavuorokautta kohden").fill("1")
    # 6 h 40 min: partial per diem 25,00 €, halved by one free meal; the calculation speaks Finnish.
    expect(page.locator("#preview-amount")).to_have_text("12,50 €")
    expect(page.locator("#preview-lines")).to_contain_text("osapäiväraha")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("ol.calculation")).to_contain_text("12,50 €")
    page.get_by_role("button", name="Lähetä hyväksyttäväksi").click()

    receipt = Expense.objects.get(kind="receipt")
    assert (receipt.amount, receipt.lines.get().vat_rate) == (Decimal("1234.50"), Decimal("13.5"))
    # 12,5 km × 0,55 €/km = 6,875 → 6,88 €
    assert Expense.objects.get(kind="mileage").amount == Decimal("6.88")
    assert Expense.objects.get(kind="per_diem").amount == Decimal("12.50")

    switch_person(page, base, team[Role.APPROVER])
    page.get_by_role("link", name="Hyväksynnät").click()
    page.get_by_role("link", name="Junalippu Tampereelle").click()
    page.get_by_role("button", name="Hyväksy", exact=True).click()
    expect(page.get_by_text("Kulu hyväksytty.")).to_be_visible()
    assert Expense.objects.get(kind="receipt").state == "approved"

    switch_person(page, base, team[Role.ADMIN])
    page.goto(f"{base}/expenses/setup/")
    expect(page.get_by_role("heading", name="Tilit ja tarkistukset")).to_be_visible()
    expect(page.get_by_label("Kirjanpito lukittu päivään")).to_have_value("2026-01-31")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Asetukset tallennettu.")).to_be_visible()
    assert ExpenseSettings.objects.get().locked_until == date(2026, 1, 31)


@pytest.mark.browser_context_args(locale="en-US")
def test_an_english_browser_stores_a_decimal_comma_as_meant(page: Page, live_server, log_in, team):
    log_in(team[Role.EMPLOYEE].email, PASSWORD)

    page.goto(f"{live_server.url}/expenses/new/receipt/")
    # Nothing typed yet: no "This field is required" anywhere.
    expect(page.locator("#preview-amount")).to_have_text("–")
    expect(page.locator("#preview-errors li")).to_have_count(0)
    page.get_by_label("Total amount").fill("1,234.50")
    # Only the field that was typed in is spoken of, by its label.
    expect(page.locator("#preview-errors")).to_have_text(
        "Total amount: Use either a comma or a point for the decimals, not both, and a space between thousands "
        "(for example 1 234,50)."
    )
    page.get_by_label("Date:", exact=True).fill("2026-11-20")
    page.get_by_label("Merchant or description").fill("Coffee")
    page.get_by_label("Total amount").fill("12,90")
    page.get_by_label("Purchase type").select_option(label="Matkakulut")
    expect(page.locator("#preview-amount")).to_have_text("12.90 €")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("button", name="Submit for approval")).to_be_visible()

    assert Expense.objects.get().amount == Decimal("12.90")
