"""Every role's dashboard and lists at a phone's 390 px and a desktop's 1280 px.

At 390 px nothing may scroll sideways and table rows become cards (each cell shows its column's
name from ``data-label``); at 1280 px the same rows are a table. pytest-playwright keeps a
screenshot of a failing page (``--screenshot only-on-failure`` in the Makefile's test run).
"""

import pytest
from playwright.sync_api import Page

from tests.browser.busy_office import LISTS, busy_office, log_in_as, office, url  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 390, 1280
# The table each page must show, as cards on a phone: (URL name, role) -> CSS selector.
TABLES = {
    ("dashboard", "employee"): "table.dash-recent",
    ("dashboard", "approver"): "table.dash-queue",
    # The approver and the admin own no expenses, and the employee's go to the approver.
    ("dashboard", "admin"): None,
    ("expenses:list", "approver"): None,
    ("expenses:list", "admin"): None,
    ("expenses:list", "employee"): "table.cards",
    ("expenses:approvals", "approver"): "table.cards",
    ("expenses:approvals", "admin"): "table.cards",
    ("expenses:all", "admin"): "table.cards",
}

FIRST_ROW = """selector => {
  const row = document.querySelector(selector + " tbody tr");
  const cell = row.querySelector("td[data-label]");
  return {
    row: getComputedStyle(row).display,
    label: getComputedStyle(cell, "::before").content,
    header: document.querySelector(selector + " thead").getBoundingClientRect().height,
  };
}"""


def overflow(page: Page) -> int:
    """How far the page reaches past the window's right edge, in CSS pixels."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def widest_elements(page: Page) -> list[str]:
    """What sticks out, to name in the failure message."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5).map(el => el.tagName + "." + el.className)"""
    )


def pages_of(role: str) -> list[str]:
    return ["dashboard", *LISTS[role]]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("role", ["employee", "approver", "admin"])
def test_dashboard_and_lists_fit_the_screen(page: Page, live_server, log_in, busy_office, role, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 844})
    log_in_as(log_in, busy_office, role)
    for name in pages_of(role):
        page.goto(url(live_server, name))
        assert overflow(page) <= 0, f"{name} scrolls sideways at {width} px: {widest_elements(page)}"
        table = TABLES.get((name, role), "table.cards")
        if table is None:
            continue
        shown = page.evaluate(FIRST_ROW, table)
        if width == PHONE:
            assert shown["row"] == "block", f"{name}: rows are not cards at {width} px"
            assert shown["label"] not in ("none", "normal", '""'), f"{name}: a card cell does not name its column"
            assert shown["header"] <= 1, f"{name}: the table's header row is still drawn"
        else:
            assert shown["row"] == "table-row", f"{name}: rows are not a table at {width} px"
            assert shown["label"] in ("none", "normal"), f"{name}: column names repeated in a desktop table"


def test_the_receipt_field_opens_the_camera_on_a_phone(page: Page, live_server, log_in, busy_office):  # noqa: F811
    page.set_viewport_size({"width": PHONE, "height": 844})
    log_in_as(log_in, busy_office, "employee")
    page.goto(url(live_server, "expenses:new_receipt"))
    assert page.locator("#id_file").get_attribute("capture") == "environment"
    assert overflow(page) <= 0, widest_elements(page)
    draft = busy_office.employee.expenses.filter(state="draft").get()
    page.goto(url(live_server, "expenses:detail", expense_id=draft.pk))  # "Upload" on the expense's page
    assert page.locator("input[type=file][name=file]").get_attribute("capture") == "environment"


def test_the_service_can_be_added_to_the_home_screen(page: Page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.request.get(f"{live_server.url}{href}")
    assert manifest.ok
    data = manifest.json()
    assert data["display"] == "standalone" and data["start_url"] == "/"
    for icon in data["icons"]:
        image = page.request.get(f"{live_server.url}{href.rsplit('/', 1)[0]}/{icon['src']}")
        assert image.ok and image.headers["content-type"] == "image/png"
        assert image.body()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_other_main_pages_fit_a_phone(page: Page, live_server, log_in, busy_office):  # noqa: F811
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    assert overflow(page) <= 0, f"login scrolls sideways: {widest_elements(page)}"
    log_in_as(log_in, busy_office, "admin")
    expense = busy_office.employee.expenses.order_by("pk").first()
    pages = [
        ("expenses:detail", {"expense_id": expense.pk}),
        ("expenses:new_mileage", {}),
        ("expenses:new_per_diem", {}),
        ("companies:settings", {}),
        ("companies:reimbursement_accounting", {}),
        ("companies:members", {}),
        ("costcenters:list", {}),
    ]
    for name, kwargs in pages:
        page.goto(url(live_server, name, **kwargs))
        assert overflow(page) <= 0, f"{name} scrolls sideways at {PHONE} px: {widest_elements(page)}"
