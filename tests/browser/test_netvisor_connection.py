"""The help page's steps, walked in a real browser: the sandbox's Netvisor pages and ours side by side."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from companies.models import Company, ConnectionJob, NetvisorConnection
from companies.roles import Role
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(sandbox):
    # The company's own Netvisor company: connecting asks no confirmation (spec 13.16).
    company = CompanyFactory(name="Selain Oy", business_id=sandbox.organisation_id)
    return MembershipFactory(company=company, role=Role.ADMIN).user


def open_netvisor_authentication(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("link", name="Company Settings").click()
    page.get_by_role("link", name="Basic settings").click()
    page.get_by_role("link", name="Reimbursement & Accounting").click()
    expect(page.get_by_role("heading", name="Netvisor Authentication")).to_be_visible()


def in_netvisor(page, sandbox, menu: str):
    page.goto(sandbox.base_url)  # the sandbox opens its only company, Demo Oy
    page.get_by_role("link", name=menu, exact=True).click()


def create_connection_identifier(page, sandbox) -> str:
    in_netvisor(page, sandbox, "API and identifiers")
    page.get_by_role("button", name="Create new identifier for connecting external software").click()
    return page.locator("#connection-identifier").inner_text().strip()


def create_api_identifier(page, sandbox) -> tuple[str, str]:
    in_netvisor(page, sandbox, "API and identifiers")
    page.get_by_role("button", name="Create new API identifier").click()
    return page.locator("#api-customer-id").inner_text().strip(), page.locator("#api-customer-key").inner_text().strip()


def set_right(page, sandbox, right: str, allowed: bool):
    in_netvisor(page, sandbox, "API resource access rights")
    box = page.locator("#integration-bezala").get_by_label(right, exact=True)
    box.set_checked(allowed)
    page.locator("#integration-bezala").get_by_role("button", name="Save").click()


def connect(page, live_server, identifier: str):
    open_netvisor_authentication(page, live_server)
    page.get_by_label("Connection identifier").fill(identifier)
    page.get_by_role("button", name="Save").click()


def test_connect_with_identifier_rights_and_voucher_type(page, live_server, sandbox, admin, log_in):
    log_in(admin.email, PASSWORD)
    set_right(page, sandbox, "payment", allowed=False)
    identifier = create_connection_identifier(page, sandbox)
    connect(page, live_server, identifier)
    expect(page.locator("#netvisor-state")).to_have_text("Connected")
    expect(page.locator("#right-accounting")).to_contain_text("granted")
    expect(page.locator("#right-payment")).to_contain_text("missing")
    expect(page.locator("#right-payment")).to_contain_text("API resource access rights")

    set_right(page, sandbox, "payment", allowed=True)
    open_netvisor_authentication(page, live_server)
    page.get_by_role("button", name="Check connection").click()
    expect(page.locator("#right-payment")).to_contain_text("granted")

    page.get_by_text("Change credentials").click()
    expect(page.get_by_label("Voucher type")).to_have_value("Muut")
    page.get_by_label("Voucher type").select_option("Palkat")
    page.get_by_role("button", name="Update").click()
    expect(page.locator("#netvisor-voucher-type")).to_have_text("Palkat")

    # A right taken away later is met at first use (a fetch) and shown in the same place.
    set_right(page, sandbox, "dimensionlist", allowed=False)
    page.goto(live_server.url)
    fetch_cost_centers(page)
    expect(page.locator("#fetch-status")).to_contain_text("dimensionlist", timeout=15_000)
    open_netvisor_authentication(page, live_server)
    expect(page.locator("#right-dimensionlist")).to_contain_text("missing")
    expect(page.locator("#right-dimensionlist")).to_contain_text("API resource access rights")


def add_voucher_type_in_netvisor(page, sandbox, abbreviation: str, name: str):
    in_netvisor(page, sandbox, "Voucher types")
    page.get_by_label("Abbreviation").fill(abbreviation)
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_role("button", name="Add voucher type").click()
    expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("own")


def delete_voucher_type_in_netvisor(page, sandbox, name: str):
    in_netvisor(page, sandbox, "Voucher types")
    page.get_by_role("row").filter(has_text=name).get_by_role("button", name="Delete").click()
    expect(page.locator(".messages")).to_contain_text(f"{name} was deleted")


def choose_voucher_type(page, name: str):
    page.get_by_text("Change credentials", exact=True).click()
    page.get_by_label("Voucher type").select_option(name)
    page.get_by_role("button", name="Update").click()
    expect(page.locator("#netvisor-voucher-type")).to_have_text(name)


def test_voucher_type_deleted_in_netvisor_is_reported_in_the_box(page, live_server, sandbox, admin, log_in):
    gone = "Netvisor has no voucher type “Kulukorvaukset” any more. Choose another under Change credentials."
    log_in(admin.email, PASSWORD)
    connect(page, live_server, create_connection_identifier(page, sandbox))
    add_voucher_type_in_netvisor(page, sandbox, "KK", "Kulukorvaukset")
    open_netvisor_authentication(page, live_server)
    page.get_by_role("button", name="Check connection").click()  # reads Netvisor's list again
    choose_voucher_type(page, "Kulukorvaukset")

    delete_voucher_type_in_netvisor(page, sandbox, "Kulukorvaukset")
    open_netvisor_authentication(page, live_server)
    page.get_by_role("button", name="Check connection").click()
    expect(page.locator("#netvisor-authentication")).to_contain_text(gone)
    expect(page.locator("#netvisor-state")).to_have_text("Connected")
    page.get_by_text("Change credentials", exact=True).click()
    expect(page.get_by_label("Voucher type").locator("option", has_text="Kulukorvaukset")).to_have_count(0)
    expect(page.get_by_label("Voucher type").locator("option", has_text="Muut")).to_have_count(1)
    page.get_by_text("Change credentials", exact=True).click()  # closes it again; choose_voucher_type opens it
    choose_voucher_type(page, "Muut")
    expect(page.locator("#netvisor-authentication")).not_to_contain_text("no voucher type")
    expect(page.locator("#netvisor-state")).to_have_text("Connected")


def test_used_identifier_gives_a_message_in_the_box(page, live_server, sandbox, admin, log_in):
    log_in(admin.email, PASSWORD)
    identifier = create_connection_identifier(page, sandbox)
    connect(page, live_server, identifier)
    connect(page, live_server, identifier)
    expect(page.locator("#netvisor-authentication")).to_contain_text(
        "Netvisor did not accept the connection identifier"
    )
    expect(page.locator("#netvisor-state")).to_have_text("Connected")


def fetch_cost_centers(page):
    page.get_by_role("link", name="Cost centers").click()
    page.get_by_role("button", name="Fetch data").click()


def test_expired_credentials_pause_fetches_until_change_credentials(page, live_server, sandbox, admin, log_in):
    log_in(admin.email, PASSWORD)
    connect(page, live_server, create_connection_identifier(page, sandbox))
    connection = NetvisorConnection.objects.get(company__name="Selain Oy")

    # In Netvisor the identifier stops working; the service notices at its next call (a fetch).
    in_netvisor(page, sandbox, "API and identifiers")
    row = page.get_by_role("row").filter(has_text=connection.customer_id)
    row.get_by_role("button", name="Revoke").click()
    page.goto(live_server.url)
    fetch_cost_centers(page)
    expect(page.locator("#fetch-status")).to_contain_text("continues by itself", timeout=15_000)
    expect(page.locator(".banner")).to_contain_text("Netvisor no longer accepts")
    page.get_by_role("link", name="Expenses", exact=True).first.click()
    expect(page.locator(".banner")).to_contain_text("Netvisor no longer accepts")  # on every page
    fetch_cost_centers(page)  # pressing again while paused neither fails nor sends a second e-mail
    assert len(mail.outbox) == 1 and "Change credentials" in mail.outbox[0].body

    user_id, key = create_api_identifier(page, sandbox)
    open_netvisor_authentication(page, live_server)
    expect(page.locator("#netvisor-state")).to_have_text("Credentials expired")
    page.get_by_text("Change credentials", exact=True).click()  # as the help page says
    page.get_by_label("Netvisor User Id").fill(user_id)
    page.get_by_label("Netvisor User Secret").fill("not the key")
    page.get_by_role("button", name="Update").click()
    expect(page.locator("#netvisor-authentication")).to_contain_text("Netvisor refused the credentials")
    expect(page.locator("#netvisor-state")).to_have_text("Credentials expired")
    page.get_by_label("Netvisor User Id").fill(user_id)
    page.get_by_label("Netvisor User Secret").fill(key)
    page.get_by_role("button", name="Update").click()
    expect(page.locator("#netvisor-state")).to_have_text("Connected")
    expect(page.locator(".banner")).to_have_count(0)
    expect(page.get_by_label("Netvisor User Secret")).to_have_value("")  # write-only

    # The paused fetch went on by itself: nothing to press.
    page.get_by_role("link", name="Cost centers").click()
    expect(page.locator("#fetch-status")).to_have_text("Added 6, updated 0, deactivated 0, unchanged 0.")
    assert len(mail.outbox) == 1


def test_store_activation_to_a_logged_in_admin_in_a_new_company(page, live_server, sandbox, settings):
    settings.NETVISOR_SANDBOX_STORE_NOTIFY_URL = f"{live_server.url}/netvisor/store/activate/"
    page.goto(f"{sandbox.base_url}/store/")
    page.get_by_label("Company name").fill("Kauppa Oy")
    page.get_by_label("Business ID").fill("7654321-0")
    page.get_by_label("Administrator e-mail").fill("owner@kauppa.example")
    page.get_by_label("Administrator name").fill("Olli Omistaja")
    page.get_by_label("Service URL to notify").fill(f"{live_server.url}/netvisor/store/activate/")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator("body")).to_contain_text("Company account created")

    link = next(line for line in mail.outbox[-1].body.splitlines() if "/accounts/invitations/" in line)
    page.goto(live_server.url + link[link.index("/accounts/") :].strip())
    page.get_by_label("First name").fill("Olli")
    page.get_by_label("Last name").fill("Omistaja")
    page.get_by_label("Password").fill("a long store password 1")
    page.get_by_role("button", name="Accept invitation").click()
    expect(page.get_by_role("heading", name="Kauppa Oy")).to_be_visible()
    open_netvisor_authentication(page, live_server)
    expect(page.locator("#netvisor-state")).to_have_text("Connected")


def test_store_activation_by_someone_with_an_account_tells_them_to_use_an_identifier(page, live_server, sandbox, admin):
    page.goto(f"{sandbox.base_url}/store/")
    page.get_by_label("Company name").fill("Toinen Oy")
    page.get_by_label("Business ID").fill("7654321-9")
    page.get_by_label("Administrator e-mail").fill(admin.email)
    page.get_by_label("Administrator name").fill("Jo Olemassa")
    page.get_by_label("Service URL to notify").fill(f"{live_server.url}/netvisor/store/activate/")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator("#activation-status")).to_have_text("409")
    expect(page.locator("#activation-response")).to_contain_text("already has an account")
    expect(page.locator("#activation-response")).to_contain_text(
        "Basic settings → Reimbursement & Accounting → Netvisor Authentication"
    )
    assert not Company.objects.filter(name="Toinen Oy").exists()


def test_another_business_id_asks_before_connecting_and_shows_both_companies(page, live_server, sandbox, log_in):
    company = CompanyFactory(name="Väärä Oy", business_id="7654321-0")
    admin = MembershipFactory(company=company, role=Role.ADMIN).user
    log_in(admin.email, PASSWORD)
    connect(page, live_server, create_connection_identifier(page, sandbox))
    confirm = page.locator("#netvisor-confirm")
    expect(confirm).to_contain_text("Is this the right Netvisor company?")
    expect(confirm.locator("#confirm-own")).to_contain_text("Väärä Oy")
    expect(confirm.locator("#confirm-own")).to_contain_text("7654321-0")
    expect(confirm.locator("#confirm-netvisor")).to_contain_text("Demo Oy")
    expect(confirm.locator("#confirm-netvisor")).to_contain_text(sandbox.organisation_id)
    expect(page.locator("#netvisor-state")).to_have_text("Not connected")
    expect(page.get_by_role("button", name="Save")).to_be_disabled()  # one connection job at a time

    page.get_by_role("button", name="Discard").click()
    expect(page.locator("#netvisor-job-status")).to_contain_text("Nothing was saved")
    connect(page, live_server, create_connection_identifier(page, sandbox))
    page.get_by_role("button", name="Connect anyway").click()
    expect(page.locator("#netvisor-state")).to_have_text("Connected")
    expect(page.locator("#netvisor-job-status")).to_have_text("Connected to Netvisor.")


def test_check_connection_shows_progress_while_netvisor_is_slow(
    page, live_server, sandbox, admin, log_in, publish_for_real
):
    """The press returns at once; the page polls the job, and shows the result when a worker has run it."""
    from companies.tasks import run_connection_job
    from tests.companies.netvisor_helpers import set_fault

    sandbox.connect(Company.objects.get(name="Selain Oy"))
    log_in(admin.email, PASSWORD)
    publish_for_real("memory://")  # queued only: the test plays the worker below
    set_fault(sandbox, "latency", seconds=60)
    open_netvisor_authentication(page, live_server)
    page.get_by_role("button", name="Check connection").click()
    expect(page.locator("#netvisor-job-status")).to_have_text("Checking the connection…")
    expect(page.get_by_role("button", name="Check connection")).to_be_disabled()

    from netvisor_sandbox import faults
    from tests.companies.netvisor_helpers import organisation

    faults.clear(organisation(sandbox))
    run_connection_job(ConnectionJob.objects.get(company__name="Selain Oy").pk)
    expect(page.locator("#netvisor-job-status")).to_have_text("The connection to Netvisor works.", timeout=10_000)
    expect(page.get_by_role("button", name="Check connection")).to_be_enabled()
