"""Pages to make the sandbox misbehave and to see what was called: faults (spec 13.12) and the API call log."""

from typing import TypedDict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from netvisor_sandbox import calls, faults, resources
from netvisor_sandbox.models import RESOURCE_RIGHTS, SandboxFault, SandboxOrganisation
from netvisor_sandbox.views_pages import get_organisation, render_page

CALLS_SHOWN = 200


def fault_page(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method == "POST":
        _change_faults(request, organisation)
        return redirect("nvsandbox-faults", business_id=business_id)
    return render_page(
        request,
        "faults.html",
        organisation,
        "nvsandbox-faults",
        faults=organisation.faults.all().order_by("kind"),
        kinds=SandboxFault.Kind.choices,
        rights=RESOURCE_RIGHTS,
        resource_names=sorted(resources.RESOURCES),
    )


def _change_faults(request: HttpRequest, organisation: SandboxOrganisation) -> None:
    if request.POST.get("action", "") == "clear":
        faults.clear(organisation, request.POST.get("kind") or None)
        messages.success(request, "Fault cleared.")
        return
    try:
        faults.set_fault(organisation, request.POST.get("kind", ""), **_fault_options(request))
    except ValueError as error:
        messages.error(request, str(error))
        return
    messages.success(request, "Fault set.")


class _FaultOptions(TypedDict):
    seconds: float | None
    status_code: int | None
    right: str
    share: float
    resource: str
    seed: str


def _fault_options(request: HttpRequest) -> _FaultOptions:
    """The form's fields as set_fault's options; raises ValueError for a number that does not parse."""
    post = request.POST
    return {
        "seconds": float(post["seconds"]) if post.get("seconds") else None,
        "status_code": int(post["status_code"]) if post.get("status_code") else None,
        "right": post.get("right", ""),
        # People write shares as 10 % or 0,1 as readily as 0.1.
        "share": _share(post.get("share", "")),
        "resource": post.get("resource", ""),
        "seed": post.get("seed", "").strip(),
    }


def _share(text: str) -> float:
    value = text.strip().replace(",", ".")
    if not value:
        return 1.0
    if value.endswith("%"):
        return float(value[:-1]) / 100
    return float(value)


def call_log(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method == "POST":
        organisation.calls.all().delete()
        messages.success(request, "The call log was cleared.")
        return redirect("nvsandbox-calls", business_id=business_id)
    return render_page(
        request,
        "calls.html",
        organisation,
        "nvsandbox-calls",
        calls=organisation.calls.order_by("-started_at", "-pk")[:CALLS_SHOWN],
        total=organisation.calls.count(),
        max_concurrency=calls.max_concurrency(organisation),
        shown=CALLS_SHOWN,
    )
