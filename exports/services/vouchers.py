"""Expenses → one Netvisor voucher: cost lines, their VAT and cost center, and the counter lines.

The counter lines are the negated sums of the cost lines per counter account, so every voucher
balances to 0.00 exactly. Amounts are the stored euro amounts; a foreign receipt carries its own
amount and rate in the line text.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from costcenters.models import DEFAULT_DIMENSION_NAME, CostCenter
from expenses.models import Attachment, Expense, ExpenseLine, ExpenseSettings, Kind
from exports.models import VoucherExport
from exports.services.errors import VoucherNotBuildable
from netvisor import Voucher, VoucherAttachment, VoucherDimension, VoucherLine, estimated_attachment_bytes

MAX_DESCRIPTION = 255
# Netvisor refuses request bodies over its bound (30 MiB in the sandbox, spec 13.14); leave room
# for the rest of the XML so a voucher is refused here, with a clear message, not by Netvisor.
MAX_ATTACHMENT_BASE64 = 28 * 1024 * 1024
NO_VAT = Decimal("0")


@dataclass(frozen=True)
class Accounts:
    employee_payable: str
    mileage: str
    per_diem: str

    @classmethod
    def of(cls, company_id: int) -> "Accounts":
        found = ExpenseSettings.objects.filter(company_id=company_id).first()
        if found is None:
            return cls("", "", "")
        return cls(found.employee_payable_account, found.mileage_account, found.per_diem_account)


def rows_for_sending(ids: list[int]) -> QuerySet[VoucherExport]:
    """Voucher rows with everything a voucher is built from, in a fixed number of queries."""
    lines = ExpenseLine.objects.select_related("purchase_type", "cost_center")
    expenses = Expense.objects.select_related("payment_method", "owner").prefetch_related(
        Prefetch("lines", queryset=lines), "attachments"
    )
    return (
        VoucherExport.objects.filter(pk__in=ids)
        .select_related("employee", "company")
        .prefetch_related(Prefetch("expenses", queryset=expenses.order_by("date", "pk")))
        .order_by("next_attempt_at", "pk")
    )


def build_voucher(
    row: VoucherExport, *, voucher_class: str, voucher_date: date, accounts: Accounts, with_attachments: bool
) -> Voucher:
    """The voucher of ``row``; raises VoucherNotBuildable with a message for the admin."""
    expenses = list(row.expenses.all())
    if not expenses:
        raise VoucherNotBuildable(lambda: _("The voucher has no expenses."))
    cost_lines: list[VoucherLine] = []
    counters: dict[str, Decimal] = defaultdict(Decimal)
    for expense in expenses:
        counter = _counter_account(expense, accounts)
        for line in expense.lines.all():
            cost_lines.append(_cost_line(expense, line, accounts))
            counters[counter] += line.amount_eur
    counter_lines = [
        VoucherLine(line_sum=-total, account_number=account, vat_percent=NO_VAT, vat_code="NONE",
                    description=_counter_text(row))
        for account, total in counters.items()
        if total
    ]  # fmt: skip
    return Voucher(
        voucher_date=voucher_date,
        voucher_class=voucher_class,
        lines=(*cost_lines, *counter_lines),
        description=voucher_description(row, expenses),
        calculation_mode="gross",
        attachments=_attachments(expenses) if with_attachments else (),
    )


def voucher_description(row: VoucherExport, expenses: list[Expense]) -> str:
    """``<employee>: <what> [BZ-<id>]``: the reference always survives the 255-character cut."""
    reference = f" [{row.reference}]"
    what = expenses[0].description if len(expenses) == 1 else _("%(count)d expenses") % {"count": len(expenses)}
    text = f"{_person(row.employee)}: {what}"
    return text[: MAX_DESCRIPTION - len(reference)] + reference


def _cost_line(expense: Expense, line: ExpenseLine, accounts: Accounts) -> VoucherLine:
    account, vat = _cost_account(expense, line, accounts)
    return VoucherLine(
        line_sum=line.amount_eur,
        account_number=account,
        vat_percent=vat,
        # KOOS: a domestic purchase with deductible VAT (spec 6.12); no VAT means no VAT handling.
        vat_code="KOOS" if vat else "NONE",
        description=_line_text(expense, line),
        dimensions=_dimensions(line.cost_center),
    )


def _cost_account(expense: Expense, line: ExpenseLine, accounts: Accounts) -> tuple[str, Decimal]:
    if expense.kind == Kind.MILEAGE:
        return _required(accounts.mileage, gettext_lazy("kilometre allowance account")), NO_VAT
    if expense.kind == Kind.PER_DIEM:
        return _required(accounts.per_diem, gettext_lazy("per diem account")), NO_VAT
    if line.purchase_type is None:
        raise VoucherNotBuildable(
            lambda: (
                _("A line of “%(expense)s” has no purchase type, so it has no account.")
                % {"expense": expense.description}
            )
        )
    return line.purchase_type.account_number, line.vat_rate


def _counter_account(expense: Expense, accounts: Accounts) -> str:
    """Own money is owed to the employee; a company card's purchase is booked against the card."""
    method = expense.payment_method
    if expense.kind == Kind.RECEIPT and method is not None and method.counter_account:
        return method.counter_account
    return _required(accounts.employee_payable, gettext_lazy("employee payable account"))


def _required(account: str, name: object) -> str:
    if not account:
        raise VoucherNotBuildable(
            lambda: _("The %(account)s is not set. Set it under Expense setup, then retry.") % {"account": name}
        )
    return account


def _line_text(expense: Expense, line: ExpenseLine) -> str:
    text = line.description or expense.description
    if expense.currency != "EUR":
        text += f" ({line.amount} {expense.currency}, {_('rate')} {expense.exchange_rate.normalize()})"
    return text[:MAX_DESCRIPTION]


def _dimensions(cost_center: CostCenter | None) -> tuple[VoucherDimension, ...]:
    if cost_center is None:
        return ()
    # Netvisor matches items by name literally: its own spelling, or it would create a twin.
    name = cost_center.netvisor_name or cost_center.name
    return (VoucherDimension(cost_center.dimension_name or DEFAULT_DIMENSION_NAME, name),)


def _counter_text(row: VoucherExport) -> str:
    return (_("Expenses of %(person)s") % {"person": _person(row.employee)})[:MAX_DESCRIPTION]


def _person(user: object) -> str:
    return str(user)


def _attachments(expenses: list[Expense]) -> tuple[VoucherAttachment, ...]:
    attachments = tuple(_attachment(item) for expense in expenses for item in expense.attachments.all())
    if estimated_attachment_bytes(attachments) > MAX_ATTACHMENT_BASE64:
        raise VoucherNotBuildable(
            lambda: _("The receipts of this voucher are too large for one Netvisor request. Send it without "
                      "receipts, or remove some.")
        )  # fmt: skip
    return attachments


def _attachment(item: Attachment) -> VoucherAttachment:
    with item.file.open("rb") as handle:
        data = handle.read()
    return VoucherAttachment(
        mime_type=item.content_type, description=item.original_name[:255], filename=item.original_name, data=data
    )
