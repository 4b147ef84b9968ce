"""Actions on expenses: each parses its form, calls one service and goes back.

All POST, except the confirmation page of "Approve all", which shows what the POST would do."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies import roles
from companies.access import company_view
from companies.http import CompanyRequest
from expenses import services
from expenses.forms import AttachmentForm, CorrectAmountForm, RejectForm
from expenses.forms.actions import ApproveAllForm, InboxFilterForm, SelectedExpensesForm
from expenses.models import Attachment, Expense
from expenses.models.attachment import PreviewState
from expenses.selectors import approve_all_preview, visible_expenses
from expenses.services.bulk_approval import InboxChanged, approve_confirmed
from expenses.services.bulk_approval import approve_selected as approve_selected_expenses
from expenses.services.previews import ask_for_preview_again
from expenses.storage import download_response, preview_response
from expenses.views.common import show_errors, visible_expense
from expenses.views.listing import FILTER_NAMES
from exports.services.queueing import send_expense


def _act(request: CompanyRequest, expense_id: int, action: Callable[[Expense], object], done: str) -> HttpResponse:
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
def submit(request: CompanyRequest, expense_id: int) -> HttpResponse:
    return _act(
        request, expense_id, lambda e: services.submit_expense(expense=e, actor=request.user), _("Expense submitted.")
    )


@company_view()
@require_POST
def approve(request: CompanyRequest, expense_id: int) -> HttpResponse:
    return _act(
        request, expense_id, lambda e: services.approve_expense(expense=e, actor=request.user), _("Expense approved.")
    )


@company_view()
@require_POST
def reject(request: CompanyRequest, expense_id: int) -> HttpResponse:
    reason = RejectForm(request.POST).data.get("reason", "")
    return _act(
        request,
        expense_id,
        lambda e: services.reject_expense(expense=e, actor=request.user, reason=str(reason)),
        _("Expense rejected."),
    )


@company_view()
@require_POST
def correct(request: CompanyRequest, expense_id: int) -> HttpResponse:
    form = CorrectAmountForm(request.POST)
    if not form.is_valid():
        visible_expense(request, expense_id)
        for errors in form.errors.values():
            # Iterating an ErrorList gives each message as text; the stubs give the ValidationError it may hold.
            for message in errors:
                messages.error(request, str(message))
        return redirect("expenses:detail", expense_id=expense_id)
    return _act(
        request,
        expense_id,
        lambda e: services.correct_amount(expense=e, actor=request.user, **form.cleaned_data),
        _("Amount corrected."),
    )


@company_view()
@require_POST
def not_duplicate(request: CompanyRequest, expense_id: int) -> HttpResponse:
    return _act(
        request,
        expense_id,
        lambda e: services.dismiss_duplicate(expense=e, actor=request.user),
        _("Marked as not a duplicate."),
    )


@company_view()
@require_POST
def send_to_accounting(request: CompanyRequest, expense_id: int) -> HttpResponse:
    return _act(
        request,
        expense_id,
        lambda e: send_expense(expense=e, actor=request.user),
        _("Expense queued for accounting."),
    )


@company_view()
@require_POST
def delete(request: CompanyRequest, expense_id: int) -> HttpResponse:
    expense = visible_expense(request, expense_id)
    try:
        services.delete_draft(expense=expense, actor=request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("expenses:detail", expense_id=expense_id)
    messages.success(request, _("Draft deleted."))
    return redirect("expenses:list")


@company_view(roles.can_approve)
@require_http_methods(["GET", "POST"])
def approve_all(request: CompanyRequest) -> HttpResponse:
    """GET: how many and how much "Approve all" would approve; POST: approve exactly that, if unchanged."""
    if request.method == "GET":
        return _confirm_approve_all(request)
    form = ApproveAllForm(request.POST)
    if not form.is_valid():  # no fingerprint: nothing was confirmed
        return redirect(_with_query("expenses:approve_all", _inbox_query(request.POST)))
    try:
        result = approve_confirmed(
            company=request.company,
            actor=request.user,
            filters=form.filters("inbox"),
            fingerprint=form.cleaned_data["fingerprint"],
        )
    except InboxChanged as error:
        show_errors(request, error)
        return redirect(_with_query("expenses:approve_all", _inbox_query(request.POST)))
    messages.success(request, _("%(done)s approved, %(skipped)s left for a closer look.") % result.__dict__)
    return redirect(_with_query("expenses:approvals", _inbox_query(request.POST)))


def _confirm_approve_all(request: CompanyRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    preview = approve_all_preview(request.company, request.user, form.filters("inbox"))
    context = {"preview": preview, "filters": _inbox_query(request.GET), "query": _inbox_query(request.GET).urlencode()}
    return render(request, "expenses/approve_all_confirm.html", context)


def _inbox_query(params: QueryDict) -> QueryDict:
    """The filters of the Approvals page within ``params``: what "Approve all" covers."""
    query = QueryDict(mutable=True)
    for name in FILTER_NAMES:
        values = [value for value in params.getlist(name) if value]
        if values:
            query.setlist(name, values)
    return query


def _with_query(view_name: str, query: QueryDict) -> str:
    return f"{reverse(view_name)}?{query.urlencode()}" if query else reverse(view_name)


@company_view(roles.can_approve)
@require_POST
def approve_selected(request: CompanyRequest) -> HttpResponse:
    form = SelectedExpensesForm(request.POST)
    if form.is_valid():
        result = approve_selected_expenses(
            company=request.company,
            actor=request.user,
            expense_ids=form.cleaned_data["expense"],
        )
        messages.success(request, _("%(done)s approved, %(skipped)s skipped.") % result.__dict__)
        if result.skipped:
            messages.warning(
                request,
                _(
                    "An expense is skipped when it is not yours to approve, was decided meanwhile "
                    "or is a possible duplicate; open it to see which."
                ),
            )
    else:
        show_errors(request, ValidationError(list(form.errors["expense"])))
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("expenses:approvals")


@company_view()
@require_POST
def upload_attachment(request: CompanyRequest, expense_id: int) -> HttpResponse:
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


def _visible_attachment(request: CompanyRequest, attachment_id: int) -> Attachment:
    expenses = visible_expenses(request.company, request.user, request.membership.role)
    return get_object_or_404(
        Attachment.objects.select_related("expense__company"), pk=attachment_id, expense__in=expenses
    )


@company_view()
@require_GET
def download_attachment(request: CompanyRequest, attachment_id: int) -> FileResponse:
    return download_response(_visible_attachment(request, attachment_id))


@company_view()
@require_GET
def attachment_preview(request: CompanyRequest, attachment_id: int) -> FileResponse | HttpResponse:
    """The large preview; without it yet, back to the expense page, having asked again if the task was lost."""
    attachment = _visible_attachment(request, attachment_id)
    if attachment.preview_state == PreviewState.READY:
        return preview_response(attachment.preview)
    if attachment.preview_state == PreviewState.PENDING:
        ask_for_preview_again(attachment=attachment)
        messages.info(request, _("The preview is being prepared. Try again in a moment."))
    else:
        messages.info(request, _("This file has no preview. Download it to see it."))
    return redirect("expenses:detail", expense_id=attachment.expense_id)


@company_view()
@require_GET
def attachment_thumbnail(request: CompanyRequest, attachment_id: int) -> FileResponse:
    attachment = _visible_attachment(request, attachment_id)
    if attachment.preview_state != PreviewState.READY:
        ask_for_preview_again(attachment=attachment)
        raise Http404("No thumbnail yet")
    return preview_response(attachment.thumbnail)


@company_view()
@require_POST
def delete_attachment(request: CompanyRequest, attachment_id: int) -> HttpResponse:
    attachment = _visible_attachment(request, attachment_id)
    expense_id = attachment.expense_id
    try:
        services.delete_attachment(attachment=attachment, actor=request.user)
    except ValidationError as error:
        show_errors(request, error)
    else:
        messages.success(request, _("Attachment removed."))
    return redirect("expenses:detail", expense_id=expense_id)
