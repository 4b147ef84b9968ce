"""Choice fields for what an expense points at: a cost center, a purchase type, a payment method."""

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

COST_CENTER_ERROR = _("Choose an active cost center of this company.")
PURCHASE_TYPE_ERROR = _("Choose an active purchase type of this company.")
PAYMENT_METHOD_ERROR = _("Choose an active payment method of this company.")


class CompanyChoiceField(forms.ModelChoiceField):
    """Offers the company's active objects plus the inactive ones the edited expense keeps, marked as such.

    A posted id outside that queryset (another company's, or an inactive one newly picked) gets the same
    message the service gives, so the page and the API say the same thing.
    """

    def __init__(self, *, label: str | Promise, error: str | Promise, required: bool = True) -> None:
        super().__init__(queryset=None, label=label, required=required, error_messages={"invalid_choice": error})

    def label_from_instance(self, obj: object) -> str:
        label = super().label_from_instance(obj)
        # Shown only while an expense still points at it; tells the user why it is missing elsewhere.
        return label if obj.is_active else gettext("%(name)s (inactive)") % {"name": label}  # type: ignore[attr-defined]
