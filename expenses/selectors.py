"""Reads for pages, the API and benchmarks. Each returns in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from companies import roles
from companies.models import Company
from costcenters.models import CostCenter
from expenses.aggregates import cents_sum, from_cents
from expenses.models import (
    Attachment,
    Expense,
    ExpenseLine,
    ExpenseSettings,
    Kind,
    PaymentMethod,
    PurchaseType,
    State,
)
from expenses.policy import approvable_owners, role_of, visible_filter

PAGE_SIZE = 100


@dataclass(frozen=True)
class ExpenseFilters:
    state: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    # "mine": the member's own expenses; "all": the company's (accountants and admins).
    scope: str = "mine"
    page: int = 1


@dataclass(frozen=True)
class ExpenseList:
    rows: list[Expense]
    count: int
    totals: list[dict[str, object]] = field(default_factory=list)
    total_eur: Decimal = Decimal("0.00")
    page: int = 1
    pages: int = 1


def visible_expenses(company: Company, user: object, role: str | None = None) -> QuerySet[Expense]:
    """Every expense of ``company`` the member may open; another company's never."""
    role = role if role is not None else role_of(company, user)
    return Expense.objects.filter(visible_filter(company, user, role), company=company)


def _with_row_data(queryset: QuerySet[Expense]) -> QuerySet[Expense]:
    attachment_count = (
        Attachment.objects.filter(expense=OuterRef("pk"))
        .order_by()
        .values("expense")
        .annotate(n=Count("id"))
        .values("n")
    )
    return queryset.select_related("owner", "payment_method").annotate(
        attachment_count=Coalesce(Subquery(attachment_count, output_field=IntegerField()), 0)
    )


def filtered_expenses(company: Company, user: object, filters: ExpenseFilters) -> QuerySet[Expense]:
    role = role_of(company, user)
    if filters.scope == "all":
        queryset = Expense.objects.filter(company=company) if _sees_all(role) else Expense.objects.none()
    else:
        queryset = Expense.objects.filter(company=company, owner=user)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.date_from:
        queryset = queryset.filter(date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(date__lte=filters.date_to)
    return queryset


def _sees_all(role: str | None) -> bool:
    return role is not None and roles.can_see_all_expenses(role)


def expense_list_rows(company: Company, user: object, filters: ExpenseFilters) -> ExpenseList:
    """What the list page renders: one page of rows, the count and the totals, in 4 queries."""
    queryset = filtered_expenses(company, user, filters)
    totals = list(
        queryset.order_by().values("currency").annotate(total=cents_sum("amount"), n=Count("id")).order_by("currency")
    )
    for total in totals:
        total["total"] = from_cents(total["total"])
    count = sum(int(total["n"]) for total in totals)
    total_eur = from_cents(queryset.aggregate(total=cents_sum("amount_eur"))["total"])
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    start = (page - 1) * PAGE_SIZE
    rows = list(_with_row_data(queryset).order_by("-date", "-id")[start : start + PAGE_SIZE])
    return ExpenseList(rows, count, totals, total_eur, page, pages)


def approval_inbox(company: Company, user: object) -> list[Expense]:
    """Submitted expenses the user approves, never their own, oldest first."""
    role = role_of(company, user)
    queryset = Expense.objects.filter(
        approvable_owners(company, user, role), company=company, state=State.SUBMITTED
    ).exclude(owner=user)
    # per_diem: the badge of a day rate the employee entered, without a query per row.
    rows = _with_row_data(queryset).select_related("possible_duplicate_of", "per_diem")
    return list(rows.order_by("submitted_at", "id"))


def expense_detail(queryset: QuerySet[Expense]) -> QuerySet[Expense]:
    return queryset.select_related(
        "owner", "payment_method", "decided_by", "rate_entered_by", "mileage", "per_diem", "possible_duplicate_of"
    ).prefetch_related("lines__purchase_type", "lines__cost_center", "legs", "attachments", "history__actor")


def spreadsheet_expenses(company: Company, user: object, filters: ExpenseFilters) -> QuerySet[Expense]:
    """Expenses of the accountants' CSV and Excel export with all a row shows, oldest first.

    Iterate with ``.iterator(chunk_size=...)``: two queries per chunk, however many lines.
    """
    lines = ExpenseLine.objects.select_related("purchase_type", "cost_center")
    return (
        filtered_expenses(company, user, filters)
        .select_related("owner", "payment_method", "decided_by")
        .prefetch_related(Prefetch("lines", queryset=lines))
        .order_by("date", "id")
    )


def allowance_accounts(company: Company) -> dict[str, str]:
    """The expense account of each allowance kind (a receipt's line has its purchase type's), in one query."""
    found = ExpenseSettings.objects.filter(company=company).first()
    if found is None:
        return {}
    return {Kind.MILEAGE: found.mileage_account, Kind.PER_DIEM: found.per_diem_account}


def active_payment_methods(company: Company) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(company=company, is_active=True)


def _active_or_kept(kept: frozenset[int]) -> Q:
    # An expense being edited may keep what it points at after an admin deactivated it; nothing else inactive.
    return Q(is_active=True) | Q(pk__in=kept)


def choosable_purchase_types(company: Company, kept: frozenset[int] = frozenset()) -> QuerySet[PurchaseType]:
    return PurchaseType.objects.filter(_active_or_kept(kept), company=company)


def choosable_payment_methods(company: Company, kept: frozenset[int] = frozenset()) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(_active_or_kept(kept), company=company)


def choosable_cost_centers(company: Company, kept: frozenset[int] = frozenset()) -> QuerySet[CostCenter]:
    return CostCenter.objects.filter(_active_or_kept(kept), company=company)
