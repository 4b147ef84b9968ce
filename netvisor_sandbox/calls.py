"""The call log (`SandboxCall`): written once per API call, read by tests and the API calls page.

Tests use it to check the client's promises without watching the wire: how many POSTs carried one reference
(spec 13.11: never re-posted blindly) and whether calls of one organisation ever overlapped (13.10).
"""

from datetime import datetime

from django.db import models
from django.db.models import Max
from django.utils import timezone

from netvisor_sandbox.models import SandboxCall, SandboxOrganisation
from netvisor_sandbox.xmlio import Node

OK = "ok"
OVERLAP = "overlap"
DROPPED = "dropped"
# Where each resource's request carries our reference: (container element, element, SandboxCall field).
REFERENCE_FIELDS = {
    "accounting.nv": ("voucher", "description", "voucher_description"),
    "payment.nv": ("payment", "bankpaymentmessage", "payment_message"),
}


def record_call(
    *,
    organisation: SandboxOrganisation | None,
    resource: str,
    method: str,
    started_at: datetime,
    in_flight_at_start: int,
    outcome: str,
    body: Node | None = None,
) -> SandboxCall:
    """One INSERT when the call ends, with the reference the body carried (if it is one we log)."""
    return SandboxCall.objects.create(
        organisation=organisation,
        resource=resource,
        method=method,
        started_at=started_at,
        finished_at=timezone.now(),
        outcome=outcome[:60],
        in_flight_at_start=in_flight_at_start,
        **_reference(resource, body),
    )


def _reference(resource: str, body: Node | None) -> dict[str, str]:
    if body is None or resource not in REFERENCE_FIELDS:
        return {}
    container, element, field = REFERENCE_FIELDS[resource]
    parent = body.one(container)
    model_field = SandboxCall._meta.get_field(field)
    assert isinstance(model_field, models.Field)  # a column of the call, not a relation
    limit = model_field.max_length or 0
    return {field: parent.value(element)[:limit]} if parent is not None else {}


def max_concurrency(organisation: SandboxOrganisation) -> int:
    """The most calls of the organisation ever in flight at once: 0 without calls, 1 if none overlapped."""
    top = SandboxCall.objects.filter(organisation=organisation).aggregate(top=Max("in_flight_at_start"))["top"]
    return 0 if top is None else top + 1


def posts_with_reference(organisation: SandboxOrganisation, text: str, *, resource: str = "accounting.nv") -> int:
    """How many POSTs to `resource` carried `text` in their reference field, whatever their outcome.

    accounting.nv looks in the voucher description, payment.nv in bankpaymentmessage.
    """
    _container, _element, field = REFERENCE_FIELDS[resource]
    calls = SandboxCall.objects.filter(organisation=organisation, resource=resource, method="POST")
    return calls.filter(**{f"{field}__contains": text}).count()
