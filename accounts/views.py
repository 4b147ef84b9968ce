from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import AcceptInvitationForm, IssueApiTokenForm, ThrottledLoginForm, ThrottledPasswordChangeForm
from accounts.models import ApiToken, Invitation, User
from accounts.services.invitations import join_as_new_user
from accounts.throttle import password_reset_allowed, remember_browser
from accounts.tokens import issue_api_token, revoke_api_token
from companies.middleware import SESSION_KEY
from companies.models import Membership
from companies.services import InvitationUnusable, accept_invitation


class LoginView(auth_views.LoginView):
    """Django's login page with the login limits; a browser that logs in becomes known to the account."""

    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        remember_browser(response, email=form.get_user().email)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, its old password checked under the login limits."""

    form_class = ThrottledPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, object]:
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with a limit on mails; a limited request looks exactly like a sent one."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if password_reset_allowed(self.request, email=form.cleaned_data["email"]):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


@login_required
@require_POST
def issue_api_token_view(request: HttpRequest) -> HttpResponse:
    """Make a token and show its key, once: it is rendered here, never stored or redirected with."""
    form = IssueApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a label."))
        return redirect("expenses:profile")
    user = request.user
    assert isinstance(user, User)  # login_required
    issued = issue_api_token(user=user, label=form.cleaned_data["label"])
    response = render(request, "accounts/api_token_issued.html", {"issued": issued})
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def revoke_api_token_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    revoke_api_token(token=token)
    messages.success(request, _("Token %(label)s revoked.") % {"label": token.label})
    return redirect("expenses:profile")


@require_http_methods(["GET", "POST"])
def accept_invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("company").filter(token=token).first()
    if invitation is None or not invitation.is_usable:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        return _accept_as_existing_user(request, invitation, existing)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = join_as_new_user(
                token=token,
                password=form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        except InvitationUnusable:
            return render(request, "accounts/invitation_invalid.html", status=404)
        return _welcome(request, membership)
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form})


def _accept_as_existing_user(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    if not request.user.is_authenticated:
        messages.info(request, _("Log in to accept the invitation to %(company)s.") % {"company": invitation.company})
        return redirect_to_login(request.get_full_path())
    if request.user.pk != user.pk:
        return render(request, "accounts/invitation_invalid.html", {"wrong_user": True}, status=404)
    if request.method == "POST":
        return _join(request, invitation.token, user)
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": None})


def _join(request: HttpRequest, token: str, user: User) -> HttpResponse:
    try:
        membership = accept_invitation(token=token, user=user)
    except InvitationUnusable:
        return render(request, "accounts/invitation_invalid.html", status=404)
    return _welcome(request, membership)


def _welcome(request: HttpRequest, membership: Membership) -> HttpResponse:
    if not request.user.is_authenticated:
        login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = membership.company_id
    messages.success(request, _("Welcome to %(company)s.") % {"company": membership.company})
    return redirect("dashboard")
