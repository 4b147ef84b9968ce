"""The "Voucher types" page ("Tositelajit" in Finnish Netvisor): list, "Add voucher type", "Delete"."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from netvisor_sandbox.models import SandboxOrganisation
from netvisor_sandbox.views_pages import get_organisation, render_page
from netvisor_sandbox.voucher_types import (
    ABBREVIATION_MAX,
    NAME_MAX,
    VoucherTypeRefused,
    add_voucher_type,
    delete_voucher_type,
)


def voucher_types(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method != "POST":
        return _page(request, organisation)
    try:
        message = _apply(request, organisation)
    except VoucherTypeRefused as refused:
        messages.error(request, str(refused))
        # The typed values stay in the form so a mistake can be fixed rather than retyped.
        return _page(request, organisation, status=400, entered=request.POST)
    messages.success(request, message)
    return redirect("nvsandbox-voucher-types", business_id=business_id)


def _apply(request: HttpRequest, organisation: SandboxOrganisation) -> str:
    if request.POST.get("action") == "add":
        added = add_voucher_type(
            organisation=organisation,
            abbreviation=request.POST.get("abbreviation", ""),
            name=request.POST.get("name", ""),
        )
        return f"Voucher type {added.abbreviation} {added.name} was added."
    pk = request.POST.get("pk", "")
    deleted = delete_voucher_type(organisation=organisation, pk=int(pk) if pk.isdigit() else 0)
    return f"Voucher type {deleted.abbreviation} {deleted.name} was deleted."


def _page(
    request: HttpRequest, organisation: SandboxOrganisation, status: int = 200, entered: object = None
) -> HttpResponse:
    response = render_page(
        request,
        "voucher_types.html",
        organisation,
        "nvsandbox-voucher-types",
        voucher_types=organisation.voucher_types.all(),
        entered=entered or {},
        abbreviation_max=ABBREVIATION_MAX,
        name_max=NAME_MAX,
    )
    response.status_code = status
    return response
