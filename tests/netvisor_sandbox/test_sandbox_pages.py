"""The pages for a person, through Django's test client on the sandbox URLconf and through its own server."""

import re

import pytest
import requests

pytestmark = pytest.mark.urls("netvisor_sandbox.urls")
BASE = "/org/1234567-8"


@pytest.fixture
def demo(db):
    from netvisor_sandbox.models import SandboxOrganisation
    from netvisor_sandbox.seed import seed_demo

    seed_demo()
    return SandboxOrganisation.objects.get(business_id="1234567-8")


def test_home_redirects_to_the_only_company(client, demo):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == f"{BASE}/api-identifiers/"


def test_organisation_picker_with_several_companies(client, demo):
    from netvisor_sandbox.models import SandboxOrganisation

    SandboxOrganisation.objects.create(business_id="7654321-0", name="Other Oy")
    html = client.get("/").content.decode()
    assert "Demo Oy (1234567-8)" in html and "Other Oy (7654321-0)" in html
    assert client.get("/switch/?org=7654321-0")["Location"] == "/org/7654321-0/api-identifiers/"
    page = client.get("/org/7654321-0/api-identifiers/").content.decode()
    assert '<strong id="current-organisation">Other Oy</strong>' in page


def test_api_and_identifiers_page_buttons(client, demo):
    html = client.get(f"{BASE}/api-identifiers/").content.decode()
    assert "Create new identifier for connecting external software" in html
    assert "Create new API identifier" in html


def test_create_connection_identifier_shows_it_in_a_dialog(client, demo):
    html = client.post(f"{BASE}/api-identifiers/", {"action": "create_connection"}).content.decode()
    shown = re.search(
        r'<dialog open id="connection-identifier-dialog".*?id="connection-identifier">([^<]+)<', html, re.S
    )
    connection = demo.connection_identifiers.get()
    assert shown.group(1) == connection.identifier
    assert connection.state == "active"


def test_create_api_identifier_shows_the_key_once(client, demo):
    html = client.post(f"{BASE}/api-identifiers/", {"action": "create_api"}).content.decode()
    created = demo.identifiers.order_by("-pk").first()
    assert f'id="api-customer-id">{created.customer_id}<' in html
    assert f'id="api-customer-key">{created.customer_key}<' in html
    assert created.customer_key not in client.get(f"{BASE}/api-identifiers/").content.decode()


@pytest.mark.parametrize(("action", "state"), [("expire_api", "expired"), ("revoke_api", "revoked")])
def test_expire_and_revoke_api_identifier(client, demo, action, state):
    identifier = demo.identifiers.get()
    client.post(f"{BASE}/api-identifiers/", {"action": action, "pk": identifier.pk})
    identifier.refresh_from_db()
    assert identifier.state == state


@pytest.mark.parametrize(("action", "state"), [("expire_connection", "expired"), ("revoke_connection", "revoked")])
def test_expire_and_revoke_connection_identifier(client, demo, action, state):
    from netvisor_sandbox.models import SandboxConnectionIdentifier

    connection = SandboxConnectionIdentifier.objects.create(organisation=demo)
    client.post(f"{BASE}/api-identifiers/", {"action": action, "pk": connection.pk})
    connection.refresh_from_db()
    assert connection.state == state


def test_resource_rights_page(client, demo):
    grant = demo.grants.get()
    html = client.get(f"{BASE}/resource-rights/").content.decode()
    assert "API resource access rights" in html and "Bezala" in html and ">Save<" in html
    for right in ("payment", "accounting", "dimensionlist"):
        assert f'value="{right}" id="right-{grant.pk}-{right}" checked' in html
    client.post(f"{BASE}/resource-rights/", {"grant": grant.pk, "rights": ["accounting", "dimensionlist"]})
    grant.refresh_from_db()
    assert grant.rights == ["accounting", "dimensionlist"]


def test_add_integration_by_partner_search_identifier(client, demo):
    from netvisor_sandbox.models import SandboxOrganisation

    other = SandboxOrganisation.objects.create(business_id="7654321-0", name="Other Oy")
    client.post("/org/7654321-0/resource-rights/", {"action": "add_integration", "partner_search": "bezala"})
    assert other.grants.get().partner.name == "Bezala"
    assert other.grants.get().rights == []


def test_dimension_editor(client, demo):
    from netvisor_sandbox import dimtree

    dimension = demo.dimensions.get(name="Kustannuspaikka")
    sales = dimension.items.get(name="Myynti")
    url = f"{BASE}/dimensions/"
    client.post(url, {"action": "add_item", "dimension": dimension.pk, "name": "Myynti Turku", "parent": sales.pk})
    turku = dimension.items.get(name="Myynti Turku")
    assert turku.parent == sales
    client.post(url, {"action": "rename", "item": turku.pk, "name": "Myynti Åbo"})
    client.post(url, {"action": "toggle_hidden", "item": turku.pk})
    turku.refresh_from_db()
    assert (turku.name, turku.is_hidden) == ("Myynti Åbo", True)
    admin = dimension.items.get(name="Hallinto")
    client.post(url, {"action": "move", "item": turku.pk, "parent": admin.pk})
    client.post(url, {"action": "move", "item": admin.pk, "parent": turku.pk})  # a cycle: refused
    turku.refresh_from_db()
    admin.refresh_from_db()
    assert (turku.parent, admin.parent) == (admin, None)
    client.post(url, {"action": "delete", "item": sales.pk})
    rows = {row.node.name: row for row in dimtree.tree(dimension)}
    assert "Myynti" not in rows and rows["Myynti Helsinki"].level == 1
    html = client.get(url).content.decode()
    assert "Myynti Åbo" in html and ">Add item<" in html


def test_ledger_page_and_attachment_download(client, demo):
    from netvisor_sandbox.models import SandboxAttachment, SandboxVoucher, SandboxVoucherLine

    voucher = SandboxVoucher.objects.create(
        organisation=demo,
        voucher_type=demo.voucher_types.get(abbreviation="MU"),
        number=1,
        voucher_date="2025-03-14",
        description="Kulut [BZ-1]",
    )
    SandboxVoucherLine.objects.create(voucher=voucher, line_sum="12.50", account_number="7000")
    attachment = SandboxAttachment.objects.create(
        voucher=voucher, mime_type="image/png", filename="kuitti.png", data=b"\x89PNG"
    )
    html = client.get(f"{BASE}/ledger/").content.decode()
    assert "Kulut [BZ-1]" in html and "12.50" in html and "kuitti.png" in html
    download = client.get(f"{BASE}/attachments/{attachment.pk}/")
    assert download.content == b"\x89PNG"
    assert download["Content-Disposition"] == 'attachment; filename="kuitti.png"'


def test_payments_page_marks_ok_and_error(client, demo):
    from netvisor_sandbox.models import SandboxPayment

    common = {
        "organisation": demo, "message_type": "FreeText", "message": "m", "recipient_name": "Matti",
        "source_iban": "FI4950009420028730", "bank_name": "Nordea", "destination_iban": "FI2112345600000785",
        "due_date": "2025-03-20", "amount": "10.00",
    }  # fmt: skip
    first, second = SandboxPayment.objects.create(**common), SandboxPayment.objects.create(**common)
    html = client.get(f"{BASE}/payments/").content.decode()
    assert ">Mark OK<" in html and ">Mark error<" in html
    client.post(f"{BASE}/payments/", {"pk": first.pk, "action": "ok"})
    client.post(f"{BASE}/payments/", {"pk": second.pk, "action": "error", "description": "Tili suljettu"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.status_description) == (2, 3, "Tili suljettu")


def test_faults_page(client, demo):
    client.post(f"{BASE}/faults/", {"action": "set", "kind": "latency", "seconds": "1.5"})
    assert demo.faults.get().seconds == 1.5
    assert "Added latency" in client.get(f"{BASE}/faults/").content.decode()
    client.post(f"{BASE}/faults/", {"action": "clear", "kind": "latency"})
    assert not demo.faults.exists()


def test_company_page_sets_the_lock_date(client, demo):
    client.post(f"{BASE}/company/", {"name": "Demo Oy", "accounting_lock_date": "2025-01-31"})
    demo.refresh_from_db()
    assert str(demo.accounting_lock_date) == "2025-01-31"


def test_unknown_company_is_404(client, demo):
    assert client.get("/org/0000000-0/ledger/").status_code == 404


def test_pages_through_the_sandbox_server_with_csrf(sandbox):
    session = requests.Session()
    base = sandbox["base_url"]
    page = session.get(f"{base}/org/1234567-8/api-identifiers/", timeout=10)
    assert "Create new API identifier" in page.text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    created = session.post(
        f"{base}/org/1234567-8/api-identifiers/",
        data={"csrfmiddlewaretoken": token, "action": "create_connection"},
        headers={"Referer": f"{base}/org/1234567-8/api-identifiers/"},
        timeout=10,
    )
    assert re.search(r'id="connection-identifier">([^<]+)<', created.text)
    forged = requests.post(f"{base}/org/1234567-8/api-identifiers/", data={"action": "create_api"}, timeout=10)
    assert forged.status_code == 403
    css = session.get(f"{base}/static/css/app.css", timeout=10)
    assert css.status_code == 200 and ".topbar" in css.text
