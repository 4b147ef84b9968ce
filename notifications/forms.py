from typing import Any

from django import forms

from notifications.models import Kind


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of notification: e-mail me about it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(label=kind.label, required=False)
