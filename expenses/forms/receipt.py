from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from expenses.forms.choices import (
    PAYMENT_METHOD_ERROR,
    PURCHASE_TYPE_ERROR,
    CompanyChoiceField,
    CostCenterChoiceField,
    set_choices,
)
from expenses.forms.fields import DateField, TypedDecimalField
from expenses.forms.formsets import RowFormSet, row_formset
from expenses.models import Expense
from expenses.rules.vat import VAT_RATES
from expenses.selectors import choosable_cost_centers, choosable_payment_methods, choosable_purchase_types
from expenses.services.inputs import LineInput, ReceiptInput
from expenses.services.recording import MAX_LINES
from expenses.services.scoping import NOTHING_KEPT, KeptReferences


def percent_text(percent: Decimal) -> str:
    """25.50 → "25.5", 10.00 → "10": the value of a VAT choice."""
    return format(percent.normalize(), "f")


def vat_choices() -> list[tuple[str, str]]:
    """The purchase type's default, then every rate that exists on some date; the service checks a
    chosen rate against the receipt's own date."""
    percents = sorted({rate.percent for rate in VAT_RATES}, reverse=True)
    rates = [(percent_text(percent), f"{percent_text(percent)} %") for percent in percents]
    return [("", str(_("Purchase type's default"))), *rates]


class ReceiptForm(forms.Form):
    date = DateField(label=_("Date"))
    description = forms.CharField(label=_("Merchant or description"), max_length=300)
    amount = TypedDecimalField(label=_("Total amount"), max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    exchange_rate = TypedDecimalField(
        label=_("Exchange rate (units per 1 €)"),
        max_digits=14,
        decimal_places=6,
        required=False,
        help_text=_("Leave empty to use the ECB reference rate of the date, when it can be fetched."),
    )
    rate_date = DateField(label=_("Rate date"), required=False)
    rate_source = forms.CharField(
        label=_("Rate source"),
        max_length=100,
        required=False,
        help_text=_("A rate you type is saved as entered by you; say where it comes from, e.g. your bank statement."),
    )
    payment_method = CompanyChoiceField(label=_("Payment method"), error=PAYMENT_METHOD_ERROR)

    def __init__(self, *args: Any, company: Company, kept: KeptReferences = NOTHING_KEPT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "payment_method", choosable_payment_methods(company, kept.payment_methods))

    def clean_currency(self) -> str:
        code: str = self.cleaned_data["currency"].strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise forms.ValidationError(_("Use a three-letter currency code such as EUR or SEK."))
        return code

    def to_input(self, lines: tuple[LineInput, ...]) -> ReceiptInput:
        data = self.cleaned_data
        return ReceiptInput(
            date=data["date"],
            description=data["description"],
            amount=data["amount"],
            lines=lines,
            payment_method=data["payment_method"],
            currency=data["currency"],
            exchange_rate=data["exchange_rate"],
            rate_source=data["rate_source"] or "",
            rate_date=data["rate_date"],
        )


class LineForm(forms.Form):
    purchase_type = CompanyChoiceField(label=_("Purchase type"), error=PURCHASE_TYPE_ERROR)
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    amount = TypedDecimalField(
        label=_("Amount"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty on a single line to use the total."),
    )
    # Empty: the percent of the purchase type's VAT class on the receipt's date (the service resolves it).
    # Being the initial value, it also makes an untouched extra row count as unchanged (and so ignored).
    vat_rate = forms.TypedChoiceField(
        label=_("VAT rate"), choices=vat_choices, coerce=Decimal, empty_value=None, required=False, initial=""
    )
    cost_center = CostCenterChoiceField()

    def __init__(self, *args: Any, company: Company, kept: KeptReferences = NOTHING_KEPT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "purchase_type", choosable_purchase_types(company, kept.purchase_types))
        set_choices(self, "cost_center", choosable_cost_centers(company, kept.cost_centers))


class BaseLineFormSet(RowFormSet):
    def to_lines(self, total: Decimal | None) -> tuple[LineInput, ...]:
        rows = self.used_forms()
        return tuple(
            LineInput(
                amount=_line_amount(row, total if len(rows) == 1 else None),
                vat_rate=row.cleaned_data["vat_rate"],
                purchase_type=row.cleaned_data["purchase_type"],
                cost_center=row.cleaned_data.get("cost_center"),
                description=row.cleaned_data.get("description", ""),
            )
            for row in rows
        )

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self.used_forms()
        if not rows:
            raise forms.ValidationError(_("Add at least one line."))
        for row in rows if len(rows) > 1 else []:
            if row.cleaned_data.get("amount") is None:
                row.add_error("amount", _("Enter the amount of each line."))


def _line_amount(row: forms.Form, total: Decimal | None) -> Decimal:
    amount = row.cleaned_data.get("amount")
    return amount if amount is not None else (total or Decimal(0))


LineFormSet = row_formset(LineForm, BaseLineFormSet, max_rows=MAX_LINES)


def line_initial(expense: Expense) -> list[dict[str, object]]:
    return [
        {
            "purchase_type": line.purchase_type_id,
            "description": line.description,
            "amount": line.amount,
            "vat_rate": percent_text(line.vat_rate),
            "cost_center": line.cost_center_id,
        }
        for line in expense.lines.all()
    ]
