"""Pages for a person: organisation picker, "API and identifiers", "API resource access rights", company.

The other pages (dimensions, voucher types, ledger, payments, faults, API calls) live in views_*.py beside this
one.

The words on buttons and headings copy Netvisor's own English UI so written instructions can be followed
literally. There is no login: the sandbox binds to 127.0.0.1 and is a development tool.
"""

from datetime import date

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from netvisor_sandbox.models import (
    RESOURCE_RIGHTS,
    SandboxApiIdentifier,
    SandboxConnectionIdentifier,
    SandboxIntegrationGrant,
    SandboxOrganisation,
    SandboxPartner,
)

NAV = (
    ("nvsandbox-identifiers", "API and identifiers"),
    ("nvsandbox-rights", "API resource access rights"),
    ("nvsandbox-dimensions", "Dimensions"),
    ("nvsandbox-voucher-types", "Voucher types"),
    ("nvsandbox-ledger", "Ledger"),
    ("nvsandbox-payments", "Outgoing payments"),
    ("nvsandbox-company", "Company"),
    ("nvsandbox-faults", "Faults"),
    ("nvsandbox-calls", "API calls"),
)
RIGHT_RESOURCES = {
    "accounting": "accounting.nv, accountingledger.nv, vouchertypelist.nv, accountlist.nv, accountingperiodlist.nv",
    "dimensionlist": "dimensionlist.nv, dimensionitem.nv",
    "payment": "payment.nv, unprocessedoutgoingpayments.nv",
}


def render_page(
    request: HttpRequest, template: str, organisation: SandboxOrganisation | None, active: str, **context: object
) -> HttpResponse:
    context.update(
        organisation=organisation,
        organisations=SandboxOrganisation.objects.all(),
        nav=NAV,
        active=active,
    )
    return render(request, f"netvisor_sandbox/{template}", context)


def get_organisation(business_id: str) -> SandboxOrganisation:
    return get_object_or_404(SandboxOrganisation, business_id=business_id)


def home(request: HttpRequest) -> HttpResponse:
    organisations = list(SandboxOrganisation.objects.all())
    if len(organisations) == 1:
        return redirect("nvsandbox-identifiers", business_id=organisations[0].business_id)
    return render_page(request, "home.html", None, "")


def switch(request: HttpRequest) -> HttpResponse:
    organisation = get_organisation(request.GET.get("org", ""))
    return redirect("nvsandbox-identifiers", business_id=organisation.business_id)


def organisation_home(request: HttpRequest, business_id: str) -> HttpResponse:
    return redirect("nvsandbox-identifiers", business_id=get_organisation(business_id).business_id)


def identifiers(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    context: dict[str, object] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "create_connection":
            context["new_connection"] = SandboxConnectionIdentifier.objects.create(organisation=organisation)
        elif action == "create_api":
            context["new_api"] = SandboxApiIdentifier.objects.create(
                organisation=organisation, label="Created on the API identifiers page"
            )
        else:
            _change_identifier(request, organisation, action)
            return redirect("nvsandbox-identifiers", business_id=business_id)
    return render_page(
        request,
        "identifiers.html",
        organisation,
        "nvsandbox-identifiers",
        api_identifiers=organisation.identifiers.all(),
        connection_identifiers=organisation.connection_identifiers.all(),
        **context,
    )


def _change_identifier(request: HttpRequest, organisation: SandboxOrganisation, action: str) -> None:
    now = timezone.now()
    pk = request.POST.get("pk", "")
    if not pk.isdigit():
        return
    if action in ("expire_api", "revoke_api"):
        field = "expired_at" if action == "expire_api" else "revoked_at"
        organisation.identifiers.filter(pk=pk).update(**{field: now})
        messages.success(request, "The API identifier was " + ("expired." if field == "expired_at" else "revoked."))
    elif action in ("expire_connection", "revoke_connection"):
        field = "expires_at" if action == "expire_connection" else "revoked_at"
        organisation.connection_identifiers.filter(pk=pk).update(**{field: now})
        messages.success(request, "The identifier for connecting external software was updated.")


def rights(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method == "POST":
        _save_rights(request, organisation)
        return redirect("nvsandbox-rights", business_id=business_id)
    grants = organisation.grants.select_related("partner").order_by("partner__name")
    return render_page(
        request,
        "rights.html",
        organisation,
        "nvsandbox-rights",
        grants=[
            (grant, [(right, right in grant.rights, RIGHT_RESOURCES.get(right, "")) for right in RESOURCE_RIGHTS])
            for grant in grants
        ],
    )


def _save_rights(request: HttpRequest, organisation: SandboxOrganisation) -> None:
    if request.POST.get("action") == "add_integration":
        search = request.POST.get("partner_search", "").strip()
        partner = SandboxPartner.objects.filter(name__iexact=search).first()
        if partner is None:
            messages.error(request, f"No integration found with PartnerSearchIdentifier “{search}”.")
            return
        SandboxIntegrationGrant.objects.get_or_create(organisation=organisation, partner=partner)
        messages.success(request, f"Integration {partner.name} was added.")
        return
    grant = organisation.grants.filter(pk=request.POST.get("grant", "0") or 0).first()
    if grant is not None:
        grant.rights = [right for right in RESOURCE_RIGHTS if right in request.POST.getlist("rights")]
        grant.save(update_fields=["rights"])
        messages.success(request, f"Rights of {grant.partner.name} were saved.")


def company(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method == "POST":
        organisation.name = request.POST.get("name", "").strip() or organisation.name
        for field in ("accounting_lock_date", "vat_lock_date", "purchase_lock_date"):
            setattr(organisation, field, _date_or_none(request.POST.get(field, "")))
        organisation.save()
        messages.success(request, "Company settings were saved.")
        return redirect("nvsandbox-company", business_id=business_id)
    return render_page(request, "company.html", organisation, "nvsandbox-company", periods=organisation.periods.all())


def _date_or_none(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def static_file(request: HttpRequest, path: str) -> FileResponse:
    """Serve the service's stylesheet from its source folder; the sandbox has no static pipeline."""
    found = finders.find(path)
    if not found or isinstance(found, list):
        raise Http404(path)
    return FileResponse(open(found, "rb"))
