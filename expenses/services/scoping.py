"""Checks that everything an expense points at belongs to the expense's company and may still be chosen."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from companies.models import Company
from costcenters.models import CostCenter
from expenses.models import Expense, ExpenseLine, PaymentMethod, PurchaseType
from expenses.services.errors import field_error
from expenses.services.inputs import MileageInput, PerDiemInput, ReceiptInput


@dataclass(frozen=True)
class KeptReferences:
    """Ids an expense already points at.

    An admin may deactivate a cost center (a Netvisor fetch does when it is hidden upstream), a purchase type or a
    payment method while a draft or rejected expense still uses it. Editing that expense may keep these; only new
    choices must be active.
    """

    cost_centers: frozenset[int] = frozenset()
    purchase_types: frozenset[int] = frozenset()
    payment_methods: frozenset[int] = frozenset()


NOTHING_KEPT = KeptReferences()


def kept_references(expense: Expense | None) -> KeptReferences:
    """What ``expense`` points at as saved (read afresh, never from the input), in one query for its lines."""
    if expense is None or expense.pk is None:
        return NOTHING_KEPT
    rows = ExpenseLine.objects.filter(expense_id=expense.pk).values_list("cost_center_id", "purchase_type_id")
    # An allowance keeps its cost center on its single line, so the lines cover all three kinds.
    method_id = expense.payment_method_id
    return KeptReferences(
        cost_centers=frozenset(cost_center for cost_center, _type in rows if cost_center is not None),
        purchase_types=frozenset(kind for _center, kind in rows if kind is not None),
        payment_methods=frozenset() if method_id is None else frozenset({method_id}),
    )


def _choosable(company: Company, chosen: CostCenter | PaymentMethod | PurchaseType, kept: frozenset[int]) -> bool:
    # Another company's object is refused even if some id matches; an inactive one only when newly chosen.
    if chosen.company_id != company.pk:
        return False
    return chosen.is_active or chosen.pk in kept


def check_cost_center(
    company: Company, cost_center: CostCenter | None, field: str, kept: KeptReferences = NOTHING_KEPT
) -> None:
    if cost_center is not None and not _choosable(company, cost_center, kept.cost_centers):
        raise field_error(field, _("Choose an active cost center of this company."))


def check_receipt_scope(company: Company, data: ReceiptInput, kept: KeptReferences = NOTHING_KEPT) -> None:
    method = data.payment_method
    if method is not None and not _choosable(company, method, kept.payment_methods):
        raise field_error("payment_method", _("Choose an active payment method of this company."))
    for index, line in enumerate(data.lines):
        kind = line.purchase_type
        if kind is not None and not _choosable(company, kind, kept.purchase_types):
            raise field_error(f"lines.{index}.purchase_type", _("Choose an active purchase type of this company."))
        check_cost_center(company, line.cost_center, f"lines.{index}.cost_center", kept)


def check_allowance_scope(
    company: Company, data: MileageInput | PerDiemInput, kept: KeptReferences = NOTHING_KEPT
) -> None:
    check_cost_center(company, data.cost_center, "cost_center", kept)
