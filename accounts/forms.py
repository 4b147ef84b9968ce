from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.throttle import LoginThrottled, authenticate_with_limits


def _throttled_error(throttled: LoginThrottled) -> forms.ValidationError:
    return forms.ValidationError(
        _("Too many failed attempts. Try again in %(minutes)s minutes.") % {"minutes": throttled.retry_after_minutes},
        code="throttled",
    )


class ThrottledLoginForm(AuthenticationForm):
    """Django's login form, checking the password through the login limits.

    The error for a wrong password is the same whether or not the account exists.
    """

    def clean(self) -> dict[str, object]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is not None and password:
            # The limits count per client address: the login view always builds this form with its request.
            assert self.request is not None
            try:
                self.user_cache = authenticate_with_limits(self.request, email=email, password=password)
            except LoginThrottled as throttled:
                raise _throttled_error(throttled) from None
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change; the old password is checked under the login limits like any other."""

    def __init__(self, user: User, *args: object, request: HttpRequest, **kwargs: object) -> None:
        super().__init__(user, *args, **kwargs)
        self.request = request

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        try:
            checked = authenticate_with_limits(self.request, email=self.user.email, password=old_password)
        except LoginThrottled as throttled:
            raise _throttled_error(throttled) from None
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class IssueApiTokenForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=100,
        help_text=_("Where the token is used, e.g. the name of a script, so that you know which one to revoke."),
    )


class AcceptInvitationForm(forms.Form):
    """Shown to a person who has no account yet: name and a password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password
