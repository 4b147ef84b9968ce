"""The verification pipeline (spec 2.8 / 13): every request signed by hand from the spec's formula."""

from datetime import UTC, datetime, timedelta

import pytest
import requests
from nvsandbox_client import (
    HMACSHA256,
    Caller,
    assert_ok,
    error_code,
    error_text,
    inserted_id,
    mac,
    statuses,
    voucher_xml,
)

from netvisor_sandbox import auth

VECTOR = {
    "sender": "Testiclient",
    "customer_id": "Integraatiokayttajan tunnus",
    "timestamp": "2009-01-12 15:49:12.221",
    "language": "FI",
    "organisation_id": "1967543-8",
    "transaction_id": "123456",
    "timestamp_unix": "1231775352",
    "customer_key": "7cd680e89e880553358bc07cd28b0ee2",
    "partner_key": "07f94228d149a96b2f25e3edad55096e",
}


@pytest.mark.parametrize(
    ("url", "algorithm", "sender", "expected"),
    [
        ("http://integrationdemo.netvisor.fi/accounting.nv", "MD5", None, "6b2783906969630c1b6649bf5b0e6620"),
        (
            "http://integrationdemo.netvisor.fi/accounting.nv",
            "SHA256",
            None,
            "cd39e4566936ffd41e67cc8a819bf314a5f1016ca0159854d0f2dd447a86db8e",
        ),
        (
            "https://isvapi.netvisor.fi/accounting.nv",
            HMACSHA256,
            None,
            "315723c9a21a871bb6b053f074205feb9ee84d51dc754c171fb3a36e8438243d",
        ),
        (
            "https://isvapi.netvisor.fi/dimensionlist.nv?showhidden=1",
            HMACSHA256,
            "Bezala testi Ää",
            "3fe7bbdb20b2607d3415a47eabec079e71883ed378b9dd6f38a672fee161ab0d",
        ),
    ],
)
def test_spec_test_vectors(url, algorithm, sender, expected):
    values = {**VECTOR, "sender": sender or VECTOR["sender"]}
    assert mac(url, *values.values(), algorithm=algorithm) == expected
    # The sandbox's own computation agrees with the spec's vectors too.
    keys = ["sender", "customer_id", "timestamp", "language", "organisation_id", "transaction_id", "timestamp_unix"]
    if algorithm != HMACSHA256:
        keys.remove("timestamp_unix")
    fields = [url.encode("iso-8859-15")] + [values[key].encode("iso-8859-15") for key in keys]
    assert auth.compute_mac(fields, algorithm, values["customer_key"], values["partner_key"]) == expected


def test_correctly_signed_request_is_accepted(nv):
    assert_ok(nv.get("/vouchertypelist.nv"))


def test_upper_case_mac_is_accepted(nv, sandbox):
    url = sandbox["base_url"] + "/vouchertypelist.nv"
    headers = nv.headers(url)
    headers["X-Netvisor-Authentication-MAC"] = headers["X-Netvisor-Authentication-MAC"].upper()
    assert_ok(requests.get(url, headers=headers, timeout=10))


def test_header_names_are_case_insensitive(nv, sandbox):
    url = sandbox["base_url"] + "/vouchertypelist.nv"
    headers = {name.lower(): value for name, value in nv.headers(url).items()}
    headers["X-Netvisor-Organisation-Id"] = headers.pop("x-netvisor-organisation-id")
    assert_ok(requests.get(url, headers=headers, timeout=10))


def _flip(text: str) -> str:
    return text[:-1] + ("0" if text[-1] != "0" else "1")


def test_one_character_changed_in_mac_is_refused(nv, sandbox):
    url = sandbox["base_url"] + "/vouchertypelist.nv"
    headers = nv.headers(url)
    headers["X-Netvisor-Authentication-MAC"] = _flip(headers["X-Netvisor-Authentication-MAC"])
    response = requests.get(url, headers=headers, timeout=10)
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "YOUR_PRIVATE_KEY_HERE" in error_text(response)
    assert sandbox["customer_key"] not in response.text and sandbox["partner_key"] not in response.text


def test_signed_for_another_url_is_refused(nv, sandbox):
    signed_for = sandbox["base_url"] + "/accountingledger.nv?netvisorkey=1"
    response = nv.get("/accountingledger.nv?netvisorkey=2", sign_url=signed_for)
    assert error_code(response) == "AUTHENTICATION_FAILED"


@pytest.mark.parametrize(
    "header",
    ["X-Netvisor-Authentication-Sender", "X-Netvisor-Authentication-Timestamp", "X-Netvisor-Interface-Language"],
)
def test_changed_signed_header_is_refused(nv, sandbox, header):
    url = sandbox["base_url"] + "/vouchertypelist.nv"
    headers = nv.headers(url)
    headers[header] = "EN" if header == "X-Netvisor-Interface-Language" else _flip(headers[header])
    response = requests.get(url, headers=headers, timeout=10)
    assert error_code(response) == "AUTHENTICATION_FAILED"


def test_query_is_signed_as_sent_on_the_wire(nv):
    # Raw commas and %2C are both fine as long as the client signs what it sends.
    assert_ok(nv.get("/accountingledger.nv?netvisorkeylist=1,2"))
    assert_ok(nv.get("/accountingledger.nv?netvisorkeylist=1%2C2"))


def test_configured_public_base_url_is_accepted_too(nv, settings):
    settings.NETVISOR_SANDBOX_PUBLIC_BASE_URL = "https://isvapi.example.test/"
    signed_for = "https://isvapi.example.test/vouchertypelist.nv"
    assert_ok(nv.get("/vouchertypelist.nv", sign_url=signed_for))
    assert_ok(nv.get("/vouchertypelist.nv"))  # and the literal Host header still works


def test_reused_transaction_id_is_refused(nv):
    assert_ok(nv.get("/vouchertypelist.nv", transaction_id="tx-123"))
    response = nv.get("/vouchertypelist.nv", transaction_id="tx-123")
    assert error_code(response) == "REQUEST_NOT_UNIQUE"


def test_hand_signed_voucher_accepted_and_a_verbatim_replay_refused(nv, sandbox, demo_org):
    # Signed straight from the spec's formula (nvsandbox_client uses only hmac/hashlib), posted,
    # then the identical bytes and headers sent again, as a replaying proxy would.
    url = sandbox["base_url"] + "/accounting.nv"
    headers = {**nv.headers(url), "Content-Type": "text/xml; charset=utf-8"}
    body = voucher_xml(description="Replay check [BZ-77]").encode()
    key = inserted_id(requests.post(url, data=body, headers=headers, timeout=10))
    replay = requests.post(url, data=body, headers=headers, timeout=10)
    assert error_code(replay) == "REQUEST_NOT_UNIQUE"
    assert list(demo_org.vouchers.values_list("pk", flat=True)) == [key]  # nothing stored twice
    tampered = {
        **headers,
        "X-Netvisor-Authentication-TransactionId": headers["X-Netvisor-Authentication-TransactionId"] + "x",
    }
    assert error_code(requests.post(url, data=body, headers=tampered, timeout=10)) == "AUTHENTICATION_FAILED"


def test_unknown_partner_gets_netvisors_finnish_text(nv):
    response = nv.get("/vouchertypelist.nv", partner_id="nobody")
    assert statuses(response)[1] == "AUTHENTICATION_FAILED :: Integraatiokumppania ei löydy, katso dokumentaatio"


def test_unknown_partner_in_english(nv):
    response = nv.get("/vouchertypelist.nv", partner_id="nobody", language="EN")
    assert statuses(response)[1] == "AUTHENTICATION_FAILED :: Integration partner not found, see documentation"


def test_unknown_customer_is_refused(nv):
    response = nv.get("/vouchertypelist.nv", customer_id="nobody", language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert error_text(response).startswith("Integration keys are not valid")


def test_customer_not_linked_to_the_organisation(nv, sandbox):
    from netvisor_sandbox.models import SandboxOrganisation

    SandboxOrganisation.objects.create(business_id="7654321-0", name="Other Oy")
    response = nv.get("/vouchertypelist.nv", organisation_id="7654321-0", language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "7654321-0" in error_text(response)


def test_wrong_customer_key_is_refused(nv):
    response = nv.get("/vouchertypelist.nv", customer_key="0" * 32)
    assert error_code(response) == "AUTHENTICATION_FAILED"


@pytest.mark.parametrize("state", ["expired_at", "revoked_at"])
def test_expired_or_revoked_identifier_is_refused(nv, demo_org, state):
    from django.utils import timezone

    demo_org.identifiers.update(**{state: timezone.now()})
    response = nv.get("/vouchertypelist.nv", language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "no longer valid" in error_text(response)


def test_missing_header_is_named(nv):
    response = nv.get("/vouchertypelist.nv", drop_headers=("X-Netvisor-Authentication-TransactionId",), language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "X-Netvisor-Authentication-TransactionId" in error_text(response)


@pytest.mark.parametrize("skew", [timedelta(seconds=-301), timedelta(seconds=301)])
def test_clock_skew_beyond_the_window_is_refused(nv, skew):
    response = nv.get("/vouchertypelist.nv", moment=datetime.now(UTC) + skew, language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "time window" in error_text(response)


def test_clock_skew_inside_the_window_is_accepted(nv):
    assert_ok(nv.get("/vouchertypelist.nv", moment=datetime.now(UTC) - timedelta(seconds=200)))


def test_timestamp_must_agree_with_timestamp_unix(nv, sandbox):
    url = sandbox["base_url"] + "/vouchertypelist.nv"
    caller = Caller(sandbox)
    good = caller.headers(url)
    late = datetime.now(UTC) - timedelta(hours=1)
    # Re-sign with a Timestamp an hour off but a current TimestampUnix.
    headers = caller.headers(url, moment=late)
    headers["X-Netvisor-Authentication-TimestampUnix"] = good["X-Netvisor-Authentication-TimestampUnix"]
    response = requests.get(url, headers=headers, timeout=10)
    assert error_code(response) == "AUTHENTICATION_FAILED"


def test_unparseable_timestamp_is_refused(nv, sandbox):
    url = sandbox["base_url"] + "/vouchertypelist.nv"
    headers = nv.headers(url)
    headers["X-Netvisor-Authentication-Timestamp"] = "12.1.2009 15:49"
    response = requests.get(url, headers=headers, timeout=10)
    assert error_code(response) == "AUTHENTICATION_FAILED"


@pytest.mark.parametrize("algorithm", ["SHA256", "MD5"])
def test_legacy_algorithms_are_refused_by_default(nv, algorithm):
    response = nv.get("/vouchertypelist.nv", algorithm=algorithm, language="EN")
    assert error_code(response) == "AUTHENTICATION_FAILED"
    assert "algorithm" in error_text(response)


@pytest.mark.parametrize("algorithm", ["SHA256", "MD5"])
def test_legacy_algorithms_when_configured(nv, settings, algorithm):
    settings.NETVISOR_SANDBOX_ALLOW_LEGACY_ALGORITHMS = True
    assert_ok(nv.get("/vouchertypelist.nv", algorithm=algorithm))


def test_missing_algorithm_header_means_md5(nv):
    response = nv.get("/vouchertypelist.nv", drop_headers=("X-Netvisor-Authentication-MACHashCalculationAlgorithm",))
    assert error_code(response) == "AUTHENTICATION_FAILED"


@pytest.mark.parametrize(
    ("options", "code", "status"),
    [
        ({"partner_id": "nobody"}, "AUTHENTICATION_FAILED", 401),
        ({}, "OK", 200),
    ],
)
def test_status_code_mode(nv, options, code, status):
    response = nv.get("/vouchertypelist.nv", status_codes=True, **options)
    assert response.status_code == status
    assert code in statuses(response)[-1] or statuses(response) == ["OK"]


def test_failures_are_200_without_status_code_mode(nv):
    response = nv.get("/vouchertypelist.nv", partner_id="nobody")
    assert response.status_code == 200
    assert statuses(response)[0] == "FAILED"


def test_status_code_mapping_for_other_codes(nv, demo_org):
    assert nv.get("/vouchertypelist.nv", status_codes=True, transaction_id="same").status_code == 200
    assert nv.get("/vouchertypelist.nv", status_codes=True, transaction_id="same").status_code == 409
    assert nv.post("/accounting.nv", "<root><oops/></root>", status_codes=True).status_code == 400
    demo_org.grants.update(rights=[])
    assert nv.get("/vouchertypelist.nv", status_codes=True).status_code == 403


@pytest.mark.parametrize(
    ("right", "path"),
    [
        ("accounting", "/vouchertypelist.nv"),
        ("accounting", "/accountingledger.nv?netvisorkey=1"),
        ("dimensionlist", "/dimensionlist.nv"),
        ("payment", "/unprocessedoutgoingpayments.nv?idlist=1"),
    ],
)
def test_missing_resource_right(nv, demo_org, right, path):
    grant = demo_org.grants.get()
    grant.rights = [r for r in grant.rights if r != right]
    grant.save()
    response = nv.get(path)
    assert statuses(response)[1] == f"SERVICE_ACCESS_ERROR :: {right}"
