from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from costcenters.models import CostCenter


class DimensionChoiceForm(forms.Form):
    dimensions = forms.MultipleChoiceField(
        label=_("Netvisor dimensions that hold cost centers"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args: Any, available: list[str], chosen: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["dimensions"]
        assert isinstance(field, forms.MultipleChoiceField)  # declared above
        field.choices = [(name, name) for name in available]
        field.initial = [name for name in chosen if name in available]


if TYPE_CHECKING:
    # Generic only in django-stubs: Django's ModelForm cannot be subscripted at run time.
    _CostCenterForm = forms.ModelForm[CostCenter]
else:
    _CostCenterForm = forms.ModelForm


class LocalCostCenterForm(_CostCenterForm):
    class Meta:
        model = CostCenter
        fields = ["name", "code"]
