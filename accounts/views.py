from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.forms import AcceptInvitationForm
from accounts.models import Invitation, User
from companies.middleware import SESSION_KEY
from companies.services import InvitationUnusable, accept_invitation


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
        with transaction.atomic():
            user = User.objects.create_user(
                invitation.email,
                form.cleaned_data["password"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            return _join(request, token, user)
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
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = membership.company_id
    messages.success(request, _("Welcome to %(company)s.") % {"company": membership.company})
    return redirect("dashboard")
