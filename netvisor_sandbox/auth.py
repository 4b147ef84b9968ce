"""Request verification, in the order of our design (Netvisor's own order is not published):

1. required headers, 2. partner known, 3. customer known, usable and linked to the organisation,
4. algorithm allowed, 5. clock window, 6. MAC, 7. TransactionId unused per partner; the resource right
(8.) is checked by `check_right` once the resource is known.

The MAC is recomputed over `base URL + request target as received on the wire`: clients sign different
encodings of the same query (raw commas, %2C), so re-encoding the URL here would reject working clients.
"""

import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings
from django.db import IntegrityError, transaction

from netvisor_sandbox.errors import AUTHENTICATION_FAILED, REQUEST_NOT_UNIQUE, SERVICE_ACCESS_ERROR, NetvisorError
from netvisor_sandbox.models import (
    SandboxApiIdentifier,
    SandboxConnectionIdentifier,
    SandboxFault,
    SandboxIntegrationGrant,
    SandboxOrganisation,
    SandboxPartner,
    SandboxUsedTransaction,
)

HMACSHA256 = "HMACSHA256"
LEGACY_ALGORITHMS = ("SHA256", "MD5")
# Header names as Netvisor documents them; WSGI has already made the lookup case-insensitive.
HEADERS = {
    "sender": "X-Netvisor-Authentication-Sender",
    "customer_id": "X-Netvisor-Authentication-CustomerId",
    "partner_id": "X-Netvisor-Authentication-PartnerId",
    "timestamp": "X-Netvisor-Authentication-Timestamp",
    "timestamp_unix": "X-Netvisor-Authentication-TimestampUnix",
    "transaction_id": "X-Netvisor-Authentication-TransactionId",
    "language": "X-Netvisor-Interface-Language",
    "organisation_id": "X-Netvisor-Organisation-ID",
    "mac": "X-Netvisor-Authentication-MAC",
    "algorithm": "X-Netvisor-Authentication-MACHashCalculationAlgorithm",
    "status_codes": "X-Netvisor-Authentication-UseHTTPResponseStatusCodes",
}
_ALWAYS_REQUIRED = ("sender", "customer_id", "partner_id", "timestamp", "transaction_id", "language", "mac")
_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(\.\d{1,7})?$")
_KEY_MASK = "YOUR_PRIVATE_KEY_HERE"


@dataclass
class Caller:
    partner: SandboxPartner
    organisation: SandboxOrganisation
    identifier: SandboxApiIdentifier | None = None
    connection: SandboxConnectionIdentifier | None = None


def header(meta: dict[str, str], key: str) -> str | None:
    return meta.get("HTTP_" + HEADERS[key].upper().replace("-", "_"))


def language_of(meta: dict[str, str]) -> str:
    # We have Finnish and English texts only; SE gets English.
    value = (header(meta, "language") or "FI").strip().upper()
    return "FI" if value not in ("EN", "SE") else "EN"


def wants_status_codes(meta: dict[str, str]) -> bool:
    return (header(meta, "status_codes") or "").strip() == "1"


def wire(value: str) -> bytes:
    """The bytes a header value arrived as: wsgiref decoded them as latin-1, so this undoes it exactly."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("iso-8859-15", errors="replace")


def verify(meta: dict[str, str], *, active_faults: Mapping[str, SandboxFault], connection_flow: bool = False) -> Caller:
    """Steps 1-7 of spec 2.8; ``active_faults`` are the organisation's, already read for this request."""
    values = _required_headers(meta, connection_flow)
    partner = SandboxPartner.objects.filter(partner_id=values["partner_id"]).first()
    if partner is None:
        raise NetvisorError(AUTHENTICATION_FAILED, "partner_not_found")
    if connection_flow:
        caller, customer_key = _connection_caller(partner, values), ""
    else:
        caller = _customer_caller(partner, values, active_faults)
        assert caller.identifier is not None  # a customer's caller always carries its identifier
        customer_key = caller.identifier.customer_key
    algorithm = _algorithm(values)
    if algorithm == HMACSHA256:
        # Legacy clients sent loose Timestamp formats that Netvisor only hashed (spec 2.5); the clock check
        # came with HMACSHA256.
        _check_clock(values)
    _check_mac(meta, values, algorithm, customer_key, partner.partner_key)
    _claim_transaction(partner, values["transaction_id"])
    return caller


def _required_headers(meta: dict[str, str], connection_flow: bool) -> dict[str, str]:
    values = {key: (header(meta, key) or "").strip() for key in HEADERS}
    required = list(_ALWAYS_REQUIRED)
    if (values["algorithm"] or "MD5").upper() == HMACSHA256:
        required.append("timestamp_unix")
    if not connection_flow:
        required.append("organisation_id")
    elif header(meta, "organisation_id") is None:
        # The connection step sends the header empty (the organisation is not known yet), but sends it.
        raise NetvisorError(AUTHENTICATION_FAILED, "missing_header", header=HEADERS["organisation_id"])
    for key in required:
        if not values[key]:
            raise NetvisorError(AUTHENTICATION_FAILED, "missing_header", header=HEADERS[key])
    return values


def _customer_caller(
    partner: SandboxPartner, values: dict[str, str], active_faults: Mapping[str, SandboxFault]
) -> Caller:
    identifier = (
        SandboxApiIdentifier.objects.select_related("organisation").filter(customer_id=values["customer_id"]).first()
    )
    if identifier is None:
        raise NetvisorError(AUTHENTICATION_FAILED, "keys_invalid")
    organisation = identifier.organisation
    if organisation.business_id != values["organisation_id"]:
        raise NetvisorError(AUTHENTICATION_FAILED, "org_not_linked", org=values["organisation_id"])
    if not identifier.is_usable or SandboxFault.Kind.EXPIRED_CREDENTIALS in active_faults:
        raise NetvisorError(AUTHENTICATION_FAILED, "keys_expired")
    return Caller(partner=partner, organisation=organisation, identifier=identifier)


def _connection_caller(partner: SandboxPartner, values: dict[str, str]) -> Caller:
    connection = (
        SandboxConnectionIdentifier.objects.select_related("organisation")
        .filter(identifier=values["customer_id"])
        .first()
    )
    if connection is None:
        raise NetvisorError(AUTHENTICATION_FAILED, "connection_unknown")
    state = connection.state
    if state != "active":
        raise NetvisorError(AUTHENTICATION_FAILED, f"connection_{state}")
    return Caller(partner=partner, organisation=connection.organisation, connection=connection)


def _algorithm(values: dict[str, str]) -> str:
    # No algorithm header means the oldest behaviour, MD5 (spec 2.2).
    algorithm = (values["algorithm"] or "MD5").upper()
    allowed = {HMACSHA256}
    if getattr(settings, "NETVISOR_SANDBOX_ALLOW_LEGACY_ALGORITHMS", False):
        allowed.update(LEGACY_ALGORITHMS)
    if algorithm not in allowed:
        raise NetvisorError(AUTHENTICATION_FAILED, "algorithm", algorithm=values["algorithm"] or "MD5")
    return algorithm


def _check_clock(values: dict[str, str]) -> None:
    window = float(getattr(settings, "NETVISOR_SANDBOX_CLOCK_WINDOW", 300))
    try:
        unix = int(values["timestamp_unix"])
    except ValueError as exc:
        raise NetvisorError(AUTHENTICATION_FAILED, "timestamp_format", value=values["timestamp_unix"]) from exc
    if abs(time.time() - unix) > window:
        raise NetvisorError(AUTHENTICATION_FAILED, "timestamp_window", window=int(window))
    stamped = _parse_timestamp(values["timestamp"])
    if abs(stamped - unix) > window:
        raise NetvisorError(AUTHENTICATION_FAILED, "timestamp_mismatch")


def _parse_timestamp(value: str) -> float:
    match = _TIMESTAMP.match(value)
    try:
        if match is None:
            raise ValueError(value)
        moment = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError as exc:
        raise NetvisorError(AUTHENTICATION_FAILED, "timestamp_format", value=value) from exc
    return moment.timestamp() + float(match.group(2) or 0)


def request_target(meta: dict[str, str]) -> bytes:
    """Path and query exactly as the client put them on the request line."""
    raw = meta.get("nvsandbox.raw_target") or meta.get("RAW_URI") or meta.get("REQUEST_URI")
    if raw:
        # An absolute-form request line (`POST http://host/x.nv`) carries the authority too.
        raw = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "", raw)
        return wire(raw)
    # Another WSGI server: PATH_INFO was percent-decoded as latin-1; encode it back the standard way.
    path = quote(wire(meta.get("SCRIPT_NAME", "") + meta.get("PATH_INFO", "")), safe="/;=,:@!$&'()*+~-._")
    query = meta.get("QUERY_STRING", "")
    return wire(path + ("?" + query if query else ""))


def base_urls(meta: dict[str, str]) -> list[str]:
    candidates = []
    configured = getattr(settings, "NETVISOR_SANDBOX_PUBLIC_BASE_URL", "") or ""
    if configured:
        candidates.append(configured.rstrip("/"))
    host = meta.get("HTTP_HOST")
    if host:
        # Also the literal Host header, so a client on a loopback address or behind a port map works.
        candidates.append(f"{meta.get('wsgi.url_scheme', 'http')}://{host}")
    return candidates or ["http://localhost"]


def mac_fields(url: bytes, values: dict[str, str], algorithm: str) -> list[bytes]:
    keys = ["sender", "customer_id", "timestamp", "language", "organisation_id", "transaction_id"]
    if algorithm == HMACSHA256:
        keys.append("timestamp_unix")
    return [url] + [wire(values[key]) for key in keys]


def compute_mac(fields: list[bytes], algorithm: str, customer_key: str, partner_key: str) -> str:
    keys = [customer_key.encode("iso-8859-15"), partner_key.encode("iso-8859-15")]
    message = b"&".join(fields + keys)
    if algorithm == HMACSHA256:
        return hmac.new(b"&".join(keys), message, hashlib.sha256).hexdigest()
    return hashlib.new(algorithm.lower(), message).hexdigest()


def _check_mac(
    meta: dict[str, str], values: dict[str, str], algorithm: str, customer_key: str, partner_key: str
) -> None:
    received = wire(values["mac"]).lower()
    target = request_target(meta)
    urls = [base.encode("iso-8859-15") + target for base in base_urls(meta)]
    for url in urls:
        expected = compute_mac(mac_fields(url, values, algorithm), algorithm, customer_key, partner_key)
        if hmac.compare_digest(expected.encode("ascii"), received):
            return
    canonical = b"&".join([*mac_fields(urls[0], values, algorithm), _KEY_MASK.encode()])
    raise NetvisorError(
        AUTHENTICATION_FAILED, "mac", canonical=canonical.decode("iso-8859-15"), mac=values["mac"].upper()
    )


def _claim_transaction(partner: SandboxPartner, transaction_id: str) -> None:
    try:
        with transaction.atomic():
            SandboxUsedTransaction.objects.create(partner=partner, transaction_id=transaction_id[:255])
    except IntegrityError as exc:
        raise NetvisorError(REQUEST_NOT_UNIQUE, "transaction_reused", transaction=transaction_id) from exc


def check_right(caller: Caller, right: str, active_faults: Mapping[str, SandboxFault]) -> None:
    """Integration-specific rights of this company for this partner; a fault can take one away."""
    grant = SandboxIntegrationGrant.objects.filter(organisation=caller.organisation, partner=caller.partner).first()
    granted = set(grant.rights) if grant else set()
    removed = active_faults.get(SandboxFault.Kind.MISSING_RIGHT)
    if removed is not None:
        granted.discard(removed.right or "payment")
    if right not in granted:
        raise NetvisorError(SERVICE_ACCESS_ERROR, "right", right=right)
