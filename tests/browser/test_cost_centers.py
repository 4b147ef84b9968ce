"""Cost centers as an admin sees them: Fetch data against the sandbox, progress, then the summary."""

import pytest
from playwright.sync_api import expect

from companies.roles import Role
from netvisor_sandbox import dimtree, faults
from tests.companies.netvisor_helpers import organisation
from tests.costcenters.cc_helpers import demo_dimension, demo_item
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fetch_data_shows_progress_then_exactly_the_upstream_changes(page, live_server, log_in, sandbox):
    company = CompanyFactory(name="Kustannus Oy")
    sandbox.connect(company)
    admin = MembershipFactory(company=company, role=Role.ADMIN).user
    # A little latency so the progress text is there long enough to be seen.
    faults.set_fault(organisation(sandbox), "latency", seconds=1.5)
    log_in(admin.email, PASSWORD)
    page.get_by_role("link", name="Cost centers").click()
    expect(page.get_by_role("heading", name="Cost centers")).to_be_visible()
    status = page.locator("#fetch-status")

    page.get_by_role("button", name="Fetch data").click()
    expect(status).to_have_text("Fetching data from Netvisor…")
    expect(status).to_have_text("Added 6, updated 0, deactivated 0, unchanged 0.", timeout=15_000)
    expect(page.get_by_role("cell", name="Myynti Helsinki")).to_be_visible()
    expect(page.get_by_role("cell", name="Vanha osasto")).to_have_count(0)  # hidden upstream: inactive

    dimension = demo_dimension(sandbox)
    dimtree.add_item(dimension, "Markkinointi")
    hallinto = demo_item(sandbox, "Hallinto")
    hallinto.name = "Hallinto ja talous"
    hallinto.save()
    dimension.items.filter(name="Tuotanto").update(is_hidden=True)
    demo_item(sandbox, "Myynti Tampere").delete()
    dimtree.move(demo_item(sandbox, "Myynti Helsinki"), hallinto)

    page.get_by_role("button", name="Fetch data").click()
    expect(status).to_have_text("Fetching data from Netvisor…")
    expect(status).to_have_text("Added 1, updated 2, deactivated 2, unchanged 2.", timeout=15_000)
    for name in ("Markkinointi", "Hallinto ja talous", "Myynti Helsinki", "Myynti"):
        expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()
    for name in ("Tuotanto", "Myynti Tampere", "Hallinto"):
        expect(page.get_by_role("cell", name=name, exact=True)).to_have_count(0)
    expect(page.locator("td.level-2", has_text="Myynti Helsinki")).to_be_visible()  # moved under Hallinto
    names = [text.strip() for text in page.locator("td.cc-name").all_inner_texts()]
    assert names.index("Myynti Helsinki") == names.index("Hallinto ja talous") + 1  # listed under its new parent

    page.get_by_label("Show inactive").check()
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("row", name="Tuotanto")).to_contain_text("no")
