"""Checks that everything an expense points at belongs to the expense's company."""

from django.utils.translation import gettext as _

from companies.models import Company
from expenses.services.errors import field_error
from expenses.services.inputs import MileageInput, PerDiemInput, ReceiptInput


def check_cost_center(company: Company, cost_center: object, field: str) -> None:
    if cost_center is None:
        return
    if cost_center.company_id != company.pk or not cost_center.is_active:  # type: ignore[attr-defined]
        raise field_error(field, _("Choose an active cost center of this company."))


def check_receipt_scope(company: Company, data: ReceiptInput) -> None:
    method = data.payment_method
    if method is not None and (method.company_id != company.pk or not method.is_active):
        raise field_error("payment_method", _("Choose an active payment method of this company."))
    for index, line in enumerate(data.lines):
        kind = line.purchase_type
        if kind is not None and (kind.company_id != company.pk or not kind.is_active):
            raise field_error(f"lines.{index}.purchase_type", _("Choose an active purchase type of this company."))
        check_cost_center(company, line.cost_center, f"lines.{index}.cost_center")


def check_allowance_scope(company: Company, data: MileageInput | PerDiemInput) -> None:
    check_cost_center(company, data.cost_center, "cost_center")
