from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from expenses.forms.fields import DateField, TypedDecimalField
from expenses.models import Kind, State
from expenses.selectors import PAGE_SIZE, PAGE_SIZES, SORTS, ExpenseFilters


class AttachmentForm(forms.Form):
    # ``capture``: a phone opens its camera, as on the new-receipt form.
    file = forms.FileField(
        label=_("Receipt file (JPEG, PNG, HEIC or PDF, at most 10 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/heic,application/pdf", "capture": "environment"}
        ),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectAmountForm(forms.Form):
    amount = TypedDecimalField(label=_("Corrected amount"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=500)


SORT_CHOICES = [(key, key) for name in SORTS for key in (name, f"-{name}")]
MAX_SELECTED = max(PAGE_SIZES)


class FilterForm(forms.Form):
    """The list's query as the URL carries it. A value that does not parse is ignored, not the query."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Description, merchant or person")}),
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All")), *State.choices], required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *Kind.choices], required=False)
    date_from = DateField(label=pgettext_lazy("first day of a date filter", "From"), required=False)
    date_to = DateField(label=pgettext_lazy("last day of a date filter", "To"), required=False)
    per_page = forms.TypedChoiceField(
        label=_("Rows per page"),
        choices=[(size, size) for size in PAGE_SIZES],
        coerce=int,
        required=False,
        empty_value=PAGE_SIZE,  # type: ignore[arg-type]  # the stubs narrow it to str | None; Django takes any value
    )
    sort = forms.ChoiceField(choices=[("", ""), *SORT_CHOICES], required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        # A query without a page size shows the default one; the select must say so, or the next
        # "Filter" would quietly switch to its first choice.
        if data is not None and not data.get("per_page"):
            data = data.copy()
            data["per_page"] = str(PAGE_SIZE)
        super().__init__(data, **kwargs)
        self.fields["per_page"].initial = PAGE_SIZE

    def filters(self, scope: str) -> ExpenseFilters:
        data = self._parsed()
        return ExpenseFilters(
            state=data.get("state") or "",
            kind=data.get("kind") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            scope=scope,
            page=data.get("page") or 1,
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "",
            per_page=data.get("per_page") or PAGE_SIZE,
        )

    def _parsed(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()  # cleaned_data then holds every field that parsed
        return self.cleaned_data


class InboxFilterForm(FilterForm):
    """The Approvals page's query: everything there is submitted, so no state to choose."""

    state = None  # type: ignore[assignment]  # Django's way to drop an inherited form field


class ApproveAllForm(InboxFilterForm):
    """The confirmed "Approve all": the inbox's filters and the fingerprint of what the person saw."""

    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)


class ExpenseIdsField(forms.Field):
    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("Choose expenses from the list."),
        "too_many": _("Choose at most %(max)s expenses at a time."),
    }

    def to_python(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else []
        if len(values) > MAX_SELECTED:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"max": MAX_SELECTED})
        try:
            return sorted({int(item) for item in values})
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class SelectedExpensesForm(forms.Form):
    expense = ExpenseIdsField(error_messages={"required": _("Choose the expenses to approve first.")})
