"""Reads for pages, the API and benchmarks. Each returns in a fixed number of queries."""

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
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
from expenses.models.attachment import PreviewState
from expenses.policy import approvable_owners, role_of, visible_filter

PAGE_SIZE = 100
PAGE_SIZES = (25, 50, 100)
# More words than this in one search are ignored: each is one more pass over the rows.
MAX_SEARCH_TERMS = 5

# The sorts the lists offer, ascending; a "-" in front reverses every column. The id breaks ties,
# so that paging through rows sharing a date or an amount never repeats or skips one.
SORTS: dict[str, tuple[str, ...]] = {
    "date": ("date", "id"),
    "amount": ("amount_eur", "id"),
    "state": ("state", "date", "id"),
    "person": ("owner__last_name", "owner__first_name", "owner__email", "id"),
}
LIST_ORDER = ("-date", "-id")
INBOX_ORDER = ("submitted_at", "id")


@dataclass(frozen=True)
class ExpenseFilters:
    state: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    # "mine": the member's own expenses; "all": the company's (accountants and admins).
    scope: str = "mine"
    page: int = 1
    # Words each found in the description (the merchant) or the owner's name or e-mail.
    q: str = ""
    # A key of SORTS, "-" in front for descending; empty: the page's own order.
    sort: str = ""
    per_page: int = PAGE_SIZE


@dataclass(frozen=True)
class ExpenseList:
    rows: list[Expense]
    count: int
    totals: list[dict[str, object]] = field(default_factory=list)
    total_eur: Decimal = Decimal("0.00")
    page: int = 1
    pages: int = 1
    per_page: int = PAGE_SIZE

    @property
    def first(self) -> int:
        """The position of the page's first row in the whole list, counting from 1 (0 when empty)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def visible_expenses(company: Company, user: User, role: str | None = None) -> QuerySet[Expense]:
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
    # The row's picture: the first receipt file whose thumbnail is made (None while none is).
    thumbnail = Attachment.objects.filter(expense=OuterRef("pk"), preview_state=PreviewState.READY).order_by(
        "created_at", "id"
    )
    return queryset.select_related("owner", "payment_method").annotate(
        attachment_count=Coalesce(Subquery(attachment_count, output_field=IntegerField()), 0),
        thumbnail_id=Subquery(thumbnail.values("id")[:1]),
    )


def filtered_expenses(company: Company, user: User, filters: ExpenseFilters) -> QuerySet[Expense]:
    role = role_of(company, user)
    if filters.scope == "all":
        queryset = Expense.objects.filter(company=company) if _sees_all(role) else Expense.objects.none()
    else:
        queryset = Expense.objects.filter(company=company, owner=user)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    return _narrowed(queryset, filters)


def _narrowed(queryset: QuerySet[Expense], filters: ExpenseFilters) -> QuerySet[Expense]:
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.date_from:
        queryset = queryset.filter(date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(date__lte=filters.date_to)
    for term in filters.q.split()[:MAX_SEARCH_TERMS]:
        queryset = queryset.filter(_matches(term))
    return queryset


def _matches(term: str) -> Q:
    # SQLite's LIKE folds the case of ASCII letters only, so "ä" would not find "Ä"; its REGEXP is
    # Python's re, which folds every letter. An ASCII word cannot match a non-ASCII letter anyway,
    # so it keeps the cheaper LIKE. PostgreSQL folds both by the database's locale.
    lookup, value = ("icontains", term) if term.isascii() else ("iregex", re.escape(term))
    fields = ("description", "owner__first_name", "owner__last_name", "owner__email")
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__{lookup}": value})
    return found


def _sees_all(role: str | None) -> bool:
    return role is not None and roles.can_see_all_expenses(role)


def sort_order(sort: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """The columns of a sort key of SORTS ("-" in front: descending); ``default`` for anything else."""
    columns = SORTS.get(sort.removeprefix("-"))
    if columns is None:
        return default
    return tuple(f"-{column}" for column in columns) if sort.startswith("-") else columns


def expense_list_rows(company: Company, user: User, filters: ExpenseFilters) -> ExpenseList:
    """What the list page renders: one page of rows, the count and the totals, in 3 queries."""
    queryset = filtered_expenses(company, user, filters)
    return _one_page(queryset, _with_row_data(queryset), filters, sort_order(filters.sort, LIST_ORDER))


def _one_page(
    queryset: QuerySet[Expense], rows: QuerySet[Expense], filters: ExpenseFilters, order: tuple[str, ...]
) -> ExpenseList:
    """A page of ``rows`` with the count and exact totals of the whole ``queryset``; a page past the end
    is the last one."""
    sums = list(
        queryset.order_by()
        .values("currency")
        .annotate(total=cents_sum("amount"), total_eur=cents_sum("amount_eur"), n=Count("id"))
        .order_by("currency")
    )
    # Whole cents summed in Python: exact, and one query fewer than asking the database again.
    total_eur = from_cents(sum(int(row["total_eur"]) for row in sums))
    totals: list[dict[str, object]] = [
        {"currency": row["currency"], "total": from_cents(row["total"]), "n": row["n"]} for row in sums
    ]
    count = sum(int(row["n"]) for row in sums)
    per_page = filters.per_page if filters.per_page in PAGE_SIZES else PAGE_SIZE
    pages = max(1, -(-count // per_page))
    page = min(max(1, filters.page), pages)
    start = (page - 1) * per_page
    found = list(rows.order_by(*order)[start : start + per_page]) if count else []
    return ExpenseList(found, count, totals, total_eur, page, pages, per_page)


def approval_inbox_expenses(
    company: Company, user: User, filters: ExpenseFilters = ExpenseFilters()
) -> QuerySet[Expense]:
    """Submitted expenses the user approves, never their own, narrowed by ``filters`` (not their state)."""
    role = role_of(company, user)
    queryset = Expense.objects.filter(
        approvable_owners(company, user, role), company=company, state=State.SUBMITTED
    ).exclude(owner=user)
    return _narrowed(queryset, filters)


def approval_inbox(company: Company, user: User) -> list[Expense]:
    """The whole inbox, oldest first."""
    return list(_inbox_rows(approval_inbox_expenses(company, user)).order_by(*INBOX_ORDER))


def approval_inbox_page(company: Company, user: User, filters: ExpenseFilters) -> ExpenseList:
    """What the Approvals page renders: one page of the inbox, its count and totals, in 4 queries."""
    queryset = approval_inbox_expenses(company, user, filters)
    return _one_page(queryset, _inbox_rows(queryset), filters, sort_order(filters.sort, INBOX_ORDER))


def _inbox_rows(queryset: QuerySet[Expense]) -> QuerySet[Expense]:
    # per_diem: the badge of a day rate the employee entered, without a query per row.
    return _with_row_data(queryset).select_related("possible_duplicate_of", "per_diem")


# A possible duplicate nobody has cleared yet: "Approve all" leaves it for a closer look.
FLAGGED_DUPLICATE = ~Q(duplicate_reason="") & Q(duplicate_dismissed=False)


@dataclass(frozen=True)
class ApprovalPreview:
    """What "Approve all" would approve, as the confirmation shows it."""

    count: int
    total_eur: Decimal
    held_back: int
    fingerprint: str


def approvable_in_inbox(company: Company, user: User, filters: ExpenseFilters) -> QuerySet[Expense]:
    """The inbox narrowed by ``filters`` without flagged duplicates: the set "Approve all" approves."""
    return approval_inbox_expenses(company, user, filters).exclude(FLAGGED_DUPLICATE).order_by("pk")


def approve_all_preview(company: Company, user: User, filters: ExpenseFilters) -> ApprovalPreview:
    """The number, euro total and fingerprint of what "Approve all" would approve now.

    Count, total and fingerprint come from one read, so they describe the very same rows.
    """
    rows = list(approvable_in_inbox(company, user, filters).values_list("pk", "amount_eur", "updated_at"))
    held_back = approval_inbox_expenses(company, user, filters).filter(FLAGGED_DUPLICATE).count()
    total = sum((amount for _pk, amount, _changed in rows), Decimal("0.00"))
    return ApprovalPreview(len(rows), total, held_back, inbox_fingerprint(rows))


def inbox_fingerprint(rows: Iterable[tuple[int, Decimal, datetime]]) -> str:
    """A digest of (id, euro amount, last change) of each expense: it differs as soon as one is added,
    removed or changed. Not a secret: it only tells whether the set is still the one confirmed."""
    digest = hashlib.sha256()
    for pk, amount, changed in sorted(rows, key=lambda row: row[0]):
        digest.update(f"{pk}:{amount}:{changed.isoformat()};".encode())
    return digest.hexdigest()


def expense_detail(queryset: QuerySet[Expense]) -> QuerySet[Expense]:
    return queryset.select_related(
        "owner", "payment_method", "decided_by", "rate_entered_by", "mileage", "per_diem", "possible_duplicate_of"
    ).prefetch_related("lines__purchase_type", "lines__cost_center", "legs", "attachments", "history__actor")


def spreadsheet_expenses(company: Company, user: User, filters: ExpenseFilters) -> QuerySet[Expense]:
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
