"""Netvisor Store activation: our modelled protocol (spec 13.8).

Netvisor does not publish how the Store tells an extension's service that a company activated it, so this is
our own model of it, used by both the sandbox (sender) and the service (receiver):

    POST <service notify URL>
    Content-Type: application/json
    X-Netvisor-Store-Timestamp: <unix seconds>
    X-Netvisor-Store-Signature: hex(HMAC_SHA256(key=NETVISOR_STORE_SECRET, msg=timestamp + "." + raw_body))

    {"activation_id": "<32 hex>", "organisation_identifier": "1234567-8", "company_name": "...",
     "admin_email": "...", "admin_name": "...", "language": "fi|en|sv",
     "connection_identifier": "<one-time identifier for connectionidentifier.nv>"}

The timestamp is inside the signed message so a captured request cannot be replayed later with a fresh
timestamp; the receiver checks a 300 s window and refuses a reused activation_id. The service answers
with any 2xx and, optionally, JSON `{"redirect_url": "..."}` where the admin continues; the Store page
shows the answer and links to that URL. This is the sandbox's only outbound HTTP call and it goes only
to the URL given on the Store page (default: setting NETVISOR_SANDBOX_STORE_NOTIFY_URL).
"""

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings

from netvisor_sandbox import seed
from netvisor_sandbox.models import (
    SandboxConnectionIdentifier,
    SandboxIntegrationGrant,
    SandboxOrganisation,
    SandboxPartner,
    SandboxStoreActivation,
)

DEFAULT_NOTIFY_URL = "http://127.0.0.1:8000/netvisor/store/activate/"
TIMEOUT = (5, 30)  # connect, read
SIGNATURE_HEADER = "X-Netvisor-Store-Signature"
TIMESTAMP_HEADER = "X-Netvisor-Store-Timestamp"


class StoreError(Exception):
    """Activation could not be sent; the text is shown on the Store page."""


@dataclass
class Activation:
    company_name: str
    business_id: str
    admin_email: str
    admin_name: str
    language: str
    notify_url: str


def notify_url_default() -> str:
    return getattr(settings, "NETVISOR_SANDBOX_STORE_NOTIFY_URL", "") or DEFAULT_NOTIFY_URL


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()


def activate(activation: Activation) -> SandboxStoreActivation:
    secret = getattr(settings, "NETVISOR_STORE_SECRET", "") or ""
    if not secret:
        raise StoreError("NETVISOR_STORE_SECRET is not set, so the activation cannot be signed.")
    if urlsplit(activation.notify_url).scheme not in ("http", "https"):
        raise StoreError("The service URL must start with http:// or https://.")
    organisation = _organisation(activation)
    connection = SandboxConnectionIdentifier.objects.create(organisation=organisation)
    document = {
        "activation_id": uuid.uuid4().hex,
        "organisation_identifier": organisation.business_id,
        "company_name": organisation.name,
        "admin_email": activation.admin_email,
        "admin_name": activation.admin_name,
        "language": activation.language,
        "connection_identifier": connection.identifier,
    }
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    record = SandboxStoreActivation.objects.create(
        activation_id=document["activation_id"],
        organisation=organisation,
        notify_url=activation.notify_url,
        request_body=body.decode("utf-8"),
    )
    _send(record, body, secret)
    return record


def _organisation(activation: Activation) -> SandboxOrganisation:
    partner = SandboxPartner.objects.filter(name__iexact="Bezala").first()
    if partner is None:
        raise StoreError("The Bezala integration partner does not exist yet; start the sandbox with --demo once.")
    organisation = SandboxOrganisation.objects.filter(business_id=activation.business_id).first()
    if organisation is None:
        organisation = SandboxOrganisation.objects.create(
            business_id=activation.business_id, name=activation.company_name
        )
        seed.seed_company(organisation)
    # Activating an extension grants the resources it needs, as a Store purchase would.
    grant, _ = SandboxIntegrationGrant.objects.get_or_create(organisation=organisation, partner=partner)
    grant.rights = sorted(set(grant.rights) | set(seed.EXTENSION_RIGHTS))
    grant.save(update_fields=["rights"])
    return organisation


def _send(record: SandboxStoreActivation, body: bytes, secret: str) -> None:
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }
    try:
        response = requests.post(record.notify_url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
    except requests.RequestException as exc:
        record.error = f"{type(exc).__name__}: {exc}"
        record.save(update_fields=["error"])
        return
    record.response_status = response.status_code
    record.response_body = response.text[:10000]
    record.redirect_url = _redirect_url(response)
    record.save(update_fields=["response_status", "response_body", "redirect_url"])


def _redirect_url(response: requests.Response) -> str:
    try:
        answer = response.json()
    except ValueError:
        return ""
    url = answer.get("redirect_url", "") if isinstance(answer, dict) else ""
    # Only web links: the page renders it as a link, and a javascript: URL must never become one.
    return url if isinstance(url, str) and urlsplit(url).scheme in ("http", "https") else ""
