from django import forms

from notifications.models import Kind


class EmailPreferencesForm(forms.Form):
    """One checkbox per kind of notification: e-mail me about it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(label=kind.label, required=False)
