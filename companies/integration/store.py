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
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_POST

from accounts.models import User
from audit.services import record_audit
from companies.integration import binding, gateway, services
from companies.integration.debug import secrets_hidden_even_in_debug
from companies.models import Company, NetvisorConnection, StoreActivation
from companies.roles import Role
from companies.services import create_company, invite_member
from jobs import leases
from jobs.attempts import finish_attempt, finish_with, start_attempt, transaction_ids
from jobs.decisions import Action, decide
from jobs.models import Attempt
from netvisor import CustomerCredentials, NetvisorError

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
    connection_identifier: str = field(repr=False)  # exchangeable for API keys until used


@sensitive_variables()  # the body, and the parsed document below, carry the connection identifier
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
    provided = signature.strip().lower()
    if not provided.isascii() or not hmac.compare_digest(expected, provided):  # compare_digest refuses non-ASCII
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
    activation = Activation(
        activation_id=str(data["activation_id"]).strip(),
        organisation_identifier=str(data["organisation_identifier"]).strip(),
        company_name=str(data["company_name"]).strip()[:200],
        admin_email=str(data["admin_email"]).strip().lower(),
        admin_name=str(data.get("admin_name") or "").strip(),
        language=str(data.get("language") or "FI").strip().upper(),
        connection_identifier=str(data["connection_identifier"]).strip(),
    )
    _check_fits(activation)
    return activation


def _check_fits(activation: Activation) -> None:
    """Refuse with a 400 what would not fit our columns, instead of failing in the database."""
    try:
        validate_email(activation.admin_email)
    except ValidationError:
        raise ActivationRefused("admin_email is not an e-mail address.") from None
    limits = {
        "activation_id": StoreActivation._meta.get_field("activation_id").max_length,
        "organisation_identifier": Company._meta.get_field("business_id").max_length,
        "admin_email": StoreActivation._meta.get_field("admin_email").max_length,
    }
    for name, limit in limits.items():
        if len(getattr(activation, name)) > (limit or 0):
            raise ActivationRefused(f"{name} is longer than {limit} characters.")


@sensitive_variables()
def activate(activation: Activation) -> tuple[int, dict[str, object]]:
    """Create the company account for an activation, once. Returns (HTTP status, answer)."""
    claim = _claim(activation)
    if not isinstance(claim, leases.Claim):
        return claim
    try:
        # The organisation's binding lock for the whole activation: neither a second activation nor an
        # admin's connect elsewhere can bind this organisation to another company meanwhile (spec 13.16).
        with leases.kept_alive(claim.renew), binding.organisation_lock(activation.organisation_identifier):
            status, answer = _activate_claimed(activation, claim.pk)
    except Exception:
        claim.owned().delete()  # never leave a claim that makes every retry answer "processing"
        raise
    if answer["status"] == "retry":
        claim.owned().delete()  # a passing fault: let the Store's retry of this activation try again
    else:
        claim.release(outcome=answer["status"], response=answer, company_id=answer.pop("_company_id", None))
    return status, answer


def _claim(activation: Activation) -> leases.Claim | tuple[int, dict[str, object]]:
    """The claim that makes this call the only one processing the activation, or the answer to give instead.

    A claim is a lease, renewed while the activation runs: one left by a crashed process runs out
    and the Store's next retry takes it over.
    """
    try:
        row = StoreActivation.objects.create(
            activation_id=activation.activation_id, admin_email=activation.admin_email, outcome="processing"
        )
        earlier = None
    except IntegrityError:
        row = earlier = StoreActivation.objects.get(activation_id=activation.activation_id)
    if earlier is not None and earlier.outcome != "processing":
        return _status_of(earlier.outcome), earlier.response
    claim = leases.claim(StoreActivation, row.pk, ready=Q(claimed_until__isnull=True), running=Q(outcome="processing"))
    if claim is None:
        return 409, {"status": "processing", "message": "This activation is being processed. Retry later."}
    return claim


def _status_of(outcome: str) -> int:
    return {"created": 201, "account_exists": 409, "organisation_connected": 409}.get(outcome, 400)


@sensitive_variables()
def _activate_claimed(activation: Activation, claim_id: int) -> tuple[int, dict[str, object]]:
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
    if binding.company_connected_to(activation.organisation_identifier) is not None:
        return _organisation_connected()
    attempt = start_attempt(
        company_id=None, job_kind="store_activation", job_id=claim_id, resource="connectionidentifier.nv"
    )
    try:
        grant = gateway.exchange_identifier(activation.connection_identifier, transaction_ids=transaction_ids(attempt))
        customer = grant.credentials()
    except NetvisorError as exc:
        decision = decide(exc, write=True)
        finish_with(attempt, decision)
        # After a lost answer the identifier may still be unused: the Store's retry finds out.
        if decision.action in (Action.RETRY, Action.READ_BACK):
            return 503, {"status": "retry", "message": exc.netvisor_text or str(exc)}
        return 400, {"status": "failed", "message": exc.netvisor_text or str(exc)}
    except gateway.NotConnected as exc:  # partner credentials not configured: fixable, so retry later
        finish_with(attempt, decide(exc, write=True))
        return 503, {"status": "retry", "message": str(exc)}
    except ValueError:  # an identifier the client cannot sign (non-ASCII)
        finish_attempt(attempt, Attempt.Outcome.FAIL)
        return 400, {"status": "failed", "message": "The connection identifier is malformed."}
    finish_attempt(attempt, Attempt.Outcome.OK)
    if customer.organisation_id != activation.organisation_identifier:
        return 400, {"status": "failed", "message": "The connection identifier belongs to another organisation."}
    if binding.company_connected_to(customer.organisation_id) is not None:  # one organisation, one company
        return _organisation_connected()
    try:
        found = services.verify_credentials(customer)
    except NetvisorError as exc:
        if decide(exc, write=False).action is not Action.RETRY:
            return 400, {"status": "failed", "message": exc.netvisor_text or str(exc)}
        # The identifier is used up now, so a retry of the activation could only fail: keep the
        # keys Netvisor just issued and leave rights and voucher types to "Check connection".
        found = services.Probe(voucher_types=[], rights={})
    company = _create_account(activation, customer, found)
    return 201, {
        "status": "created",
        "company": company.name,
        "message": f"Company account created. An invitation was sent to {activation.admin_email}.",
        "redirect_url": settings.SITE_URL + reverse("accounts:login"),
        "_company_id": company.pk,
    }


def _organisation_connected() -> tuple[int, dict[str, object]]:
    """A second activation of a connected Netvisor company (a reinstall, or connected from inside
    with an identifier): no second account. The answer names no company, neither theirs nor ours."""
    return 409, {
        "status": "organisation_connected",
        "message": (
            "This Netvisor company is already connected to a company account here. Its admins log in and "
            "manage the connection in Company Settings → Basic settings → Reimbursement & Accounting → "
            "Netvisor Authentication."
        ),
        "redirect_url": settings.SITE_URL + reverse("accounts:login"),
    }


@sensitive_variables("customer")
def _create_account(activation: Activation, customer: CustomerCredentials, found: services.Probe) -> Company:
    with transaction.atomic():
        company = create_company(name=activation.company_name, business_id=activation.organisation_identifier)
        NetvisorConnection.objects.create(
            company=company,
            **services.tested_connection_values(customer, found, netvisor_company_name=activation.company_name),
        )
        invite_member(company=company, email=activation.admin_email, role=Role.ADMIN, invited_by=None)
        record_audit(action="netvisor.store_activated", company=company, obj=company)
    return company


@secrets_hidden_even_in_debug
@csrf_exempt  # server-to-server; authenticated by the HMAC signature instead
@require_POST
@sensitive_variables("activation")
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
    # Readable "→" in the message: the Store shows the answer to the person who activated.
    return JsonResponse(answer, status=status, json_dumps_params={"ensure_ascii": False})
