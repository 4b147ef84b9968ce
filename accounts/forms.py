from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.throttle import check_login_allowed, clear_login_failures, record_login_failure


def client_address(request: object) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return getattr(request, "META", {}).get("REMOTE_ADDR", "") or "unknown"


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form with a lockout after repeated failures.

    The error for a wrong password is the same whether or not the account exists.
    """

    def clean(self) -> dict[str, object]:
        email = self.data.get("username", "")
        address = client_address(self.request)
        lockout = check_login_allowed(email, address)
        if lockout is not None:
            minutes = max(1, round(lockout.retry_after_seconds / 60))
            raise forms.ValidationError(
                _("Too many failed attempts. Try again in %(minutes)s minutes.") % {"minutes": minutes},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            record_login_failure(email, address)
            raise
        clear_login_failures(email)
        return cleaned


class AcceptInvitationForm(forms.Form):
    """Shown to a person who has no account yet: name and a password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password
