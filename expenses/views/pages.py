"""Lists and the page of one expense."""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from companies import roles
from companies.access import company_view
from companies.http import CompanyRequest
from expenses.forms import AttachmentForm, CorrectAmountForm, FilterForm, RejectForm
from expenses.forms.actions import InboxFilterForm
from expenses.models import State
from expenses.policy import may_approve
from expenses.selectors import approval_inbox_page, expense_list_rows
from expenses.services.recording import EDITABLE_STATES
from expenses.spreadsheet import (
    XLSX_CONTENT_TYPE,
    ExpenseSheet,
    csv_lines,
    expense_sheet,
    export_filename,
    workbook_file,
)
from expenses.views.common import visible_expense
from expenses.views.listing import navigation


@company_view()
def expense_list(request: CompanyRequest) -> HttpResponse:
    return _list_page(request, "mine")


@company_view(roles.can_see_all_expenses)
def all_expenses(request: CompanyRequest) -> HttpResponse:
    return _list_page(request, "all")


def _list_page(request: CompanyRequest, scope: str) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.filters(scope)
    result = expense_list_rows(request.company, request.user, filters)
    context = {
        "form": form,
        "result": result,
        "scope": scope,
        "query": request.GET.urlencode(),
        "nav": navigation(request.GET, result, filters.sort, "-date"),
    }
    return render(request, "expenses/list.html", context)


@company_view(roles.can_see_all_expenses)
def export_csv(request: CompanyRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(_export_sheet(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _export_filename(request, "csv"))
    return response


@company_view(roles.can_see_all_expenses)
def export_xlsx(request: CompanyRequest) -> FileResponse:
    file = workbook_file(_export_sheet(request))
    filename = _export_filename(request, "xlsx")
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def _export_sheet(request: CompanyRequest) -> ExpenseSheet:
    # The same filters as the "All expenses" page the download link is on.
    filters = FilterForm(request.GET or None).filters("all")
    return expense_sheet(company=request.company, user=request.user, filters=filters)


def _export_filename(request: CompanyRequest, extension: str) -> str:
    company = request.company
    return export_filename(company=company, day=timezone.localdate(), extension=extension)


@company_view()
def expense_page(request: CompanyRequest, expense_id: int) -> HttpResponse:
    expense = visible_expense(request, expense_id, detail=True)
    role = request.membership.role
    is_owner = expense.owner_id == request.user.pk
    approver = expense.state == State.SUBMITTED and may_approve(expense, request.user, role)
    context = {
        "expense": expense,
        "is_owner": is_owner,
        "editable": is_owner and expense.state in EDITABLE_STATES,
        "may_decide": approver,
        "may_send": expense.state == State.APPROVED and roles.can_see_all_expenses(role),
        "may_clear_duplicate": expense.is_flagged_duplicate and (approver or roles.can_see_all_expenses(role)),
        "attachment_form": AttachmentForm(),
        "reject_form": RejectForm(),
        "correct_form": CorrectAmountForm(initial={"amount": expense.amount}),
    }
    return render(request, "expenses/detail.html", context)


@company_view(roles.can_approve)
def approvals(request: CompanyRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    filters = form.filters("inbox")
    result = approval_inbox_page(request.company, request.user, filters)
    context = {
        "form": form,
        "result": result,
        "reject_form": RejectForm(),
        "nav": navigation(request.GET, result, filters.sort),
    }
    return render(request, "expenses/approvals.html", context)
