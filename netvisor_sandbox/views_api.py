"""The API entry point: one view for every `<resource>.nv`, wrapping faults, auth, the envelope and the call log.

Any exception ends as a Netvisor answer (TECHNICAL_ERROR at worst), so no input can take the sandbox down.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from netvisor_sandbox import auth, calls, envelope, faults, resources, xmlio
from netvisor_sandbox.errors import (
    INVALID_DATA,
    INVALID_DATA_SIZE,
    SYSTEM_MAINTANANCE,
    TECHNICAL_ERROR,
    NetvisorError,
)
from netvisor_sandbox.models import SandboxFault, SandboxOrganisation
from netvisor_sandbox.resources import Call, Resource

logger = logging.getLogger(__name__)
Kind = SandboxFault.Kind
# The server wrapper looks for this key in the WSGI environ (request.META is the environ itself).
DROP_CONNECTION = "nvsandbox.drop_connection"


@dataclass
class Attempt:
    """One API call on its way through the view: what the call log needs once the answer is built."""

    request: HttpRequest
    resource: Resource
    organisation: SandboxOrganisation | None
    others_in_flight: int
    started_at: datetime = field(default_factory=timezone.now)
    body: xmlio.Node | None = None
    outcome: str = calls.OK


@csrf_exempt
def api(request: HttpRequest, resource_name: str) -> HttpResponse:
    resource = resources.lookup(resource_name)
    if resource is None:
        # Real Netvisor answers an unknown resource with a non-XML 404 page (spec 5.3).
        return HttpResponse(_html_page(404), status=404, content_type="text/html; charset=utf-8")
    organisation = _organisation_from_header(request)
    # In flight from arrival until the answer is ready, latency sleep included: a second call arriving at any
    # point of that meets the overlap fault and is counted in the log's concurrency.
    with faults.in_flight(organisation) as others:
        attempt = Attempt(request, resource, organisation, others)
        response = _answer(attempt)
        _log(attempt)
    return response


def _answer(attempt: Attempt) -> HttpResponse:
    request = attempt.request
    language = auth.language_of(request.META)
    active: dict[str, SandboxFault] = {}
    try:
        active = faults.firing(faults.all_for(attempt.organisation), attempt.resource.name)
        return _handle(attempt, active)
    except NetvisorError as error:
        attempt.outcome = calls.OVERLAP if error.key == "overlap" else error.code
        return envelope.failed(error, language, auth.wants_status_codes(request.META))
    except Exception:
        logger.exception("netvisor sandbox: unexpected error on %s", attempt.resource.name)
        attempt.outcome = TECHNICAL_ERROR
        internal = NetvisorError(TECHNICAL_ERROR, "internal")
        return envelope.failed(internal, language, auth.wants_status_codes(request.META))
    finally:
        if Kind.DROP in active:
            request.META[DROP_CONNECTION] = True
            ok = attempt.outcome == calls.OK
            attempt.outcome = calls.DROPPED if ok else f"{calls.DROPPED}:{attempt.outcome}"


def _handle(attempt: Attempt, active: dict[str, SandboxFault]) -> HttpResponse:
    request, resource = attempt.request, attempt.resource
    if Kind.HTTP_5XX in active:
        status = active[Kind.HTTP_5XX].status_code or faults.DEFAULT_HTTP_STATUS
        attempt.outcome = f"http_{status}"
        return HttpResponse(_html_page(status), status=status, content_type="text/html; charset=utf-8")
    if Kind.MAINTENANCE in active:
        raise NetvisorError(SYSTEM_MAINTANANCE, "maintenance")
    _check_size(request)
    caller = auth.verify(request.META, active_faults=active, connection_flow=resource.connection_flow)
    if resource.right:
        auth.check_right(caller, resource.right, active)
    if request.method != resource.method:
        raise NetvisorError(INVALID_DATA, "method", resource=resource.name, method=request.method)
    if attempt.others_in_flight and Kind.OVERLAP in active:
        raise NetvisorError(TECHNICAL_ERROR, "overlap")
    faults.sleep(faults.delay_seconds(active))
    call = Call(
        caller=caller,
        query=_query(request),
        body=_body(attempt) if resource.method == "POST" else None,
        base_url=auth.base_urls(request.META)[0],
        environ=request.META,
    )
    return envelope.ok(resource.handler(call))


def _log(attempt: Attempt) -> None:
    try:
        calls.record_call(
            organisation=attempt.organisation,
            resource=attempt.resource.name,
            method=attempt.request.method or "",
            started_at=attempt.started_at,
            in_flight_at_start=attempt.others_in_flight,
            outcome=attempt.outcome,
            body=_body_for_log(attempt),
        )
    except Exception:
        # The log serves tests and people; losing one row must not turn an answer into an error.
        logger.exception("netvisor sandbox: could not log a call to %s", attempt.resource.name)


def _body_for_log(attempt: Attempt) -> xmlio.Node | None:
    # A POST refused before its body was read (5xx, auth, overlap) still carried its reference: a test
    # counting POSTs per reference must see it too. Only the two resources whose reference we log.
    if attempt.body is not None or attempt.request.method != "POST":
        return attempt.body
    if attempt.resource.name not in calls.REFERENCE_FIELDS:
        return None
    try:
        return _body(attempt)
    except NetvisorError:
        return None


def _organisation_from_header(request: HttpRequest) -> SandboxOrganisation | None:
    business_id = (auth.header(request.META, "organisation_id") or "").strip()
    if not business_id:
        return None
    return SandboxOrganisation.objects.filter(business_id=business_id).first()


def _check_size(request: HttpRequest) -> None:
    if _content_length(request) > xmlio.max_body_bytes():
        raise NetvisorError(INVALID_DATA_SIZE, "too_large", limit=xmlio.max_body_bytes())


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _query(request: HttpRequest) -> dict[str, str]:
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True, errors="replace")
    return {name.lower(): value for name, value in pairs}


def _body(attempt: Attempt) -> xmlio.Node:
    """Read and parse the body once; raises NetvisorError (INVALID_DATA, INVALID_DATA_SIZE)."""
    if attempt.body is None:
        _check_size(attempt.request)
        # Read the stream directly: request.body would apply Django's 2.5 MB form limit to attachments.
        raw = attempt.request.read(xmlio.max_body_bytes() + 1)
        attempt.body = xmlio.parse_body(raw, attempt.request.META.get("CONTENT_TYPE", ""))
    return attempt.body


def _html_page(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return (
        f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
