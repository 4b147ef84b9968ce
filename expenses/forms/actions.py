from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from expenses.forms.fields import DateField, TypedDecimalField
from expenses.models import Kind, State
from expenses.selectors import ExpenseFilters


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Receipt file (JPEG, PNG, HEIC or PDF, at most 10 MB)"))


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectAmountForm(forms.Form):
    amount = TypedDecimalField(label=_("Corrected amount"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=500)


class FilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All")), *State.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *Kind.choices], required=False)
    date_from = DateField(label=pgettext_lazy("first day of a date filter", "From"), required=False)
    date_to = DateField(label=pgettext_lazy("last day of a date filter", "To"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def filters(self, scope: str) -> ExpenseFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return ExpenseFilters(
            state=data.get("state") or "",
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            scope=scope,
            page=data.get("page") or 1,
        )
