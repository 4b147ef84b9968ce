"""Pages for what the service sent: received vouchers (with attachments) and outgoing payments."""

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from netvisor_sandbox.models import SandboxAttachment, SandboxOrganisation, SandboxPayment
from netvisor_sandbox.views_pages import get_organisation, render_page

DEFAULT_PAID = "Maksettu"
DEFAULT_FAILURE = "Maksu hylätty"


def ledger(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    # Sizes from the database: the page must not load every receipt's bytes to print their lengths.
    attachments = SandboxAttachment.objects.defer("data").annotate(size=Length("data"))
    vouchers = (
        organisation.vouchers.select_related("voucher_type")
        .prefetch_related("lines", Prefetch("attachments", queryset=attachments))
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
    search = request.GET.get("q", "").strip()
    return render_page(
        request,
        "payments.html",
        organisation,
        "nvsandbox-payments",
        payments=_payments(organisation, search),
        search=search,
    )


def _payments(organisation: SandboxOrganisation, search: str) -> QuerySet[SandboxPayment]:
    # A person checking an unknown outcome looks a payment up by the reference in its message (spec 13.15).
    found = organisation.payments.all()
    return found.filter(message__icontains=search) if search else found


def _mark(request: HttpRequest, payment: SandboxPayment) -> None:
    """What the bank answers: paid (2 OK) or failed (3 with the reason unprocessedoutgoingpayments.nv reports)."""
    action = request.POST.get("action")
    description = request.POST.get("description", "").strip()
    if action == "ok":
        payment.status, payment.status_description = SandboxPayment.Status.OK, description or DEFAULT_PAID
    elif action == "error":
        payment.status = SandboxPayment.Status.ERROR
        payment.status_description = description or DEFAULT_FAILURE
    else:
        return
    payment.save(update_fields=["status", "status_description"])
    messages.success(request, f"Payment {payment.pk} marked {payment.status} {payment.get_status_display()}.")
