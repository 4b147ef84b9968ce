"""Netvisor Store activation (modelled, spec 13.8): the Store tells us a company activated our extension.

Protocol, as our sandbox's Store page sends it: ``POST`` of a JSON document with
``activation_id``, ``organisation_identifier``, ``company_name``, ``admin_email``,
``admin_name``, ``language`` and ``connection_identifier``; header
``X-Netvisor-Store-Timestamp`` (unix seconds) and ``X-Netvisor-Store-Signature`` =
hex HMAC-SHA256 over ``timestamp + "." + raw body`` with the shared NETVISOR_STORE_SECRET.
Only correctly signed, fresh (300 s) activations are accepted; an activation id is
processed once and a retry of it gets the first answer again.
"""

import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.services import record_audit
from companies.integration import gateway, services
from companies.models import NetvisorConnection, StoreActivation
from companies.roles import Role
from companies.services import create_company, invite_member
from netvisor import CustomerCredentials, NetvisorError, exchange_connection_identifier

FRESHNESS_SECONDS = 300
FIELDS = ("activation_id", "organisation_identifier", "company_name", "admin_email", "connection_identifier")


class ActivationRefused(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Activation:
    activation_id: str
    organisation_identifier: str
    company_name: str
    admin_email: str
    admin_name: str
    language: str
    connection_identifier: str


def verify(body: bytes, timestamp: str, signature: str, *, now: float | None = None) -> Activation:
    """Check signature and freshness, then parse. Raises ActivationRefused."""
    secret = settings.NETVISOR_STORE_SECRET
    if not secret:
        raise ActivationRefused("Store activation is not configured on this service.", status=503)
    try:
        age = abs((now or time.time()) - int(timestamp))
    except ValueError:
        raise ActivationRefused("Missing or malformed timestamp.", status=401) from None
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise ActivationRefused("Bad signature.", status=401)
    if age > FRESHNESS_SECONDS:
        raise ActivationRefused("The activation is too old or from the future.", status=401)
    return _parse(body)


def _parse(body: bytes) -> Activation:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ActivationRefused("The body is not JSON.") from None
    if not isinstance(data, dict) or any(not str(data.get(field) or "").strip() for field in FIELDS):
        raise ActivationRefused(f"Required fields: {', '.join(FIELDS)}.")
    return Activation(
        activation_id=str(data["activation_id"]).strip(),
        organisation_identifier=str(data["organisation_identifier"]).strip(),
        company_name=str(data["company_name"]).strip()[:200],
        admin_email=str(data["admin_email"]).strip().lower(),
        admin_name=str(data.get("admin_name") or "").strip(),
        language=str(data.get("language") or "FI").strip().upper(),
        connection_identifier=str(data["connection_identifier"]).strip(),
    )


def activate(activation: Activation) -> tuple[int, dict[str, object]]:
    """Create the company account for an activation, once. Returns (HTTP status, answer)."""
    try:
        claim = StoreActivation.objects.create(
            activation_id=activation.activation_id, admin_email=activation.admin_email, outcome="processing"
        )
    except IntegrityError:
        earlier = StoreActivation.objects.get(activation_id=activation.activation_id)
        if earlier.outcome == "processing":
            return 409, {"status": "processing", "message": "This activation is being processed."}
        return _status_of(earlier.outcome), earlier.response
    status, answer = _activate_claimed(activation)
    if answer["status"] == "retry":
        claim.delete()  # a passing fault: let the Store's retry of this activation try again
    else:
        StoreActivation.objects.filter(pk=claim.pk).update(
            outcome=answer["status"], response=answer, company_id=answer.pop("_company_id", None)
        )
    return status, answer


def _status_of(outcome: str) -> int:
    return {"created": 201, "account_exists": 409}.get(outcome, 400)


def _activate_claimed(activation: Activation) -> tuple[int, dict[str, object]]:
    if User.objects.filter(email__iexact=activation.admin_email).exists():
        # No second company for someone who already has an account: they connect from inside.
        return 409, {
            "status": "account_exists",
            "message": (
                f"{activation.admin_email} already has an account. Log in and connect with a Connection identifier "
                "in Company Settings → Basic settings → Reimbursement & Accounting → Netvisor Authentication."
            ),
            "redirect_url": settings.SITE_URL + reverse("companies:reimbursement_accounting"),
        }
    try:
        grant = exchange_connection_identifier(
            gateway.client_config(), gateway.partner_credentials(), activation.connection_identifier
        )
        customer = CustomerCredentials(grant.customer_id, grant.customer_key, grant.organisation_id)
        found = services.test_credentials(customer)
    except NetvisorError as exc:
        status = "retry" if exc.retryable else "failed"
        return (503 if exc.retryable else 400), {"status": status, "message": exc.netvisor_text or str(exc)}
    company = _create_account(activation, customer, found)
    return 201, {
        "status": "created",
        "company": company.name,
        "message": f"Company account created. An invitation was sent to {activation.admin_email}.",
        "redirect_url": settings.SITE_URL + reverse("accounts:login"),
        "_company_id": company.pk,
    }


def _create_account(activation: Activation, customer: CustomerCredentials, found: services.Probe) -> object:
    with transaction.atomic():
        company = create_company(name=activation.company_name, business_id=activation.organisation_identifier)
        NetvisorConnection.objects.create(
            company=company,
            state=NetvisorConnection.State.CONNECTED,
            customer_id=customer.customer_id,
            customer_key=customer.customer_key,
            organisation_id=customer.organisation_id,
            netvisor_company_name=activation.company_name,
            voucher_type=services.default_voucher_type(found.voucher_types),
            voucher_types=found.voucher_types,
            rights=found.rights,
            last_checked_at=timezone.now(),
            credentials_set_at=timezone.now(),
        )
        invite_member(company=company, email=activation.admin_email, role=Role.ADMIN, invited_by=None)
        record_audit(action="netvisor.store_activated", company=company, obj=company)
    return company


@csrf_exempt  # server-to-server; authenticated by the HMAC signature instead
@require_POST
def activate_view(request: HttpRequest) -> JsonResponse:
    try:
        activation = verify(
            request.body,
            request.headers.get("X-Netvisor-Store-Timestamp", ""),
            request.headers.get("X-Netvisor-Store-Signature", ""),
        )
    except ActivationRefused as exc:
        return JsonResponse({"status": "refused", "message": str(exc)}, status=exc.status)
    status, answer = activate(activation)
    return JsonResponse(answer, status=status)
