"""Small helpers shared by the expense pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from companies.http import CompanyRequest
from expenses.models import Expense
from expenses.selectors import expense_detail, visible_expenses


def visible_expense(request: CompanyRequest, expense_id: int, *, detail: bool = False) -> Expense:
    """The expense if this member may open it; 404 for another company's or someone else's."""
    queryset: QuerySet[Expense] = visible_expenses(request.company, request.user, request.membership.role)
    if detail:
        queryset = expense_detail(queryset)
    return get_object_or_404(queryset.select_related("company"), pk=expense_id)


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)
