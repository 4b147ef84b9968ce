from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from exports.models import ExportSettings

if TYPE_CHECKING:
    # Generic only in django-stubs: Django's ModelForm cannot be subscripted at run time.
    _ExportSettingsForm = forms.ModelForm[ExportSettings]
else:
    _ExportSettingsForm = forms.ModelForm


class ExportSettingsForm(_ExportSettingsForm):
    class Meta:
        model = ExportSettings
        fields = ["when", "grouping", "voucher_date", "locked_period", "attach_receipts", "payments_enabled",
                  "source_iban"]  # fmt: skip
        widgets = {
            "when": forms.RadioSelect,
            "grouping": forms.RadioSelect,
            "voucher_date": forms.RadioSelect,
            "locked_period": forms.RadioSelect,
        }


class ResolvePaymentForm(forms.Form):
    found = forms.TypedChoiceField(
        choices=[("1", _("Found in Netvisor")), ("0", _("Not in Netvisor: send again"))],
        coerce=lambda value: value == "1",
    )
    payment_id = forms.IntegerField(
        label=_("Netvisor payment id (if shown)"), required=False, min_value=1, max_value=2**62
    )
