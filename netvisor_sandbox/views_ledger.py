"""Pages for what the service sent: received vouchers (with attachments), outgoing payments, and faults."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from netvisor_sandbox import faults
from netvisor_sandbox.models import (
    RESOURCE_RIGHTS,
    SandboxAttachment,
    SandboxFault,
    SandboxOrganisation,
    SandboxPayment,
)
from netvisor_sandbox.views_pages import get_organisation, render_page


def ledger(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    vouchers = (
        organisation.vouchers.select_related("voucher_type")
        .prefetch_related("lines", "attachments")
        .order_by("-created_at", "-pk")
    )
    return render_page(request, "ledger.html", organisation, "nvsandbox-ledger", vouchers=vouchers)


def attachment(request: HttpRequest, business_id: str, pk: int) -> HttpResponse:
    organisation = get_organisation(business_id)
    item = get_object_or_404(SandboxAttachment, pk=pk, voucher__organisation=organisation)
    response = HttpResponse(bytes(item.data), content_type=item.mime_type or "application/octet-stream")
    # Attachment disposition: the file came from outside and must not render inside the sandbox's origin.
    filename = item.filename.replace('"', "")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def payments(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method == "POST":
        payment = organisation.payments.filter(pk=request.POST.get("pk", "0") or 0).first()
        if payment is not None:
            _mark(request, payment)
        return redirect("nvsandbox-payments", business_id=business_id)
    return render_page(
        request, "payments.html", organisation, "nvsandbox-payments", payments=organisation.payments.all()
    )


def _mark(request: HttpRequest, payment: SandboxPayment) -> None:
    if request.POST.get("action") == "ok":
        payment.status = SandboxPayment.Status.OK
        payment.status_description = request.POST.get("description", "").strip() or "Maksettu"
    else:
        payment.status = SandboxPayment.Status.ERROR
        payment.status_description = request.POST.get("description", "").strip() or "Maksu hylätty"
    payment.save(update_fields=["status", "status_description"])
    messages.success(request, f"Payment {payment.pk} marked {payment.get_status_display()}.")


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
    )


def _change_faults(request: HttpRequest, organisation: SandboxOrganisation) -> None:
    action = request.POST.get("action", "")
    if action == "clear":
        faults.clear(organisation, request.POST.get("kind") or None)
        messages.success(request, "Fault cleared.")
        return
    try:
        seconds = float(request.POST["seconds"]) if request.POST.get("seconds") else None
        status = int(request.POST["status_code"]) if request.POST.get("status_code") else None
        faults.set_fault(
            organisation,
            request.POST.get("kind", ""),
            seconds=seconds,
            status_code=status,
            right=request.POST.get("right", ""),
        )
    except ValueError as error:
        messages.error(request, str(error))
        return
    messages.success(request, "Fault set.")
