"""The API entry point: one view for every `<resource>.nv`, wrapping faults, auth and the envelope.

Any exception ends as a Netvisor answer (TECHNICAL_ERROR at worst), so no input can take the sandbox down.
"""

import logging
from http import HTTPStatus
from urllib.parse import parse_qsl

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from netvisor_sandbox import auth, envelope, faults, resources, xmlio
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


@csrf_exempt
def api(request: HttpRequest, resource_name: str) -> HttpResponse:
    resource = resources.lookup(resource_name)
    if resource is None:
        # Real Netvisor answers an unknown resource with a non-XML 404 page (spec 5.3).
        return HttpResponse(_html_page(404), status=404, content_type="text/html; charset=utf-8")
    language = auth.language_of(request.META)
    active: dict[str, SandboxFault] = {}
    try:
        active = faults.all_for(_organisation_from_header(request))
        return _handle(request, resource, active)
    except NetvisorError as error:
        return envelope.failed(error, language, auth.wants_status_codes(request.META))
    except Exception:
        logger.exception("netvisor sandbox: unexpected error on %s", resource.name)
        internal = NetvisorError(TECHNICAL_ERROR, "internal")
        return envelope.failed(internal, language, auth.wants_status_codes(request.META))
    finally:
        if Kind.DROP in active:
            request.META[DROP_CONNECTION] = True


def _handle(request: HttpRequest, resource: Resource, active: dict[str, SandboxFault]) -> HttpResponse:
    if Kind.HTTP_5XX in active:
        status = active[Kind.HTTP_5XX].status_code or faults.DEFAULT_HTTP_STATUS
        return HttpResponse(_html_page(status), status=status, content_type="text/html; charset=utf-8")
    if Kind.MAINTENANCE in active:
        raise NetvisorError(SYSTEM_MAINTANANCE, "maintenance")
    _check_size(request)
    caller = auth.verify(request.META, active_faults=active, connection_flow=resource.connection_flow)
    if resource.right:
        auth.check_right(caller, resource.right, active)
    if request.method != resource.method:
        raise NetvisorError(INVALID_DATA, "method", resource=resource.name, method=request.method)
    with faults.in_flight(caller.organisation) as overlapping:
        if overlapping and Kind.OVERLAP in active:
            raise NetvisorError(TECHNICAL_ERROR, "overlap")
        faults.sleep(faults.delay_seconds(active))
        call = Call(
            caller=caller,
            query=_query(request),
            body=_body(request) if resource.method == "POST" else None,
            base_url=auth.base_urls(request.META)[0],
            environ=request.META,
        )
        return envelope.ok(resource.handler(call))


def _organisation_from_header(request: HttpRequest) -> SandboxOrganisation | None:
    business_id = (auth.header(request.META, "organisation_id") or "").strip()
    if not business_id:
        return None
    return SandboxOrganisation.objects.filter(business_id=business_id).first()


def _check_size(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > xmlio.max_body_bytes():
        raise NetvisorError(INVALID_DATA_SIZE, "too_large", limit=xmlio.max_body_bytes())


def _query(request: HttpRequest) -> dict[str, str]:
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True, errors="replace")
    return {name.lower(): value for name, value in pairs}


def _body(request: HttpRequest) -> xmlio.Node:
    # Read the stream directly: request.body would apply Django's 2.5 MB form limit to attachments.
    raw = request.read(xmlio.max_body_bytes() + 1)
    return xmlio.parse_body(raw, request.META.get("CONTENT_TYPE", ""))


def _html_page(status: int) -> str:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    return (
        f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
        f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
