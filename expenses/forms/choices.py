"""Choice fields for what an expense points at: a cost center, a purchase type, a payment method."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from costcenters.models import CostCenter
from costcenters.selectors import cost_center_paths
from expenses.models import PaymentMethod, PurchaseType

COST_CENTER_ERROR = _("Choose an active cost center of this company.")
PURCHASE_TYPE_ERROR = _("Choose an active purchase type of this company.")
PAYMENT_METHOD_ERROR = _("Choose an active payment method of this company.")


# What an expense or its line points at: each is the company's own and may be deactivated.
Choosable = PurchaseType | PaymentMethod | CostCenter

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    # Generic only in django-stubs: Django's ModelChoiceField cannot be subscripted at run time.
    _ModelChoiceField = forms.ModelChoiceField[Choosable]
else:
    _ModelChoiceField = forms.ModelChoiceField


def set_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer ``queryset`` in the form's choice field ``name`` (each form holds its own copy of the field)."""
    field = form.fields[name]
    assert isinstance(field, CompanyChoiceField)
    field.queryset = queryset


class CompanyChoiceField(_ModelChoiceField):
    """Offers the company's active objects plus the inactive ones the edited expense keeps, marked as such.

    A posted id outside that queryset (another company's, or an inactive one newly picked) gets the same
    message the service gives, so the page and the API say the same thing.
    """

    def __init__(self, *, label: StrOrPromise, error: StrOrPromise, required: bool = True) -> None:
        super().__init__(queryset=None, label=label, required=required, error_messages={"invalid_choice": error})

    def label_from_instance(self, obj: Choosable) -> str:
        label = super().label_from_instance(obj)
        # Shown only while an expense still points at it; tells the user why it is missing elsewhere.
        return label if obj.is_active else gettext("%(name)s (inactive)") % {"name": label}


class CostCenterChoiceField(CompanyChoiceField):
    """Names a cost center by its place in the tree and its dimension ("Sales › Helsinki (Kustannuspaikka)").

    Netvisor may hold two items of the same name under different parents or dimensions; the bare
    name would offer two identical lines.
    """

    def __init__(self, *, required: bool = False) -> None:
        super().__init__(label=_("Cost center"), error=COST_CENTER_ERROR, required=required)
        self._paths: dict[int, str] | None = None

    def _set_queryset(self, queryset: QuerySet[CostCenter] | None) -> None:
        super()._set_queryset(queryset)  # type: ignore[misc]  # Django's private setter, not in the stubs
        self._paths = None  # read again for this form's company

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)  # type: ignore[attr-defined]  # private getter, as above

    # Its queryset holds cost centers only.
    def label_from_instance(self, obj: CostCenter) -> str:  # type: ignore[override]
        if self._paths is None:
            self._paths = cost_center_paths(obj.company_id)
        path = self._paths.get(obj.pk, obj.name)
        label = (
            gettext("%(path)s (%(dimension)s)") % {"path": path, "dimension": obj.dimension_name}
            if obj.dimension_name
            else path
        )
        return label if obj.is_active else gettext("%(name)s (inactive)") % {"name": label}
