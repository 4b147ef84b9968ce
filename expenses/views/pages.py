"""Lists and the page of one expense."""

import csv
from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from companies import roles
from companies.access import company_view
from expenses.forms import AttachmentForm, CorrectAmountForm, FilterForm, RejectForm
from expenses.models import State
from expenses.policy import may_approve
from expenses.selectors import approval_inbox, expense_list_rows, export_rows
from expenses.services.recording import EDITABLE_STATES
from expenses.views.common import visible_expense


@company_view()
def expense_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    result = expense_list_rows(request.company, request.user, form.filters("mine"))  # type: ignore[attr-defined]
    return render(request, "expenses/list.html", {"form": form, "result": result, "scope": "mine"})


@company_view(roles.can_see_all_expenses)
def all_expenses(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    result = expense_list_rows(request.company, request.user, form.filters("all"))  # type: ignore[attr-defined]
    context = {"form": form, "result": result, "scope": "all", "query": request.GET.urlencode()}
    return render(request, "expenses/list.html", context)


CSV_HEADER = [
    "id",
    "date",
    "person",
    "kind",
    "description",
    "state",
    "currency",
    "amount",
    "exchange_rate",
    "amount_eur",
    "payment_method",
    "reimbursable",
]


@company_view(roles.can_see_all_expenses)
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    filters = FilterForm(request.GET or None).filters("all")
    rows = export_rows(request.company, request.user, filters)  # type: ignore[attr-defined]

    def lines() -> Iterator[str]:
        writer = csv.writer(_Echo())
        yield writer.writerow(CSV_HEADER)
        for e in rows.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    e.pk,
                    e.date.isoformat(),
                    e.owner.email,
                    e.kind,
                    _safe(e.description),
                    e.state,
                    e.currency,
                    e.amount,
                    e.exchange_rate,
                    e.amount_eur,
                    e.payment_method.name if e.payment_method else "",
                    "yes" if e.is_reimbursable else "no",
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="expenses.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(text: str) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@company_view()
def expense_page(request: HttpRequest, expense_id: int) -> HttpResponse:
    expense = visible_expense(request, expense_id, detail=True)
    role = request.membership.role  # type: ignore[attr-defined]
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
def approvals(request: HttpRequest) -> HttpResponse:
    inbox = approval_inbox(request.company, request.user)  # type: ignore[attr-defined]
    return render(request, "expenses/approvals.html", {"inbox": inbox, "reject_form": RejectForm()})
