"""The Netvisor Store "Activate" page sends a correctly signed activation to the service (spec 13.8)."""

import hashlib
import hmac
import json
import time

import pytest
import responses
from nvsandbox_client import Caller, assert_ok

NOTIFY_URL = "http://service.test/netvisor/store/activate/"
SECRET = "store-secret-for-tests"
FORM = {
    "company_name": "Uusi Yritys Oy",
    "business_id": "7654321-0",
    "admin_email": "admin@uusi.example",
    "admin_name": "Anna Admin",
    "language": "fi",
    "notify_url": NOTIFY_URL,
}


@pytest.fixture
def store_ready(db, settings):
    from netvisor_sandbox.seed import seed_demo

    settings.NETVISOR_STORE_SECRET = SECRET
    settings.NETVISOR_SANDBOX_STORE_NOTIFY_URL = NOTIFY_URL
    return seed_demo()


@pytest.mark.urls("netvisor_sandbox.urls")
def test_activate_sends_a_signed_post_and_links_to_the_answer(client, store_ready):
    from netvisor_sandbox.models import SandboxConnectionIdentifier, SandboxOrganisation

    with responses.RequestsMock() as mock:
        mock.add(responses.POST, NOTIFY_URL, json={"redirect_url": "http://service.test/welcome/abc"}, status=201)
        page = client.post("/store/", FORM)
        request = mock.calls[0].request
    body = request.body
    timestamp = request.headers["X-Netvisor-Store-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 10
    expected = hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    assert request.headers["X-Netvisor-Store-Signature"] == expected
    assert request.headers["Content-Type"] == "application/json"
    document = json.loads(body)
    assert set(document) == {
        "activation_id", "organisation_identifier", "company_name", "admin_email", "admin_name", "language",
        "connection_identifier",
    }  # fmt: skip
    assert document["organisation_identifier"] == "7654321-0"
    assert (document["company_name"], document["admin_email"], document["language"]) == (
        "Uusi Yritys Oy",
        "admin@uusi.example",
        "fi",
    )
    organisation = SandboxOrganisation.objects.get(business_id="7654321-0")
    connection = SandboxConnectionIdentifier.objects.get(identifier=document["connection_identifier"])
    assert connection.organisation == organisation and connection.state == "active"
    assert organisation.voucher_types.count() == 12 and organisation.accounts.exists()
    html = page.content.decode()
    assert 'href="http://service.test/welcome/abc"' in html and ">201<" in html


@pytest.mark.urls("netvisor_sandbox.urls")
def test_store_page_defaults_the_service_url_from_settings(client, store_ready):
    assert NOTIFY_URL in client.get("/store/").content.decode()


@pytest.mark.urls("netvisor_sandbox.urls")
def test_a_javascript_redirect_is_never_linked(client, store_ready):
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, NOTIFY_URL, json={"redirect_url": "javascript:alert(1)"})
        html = client.post("/store/", FORM).content.decode()
    assert 'id="activation-continue"' not in html


@pytest.mark.urls("netvisor_sandbox.urls")
def test_unreachable_service_is_shown(client, store_ready):
    with responses.RequestsMock():
        html = client.post("/store/", {**FORM, "notify_url": "http://nowhere.test/"}).content.decode()
    assert 'id="activation-error"' in html


@pytest.mark.urls("netvisor_sandbox.urls")
def test_missing_secret_is_refused(client, store_ready, settings):
    settings.NETVISOR_STORE_SECRET = ""
    html = client.post("/store/", FORM).content.decode()
    assert "NETVISOR_STORE_SECRET" in html


@pytest.mark.urls("netvisor_sandbox.urls")
def test_form_validation(client, store_ready):
    html = client.post("/store/", {**FORM, "business_id": "123", "admin_email": "nope"}).content.decode()
    assert "Business ID must look like 1234567-8." in html and "Administrator e-mail is not valid." in html


def test_store_connection_identifier_exchanges_for_working_keys(nv, sandbox, settings):
    from netvisor_sandbox import store

    settings.NETVISOR_STORE_SECRET = SECRET
    with responses.RequestsMock() as mock:
        mock.add_passthru(sandbox["base_url"])
        mock.add(responses.POST, NOTIFY_URL, json={})
        activation = store.activate(store.Activation(**FORM))
    identifier = json.loads(activation.request_body)["connection_identifier"]
    body = f"<root><connectionidentifier>{identifier}</connectionidentifier></root>"
    answer = assert_ok(
        nv.post("/connectionidentifier.nv", body, customer_id=identifier, customer_key="", organisation_id="")
    ).find("Connection")
    assert answer.findtext("OrganisationIdentifier") == "7654321-0"
    new_company = Caller(
        {
            **sandbox,
            "customer_id": answer.findtext("CustomerId"),
            "customer_key": answer.findtext("CustomerKey"),
            "organisation_id": "7654321-0",
        }
    )
    assert_ok(new_company.get("/vouchertypelist.nv"))
    assert_ok(new_company.get("/dimensionlist.nv"))
    assert_ok(new_company.get("/unprocessedoutgoingpayments.nv?idlist=1"))
