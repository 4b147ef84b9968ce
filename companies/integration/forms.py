from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class WriteOnlyTextInput(forms.TextInput):
    """A visible text field that is never filled back in: a Connection identifier is exchangeable
    for API keys until used, so a refused form must not echo it into the page."""

    def format_value(self, value: object) -> None:
        return None


class ConnectionIdentifierForm(forms.Form):
    connection_identifier = forms.CharField(
        label=_("Connection identifier"),
        max_length=500,
        strip=True,
        help_text=_(
            "In Netvisor: company menu → API and identifiers → Create new identifier for connecting "
            "external software → copy the Identifier."
        ),
        widget=WriteOnlyTextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Paste the Connection identifier from Netvisor.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChangeCredentialsForm(forms.Form):
    """The secret is write-only: the field is never filled from what is stored."""

    user_id = forms.CharField(label=_("Netvisor User Id"), max_length=200, required=False, strip=True)
    user_secret = forms.CharField(
        label=_("Netvisor User Secret"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    voucher_type = forms.ChoiceField(
        label=_("Voucher type"),
        help_text=_("The list is read from Netvisor; press Check connection to read it again."),
        error_messages={"required": _("Choose a voucher type.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, voucher_types: list[str], current: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str | Promise]] = [(name, name) for name in voucher_types]
        if current and current not in voucher_types:
            # The chosen type is gone from Netvisor: no silent fallback to the first one in the list,
            # or an Update of expired credentials would change the voucher type unasked.
            choices.insert(0, ("", _("Choose a voucher type")))
        field = self.fields["voucher_type"]
        assert isinstance(field, forms.ChoiceField)  # declared above
        field.choices = choices

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("user_id")) != bool(cleaned.get("user_secret")):
            raise forms.ValidationError(_("Fill in both Netvisor User Id and Netvisor User Secret."))
        return cleaned
