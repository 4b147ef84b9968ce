"""axe-core finds no serious or critical accessibility violation on the main pages; the skip link,
the errors tied to their fields and the banner's named link work as a keyboard or screen reader user needs.

axe-core comes from the npm registry (package.json, installed by ``make test`` through
scripts/ensure_axe.sh). Playwright's ``add_script_tag(path=...)`` inserts the file's text as an
inline <script>, which our Content-Security-Policy rightly blocks; so these tests, and only these,
open their browser context with ``bypass_csp=True``. The pages are the same; only the injected checker
is let through. tests/test_csp.py checks separately that the pages need nothing the policy forbids.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from companies.models import NetvisorConnection
from tests.browser.busy_office import busy_office, log_in_as, office, url  # noqa: F401 - fixtures
from tests.conftest import service_unavailable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
}))"""


@pytest.fixture
def context(new_context):
    """The one context these tests use: CSP bypassed so that axe-core can be injected (see the module's docstring)."""
    return new_context(bypass_csp=True)


def violations(page: Page) -> list[dict]:
    if not AXE.exists():
        service_unavailable("axe-core is not installed (run scripts/ensure_axe.sh, or npm ci)")
    page.add_script_tag(path=str(AXE))
    return [found for found in page.evaluate(RUN_AXE) if found["impact"] in BLOCKING]


def assert_accessible(page: Page, where: str) -> None:
    found = violations(page)
    assert not found, f"{where}: " + "; ".join(f"{v['id']} ({v['impact']}) at {v['nodes']}: {v['help']}" for v in found)


def test_the_login_page(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page, "login")


@pytest.mark.parametrize("role", ["employee", "approver", "admin"])
def test_every_roles_dashboard(page: Page, live_server, log_in, busy_office, role):  # noqa: F811
    log_in_as(log_in, busy_office, role)
    page.goto(url(live_server, "dashboard"))
    assert_accessible(page, f"dashboard of the {role}")


def test_the_lists_the_form_and_the_detail(page: Page, live_server, log_in, busy_office):  # noqa: F811
    log_in_as(log_in, busy_office, "employee")
    expense = busy_office.employee.expenses.order_by("pk").first()
    for name, kwargs in [
        ("expenses:list", {}),
        ("expenses:new_receipt", {}),
        ("expenses:detail", {"expense_id": expense.pk}),
    ]:
        page.goto(url(live_server, name, **kwargs))
        assert_accessible(page, name)


def test_the_admins_pages(page: Page, live_server, log_in, busy_office):  # noqa: F811
    log_in_as(log_in, busy_office, "admin")
    for name in [
        "expenses:approvals",
        "expenses:all",
        "companies:settings",
        "companies:reimbursement_accounting",
        "costcenters:list",
    ]:
        page.goto(url(live_server, name))
        assert_accessible(page, name)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page: Page, live_server, log_in, busy_office):  # noqa: F811
    log_in_as(log_in, busy_office, "employee")
    page.goto(url(live_server, "expenses:list"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown once focused, hidden otherwise
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_errors_are_tied_to_their_fields(page: Page, live_server, log_in, busy_office):  # noqa: F811
    log_in_as(log_in, busy_office, "employee")
    page.goto(url(live_server, "expenses:new_receipt"))
    page.get_by_label("Total amount").fill("abc")
    page.locator("#expense-form").evaluate("form => form.noValidate = true")  # let the server judge
    page.get_by_role("button", name="Save").click()
    invalid = page.locator("#expense-form [aria-invalid=true]")
    expect(invalid.first).to_be_visible()
    for field in invalid.all():
        described = (field.get_attribute("aria-describedby") or "").split()
        assert described, f"{field.get_attribute('name')} is invalid but says nowhere why"
        for element_id in described:
            expect(page.locator(f"[id='{element_id}']")).to_have_count(1)
        errors = [page.locator(f"[id='{i}']").inner_text() for i in described if i.endswith("_error")]
        assert errors and all(errors), f"{field.get_attribute('name')}: no error text tied to it"
    for field in page.locator("#expense-form [aria-describedby]").all():  # help texts too
        for element_id in (field.get_attribute("aria-describedby") or "").split():
            expect(page.locator(f"[id='{element_id}']")).to_have_count(1)
    assert_accessible(page, "the receipt form with errors")


def test_the_banners_link_has_a_name(page: Page, live_server, log_in, busy_office):  # noqa: F811
    NetvisorConnection.objects.create(company=busy_office.company, state=NetvisorConnection.State.EXPIRED)
    log_in_as(log_in, busy_office, "admin")
    page.goto(url(live_server, "dashboard"))
    link = page.locator(".banner a")
    expect(link).to_have_accessible_name("Open the page to fix this")
    assert_accessible(page, "a page with the banner")
