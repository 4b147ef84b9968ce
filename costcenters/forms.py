from django import forms
from django.utils.translation import gettext_lazy as _

from costcenters.models import CostCenter


class DimensionChoiceForm(forms.Form):
    dimensions = forms.MultipleChoiceField(
        label=_("Netvisor dimensions that hold cost centers"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: object, available: list[str], chosen: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["dimensions"]
        field.choices = [(name, name) for name in available]  # type: ignore[attr-defined]
        field.initial = [name for name in chosen if name in available]


class LocalCostCenterForm(forms.ModelForm):
    class Meta:
        model = CostCenter
        fields = ["name", "code"]
