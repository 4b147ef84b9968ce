"""The Accounting export page, its actions and the export settings: each view parses, calls one service."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from companies import roles
from companies.access import company_view
from companies.http import CompanyRequest
from expenses.aggregates import cents_sum, from_cents
from expenses.models import Expense, State
from exports import selectors
from exports.forms import ExportSettingsForm, ResolvePaymentForm
from exports.models import PaymentExport, VoucherExport
from exports.services import queueing, resolution
from exports.services.settings import settings_of, update_settings

accounting_view = company_view(roles.can_see_all_expenses)
admin_view = company_view(roles.can_manage_company)


@accounting_view
def export_page(request: CompanyRequest) -> HttpResponse:
    company = request.company
    approved = Expense.objects.filter(company=company, state=State.APPROVED)
    context = {
        "approved_count": approved.count(),
        "approved_total": from_cents(approved.aggregate(total=cents_sum("amount_eur"))["total"]),
        "vouchers_attention": selectors.vouchers_needing_attention(company),
        "payments_attention": selectors.payments_needing_attention(company),
        "recent_vouchers": selectors.recent_vouchers(company),
        "recent_payments": selectors.recent_payments(company),
        "settings": settings_of(company),
        "resolve_form": ResolvePaymentForm(),
    }
    return render(request, "exports/export.html", context)


def _done(request: CompanyRequest, action: Callable[[], object], message: str | Callable[[Any], str]) -> HttpResponse:
    """Run one service call; say what it did (``message`` may be a function of its result) or why not."""
    try:
        result = action()
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message(result) if callable(message) else message)
    return redirect("exports:page")


@accounting_view
@require_POST
def send_now(request: CompanyRequest) -> HttpResponse:
    company = request.company
    return _done(
        request,
        lambda: queueing.send_now(company=company, actor=request.user),
        lambda count: (
            ngettext(
                "%(count)s expense queued for accounting. It is sent in the background.",
                "%(count)s expenses queued for accounting. They are sent in the background.",
                count,
            )
            % {"count": count}
        ),
    )


def _voucher(request: CompanyRequest, row_id: int) -> VoucherExport:
    return get_object_or_404(VoucherExport, pk=row_id, company=request.company)


def _payment(request: CompanyRequest, row_id: int) -> PaymentExport:
    return get_object_or_404(PaymentExport, pk=row_id, company=request.company)


@accounting_view
@require_POST
def retry_voucher(request: CompanyRequest, voucher_export_id: int) -> HttpResponse:
    row = _voucher(request, voucher_export_id)
    without = request.POST.get("without_attachments") == "1"
    return _done(
        request,
        lambda: resolution.retry_voucher(row=row, actor=request.user, without_attachments=without),
        _("The voucher is queued again."),
    )


@accounting_view
@require_POST
def retry_payment(request: CompanyRequest, payment_export_id: int) -> HttpResponse:
    row = _payment(request, payment_export_id)
    return _done(
        request, lambda: resolution.retry_payment(row=row, actor=request.user), _("The payment is queued again.")
    )


@accounting_view
@require_POST
def resolve_payment(request: CompanyRequest, payment_export_id: int) -> HttpResponse:
    row = _payment(request, payment_export_id)
    form = ResolvePaymentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            # An ErrorList yields message strings; the stubs type its items as ValidationError | str.
            for text in errors:
                messages.error(request, str(text))
        return redirect("exports:page")
    data = form.cleaned_data
    return _done(
        request,
        lambda: resolution.resolve_held_payment(
            row=row, actor=request.user, found=data["found"], payment_id=data["payment_id"]
        ),
        _("Thank you. The payment is recorded as found.") if data["found"] else _("The payment is sent again."),
    )


@accounting_view
@require_POST
def mark_paid(request: CompanyRequest, payment_export_id: int) -> HttpResponse:
    row = _payment(request, payment_export_id)
    return _done(request, lambda: resolution.mark_payment_paid(row=row, actor=request.user), _("Marked paid."))


@admin_view
def export_settings(request: CompanyRequest) -> HttpResponse:
    company = request.company
    current = settings_of(company)
    form = ExportSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            update_settings(company=company, actor=request.user, **{f: form.cleaned_data[f] for f in form.fields})
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Export settings saved."))
            return redirect("exports:settings")
    return render(request, "exports/settings.html", {"form": form, "tab": "export"})
