"""POST-only actions on one expense: each parses its form, calls one service and goes back."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from companies import roles
from companies.access import company_view
from expenses import services
from expenses.forms import AttachmentForm, CorrectAmountForm, RejectForm
from expenses.models import Attachment, Expense
from expenses.selectors import approval_inbox, visible_expenses
from expenses.storage import download_response
from expenses.views.common import show_errors, visible_expense
from exports.services.queueing import send_expense


def _act(request: HttpRequest, expense_id: int, action: Callable[[Expense], object], done: str) -> HttpResponse:
    expense = visible_expense(request, expense_id)
    try:
        action(expense)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, done)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("expenses:detail", expense_id=expense.pk)


@company_view()
@require_POST
def submit(request: HttpRequest, expense_id: int) -> HttpResponse:
    return _act(
        request, expense_id, lambda e: services.submit_expense(expense=e, actor=request.user), _("Expense submitted.")
    )


@company_view()
@require_POST
def approve(request: HttpRequest, expense_id: int) -> HttpResponse:
    return _act(
        request, expense_id, lambda e: services.approve_expense(expense=e, actor=request.user), _("Expense approved.")
    )


@company_view()
@require_POST
def reject(request: HttpRequest, expense_id: int) -> HttpResponse:
    reason = RejectForm(request.POST).data.get("reason", "")
    return _act(
        request,
        expense_id,
        lambda e: services.reject_expense(expense=e, actor=request.user, reason=str(reason)),
        _("Expense rejected."),
    )


@company_view()
@require_POST
def correct(request: HttpRequest, expense_id: int) -> HttpResponse:
    form = CorrectAmountForm(request.POST)
    if not form.is_valid():
        visible_expense(request, expense_id)
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("expenses:detail", expense_id=expense_id)
    return _act(
        request,
        expense_id,
        lambda e: services.correct_amount(expense=e, actor=request.user, **form.cleaned_data),
        _("Amount corrected."),
    )


@company_view()
@require_POST
def not_duplicate(request: HttpRequest, expense_id: int) -> HttpResponse:
    return _act(
        request,
        expense_id,
        lambda e: services.dismiss_duplicate(expense=e, actor=request.user),
        _("Marked as not a duplicate."),
    )


@company_view()
@require_POST
def send_to_accounting(request: HttpRequest, expense_id: int) -> HttpResponse:
    return _act(
        request,
        expense_id,
        lambda e: send_expense(expense=e, actor=request.user),
        _("Expense queued for accounting."),
    )


@company_view()
@require_POST
def delete(request: HttpRequest, expense_id: int) -> HttpResponse:
    expense = visible_expense(request, expense_id)
    try:
        services.delete_draft(expense=expense, actor=request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("expenses:detail", expense_id=expense_id)
    messages.success(request, _("Draft deleted."))
    return redirect("expenses:list")


@company_view(roles.can_approve)
@require_POST
def approve_all(request: HttpRequest) -> HttpResponse:
    inbox = approval_inbox(request.company, request.user)  # type: ignore[attr-defined]
    result = services.approve_all(expenses=inbox, actor=request.user)
    messages.success(request, _("%(done)s approved, %(skipped)s left for a closer look.") % result.__dict__)
    return redirect("expenses:approvals")


@company_view()
@require_POST
def upload_attachment(request: HttpRequest, expense_id: int) -> HttpResponse:
    expense = visible_expense(request, expense_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return redirect("expenses:detail", expense_id=expense_id)
    return _act(
        request,
        expense.pk,
        lambda e: services.add_attachment(expense=e, actor=request.user, upload=form.cleaned_data["file"]),
        _("Attachment added."),
    )


def _visible_attachment(request: HttpRequest, attachment_id: int) -> Attachment:
    expenses = visible_expenses(request.company, request.user, request.membership.role)  # type: ignore[attr-defined]
    return get_object_or_404(
        Attachment.objects.select_related("expense__company"), pk=attachment_id, expense__in=expenses
    )


@company_view()
@require_GET
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    return download_response(_visible_attachment(request, attachment_id))


@company_view()
@require_POST
def delete_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = _visible_attachment(request, attachment_id)
    expense_id = attachment.expense_id
    try:
        services.delete_attachment(attachment=attachment, actor=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Attachment removed."))
    return redirect("expenses:detail", expense_id=expense_id)
