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


def _voucher(demo, **fields):
    from netvisor_sandbox.models import SandboxVoucher

    values = {"number": 1, "voucher_date": "2025-03-14", "description": "Kulut [BZ-1]"}
    return SandboxVoucher.objects.create(
        organisation=demo, voucher_type=demo.voucher_types.get(abbreviation="MU"), **{**values, **fields}
    )


def test_ledger_page_and_attachment_download(client, demo):
    from netvisor_sandbox.models import SandboxAttachment, SandboxVoucherLine

    voucher = _voucher(demo)
    SandboxVoucherLine.objects.create(voucher=voucher, line_sum="12.50", account_number="7000")
    attachment = SandboxAttachment.objects.create(
        voucher=voucher, mime_type="image/png", filename="kuitti.png", data=b"\x89PNG"
    )
    html = client.get(f"{BASE}/ledger/").content.decode()
    assert "Kulut [BZ-1]" in html and "12.50" in html and "kuitti.png" in html
    download = client.get(f"{BASE}/attachments/{attachment.pk}/")
    assert download.content == b"\x89PNG"
    assert download["Content-Disposition"] == 'attachment; filename="kuitti.png"'


def test_ledger_page_shows_line_vat_and_dimensions(client, demo):
    from netvisor_sandbox.models import SandboxVoucherLine

    SandboxVoucherLine.objects.create(
        voucher=_voucher(demo), line_sum="100.00", account_number="7000", vat_percent="25.5", vat_code="KOOS",
        dimensions=[["Kustannuspaikka", "Myynti Helsinki"]],
    )  # fmt: skip
    html = client.get(f"{BASE}/ledger/").content.decode()
    assert "KOOS 25.50 %" in html and "Kustannuspaikka: Myynti Helsinki" in html


def test_ledger_page_shows_attachment_size_and_link(client, demo):
    from netvisor_sandbox.models import SandboxAttachment

    attachment = SandboxAttachment.objects.create(
        voucher=_voucher(demo), mime_type="application/pdf", filename="kuitti.pdf", data=b"x" * 2048
    )
    html = client.get(f"{BASE}/ledger/").content.decode()
    assert 'title="2048 bytes">2.0\xa0KB<' in html
    assert f'href="{BASE}/attachments/{attachment.pk}/"' in html


def _payment(demo, **fields):
    from netvisor_sandbox.models import SandboxPayment

    values = {
        "organisation": demo, "message_type": "FreeText", "message": "BZ-P-7 Kulukorvaus", "recipient_name": "Matti",
        "source_iban": "FI4950009420028730", "bank_name": "Nordea", "destination_iban": "FI2112345600000785",
        "due_date": "2025-03-20", "amount": "10.00",
    }  # fmt: skip
    return SandboxPayment.objects.create(**{**values, **fields})


def test_payments_page_shows_what_a_person_checks(client, demo):
    _payment(demo, message="BZ-P-7 Kulukorvaus", recipient_name="Matti Meikäläinen", amount="125.50")
    html = client.get(f"{BASE}/payments/").content.decode()
    for shown in ("BZ-P-7 Kulukorvaus", "Matti Meikäläinen", "FI2112345600000785", "20.3.2025", "125.50 EUR"):
        assert shown in html
    assert "1 Unprocessed" in html and ">Mark paid<" in html and ">Mark failed<" in html


def test_payments_page_finds_a_payment_by_its_message(client, demo):
    _payment(demo, message="BZ-P-7 Kulukorvaus")
    _payment(demo, message="BZ-P-8 Kulukorvaus")
    html = client.get(f"{BASE}/payments/", {"q": "bz-p-8"}).content.decode()
    assert "BZ-P-8" in html and "BZ-P-7" not in html


def test_payments_page_marks_paid(client, demo):
    payment = _payment(demo)
    client.post(f"{BASE}/payments/", {"pk": payment.pk, "action": "ok"})
    payment.refresh_from_db()
    assert payment.status == 2


def test_payments_page_marks_failed_with_a_reason(client, demo):
    payment = _payment(demo)
    client.post(f"{BASE}/payments/", {"pk": payment.pk, "action": "error", "description": "Tili suljettu"})
    payment.refresh_from_db()
    assert (payment.status, payment.status_description) == (3, "Tili suljettu")
    assert "3 Error" in client.get(f"{BASE}/payments/").content.decode()


def test_payments_page_ignores_an_unknown_action(client, demo):
    payment = _payment(demo)
    client.post(f"{BASE}/payments/", {"pk": payment.pk})
    payment.refresh_from_db()
    assert payment.status == 1


def test_faults_page(client, demo):
    client.post(f"{BASE}/faults/", {"action": "set", "kind": "latency", "seconds": "1.5"})
    assert demo.faults.get().seconds == 1.5
    assert "Added latency" in client.get(f"{BASE}/faults/").content.decode()
    client.post(f"{BASE}/faults/", {"action": "clear", "kind": "latency"})
    assert not demo.faults.exists()


@pytest.mark.parametrize("share", ["0.1", "0,1", "10 %"])
def test_faults_page_sets_share_resource_and_seed(client, demo, share):
    form = {"action": "set", "kind": "drop", "share": share, "resource": "accounting.nv", "seed": "run-1"}
    client.post(f"{BASE}/faults/", form)
    fault = demo.faults.get()
    assert (fault.share, fault.resource, fault.seed) == (pytest.approx(0.1), "accounting.nv", "run-1")


def test_faults_page_refuses_a_share_above_one(client, demo):
    response = client.post(f"{BASE}/faults/", {"action": "set", "kind": "drop", "share": "2"}, follow=True)
    assert not demo.faults.exists()
    assert "share must be between 0 and 1" in response.content.decode()


def test_calls_page_lists_calls_and_the_concurrency(client, demo):
    from django.utils import timezone

    from netvisor_sandbox.models import SandboxCall

    now = timezone.now()
    SandboxCall.objects.create(
        organisation=demo, resource="accounting.nv", method="POST", started_at=now, finished_at=now,
        outcome="dropped", in_flight_at_start=1, voucher_description="Taksi [BZ-12]",
    )  # fmt: skip
    html = client.get(f"{BASE}/calls/").content.decode()
    assert "POST accounting.nv" in html and "Taksi [BZ-12]" in html and ">dropped<" in html
    assert 'id="max-concurrency">2<' in html


def test_calls_page_clears_the_log(client, demo):
    from django.utils import timezone

    from netvisor_sandbox.models import SandboxCall

    now = timezone.now()
    SandboxCall.objects.create(
        organisation=demo, resource="dimensionlist.nv", method="GET", started_at=now, finished_at=now, outcome="ok"
    )
    client.post(f"{BASE}/calls/")
    assert not SandboxCall.objects.exists()


def test_company_page_sets_the_lock_date(client, demo):
    client.post(f"{BASE}/company/", {"name": "Demo Oy", "accounting_lock_date": "2025-01-31"})
    demo.refresh_from_db()
    assert str(demo.accounting_lock_date) == "2025-01-31"


def test_unknown_company_is_404(client, demo):
    assert client.get("/org/0000000-0/ledger/").status_code == 404


@pytest.mark.django_db(transaction=True)  # the server itself, with cookies and CSRF: the sandbox over HTTP
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
