from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from companies import roles
from companies.access import company_view
from companies.forms import BasicSettingsForm, InviteForm
from companies.http import CompanyRequest, MemberRequest
from companies.middleware import SESSION_KEY
from companies.selectors import company_members, memberships_of
from companies.services import change_company_settings, invite_member
from dashboards.presenters import dashboard_for


@login_required
def dashboard(request: MemberRequest) -> HttpResponse:
    membership = request.membership
    if membership is None:  # not a member of any company yet: the page says how to get invited
        return render(request, "companies/dashboard.html")
    dashboard = dashboard_for(company=membership.company, user=_signed_in(request), role=membership.role)
    return render(request, "companies/dashboard.html", {"dashboard": dashboard})


@login_required
@require_POST
def switch_company(request: HttpRequest, company_id: int) -> HttpResponse:
    if not memberships_of(_signed_in(request)).filter(company_id=company_id).exists():
        raise Http404("Not a member")
    request.session[SESSION_KEY] = company_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def _signed_in(request: HttpRequest) -> User:
    # Behind login_required, so the user is never anonymous here.
    assert isinstance(request.user, User)
    return request.user


@company_view(roles.can_manage_company)
def company_settings(request: CompanyRequest) -> HttpResponse:
    form = BasicSettingsForm(request.POST or None, instance=request.company)
    if request.method == "POST" and form.is_valid():
        change_company_settings(
            company=request.company,
            actor=request.user,
            name=form.cleaned_data["name"],
            business_id=form.cleaned_data["business_id"],
        )
        messages.success(request, _("Settings saved."))
        return redirect("companies:settings")
    return render(request, "companies/settings.html", {"form": form, "tab": "basic"})


@company_view(roles.can_manage_company)
def members(request: CompanyRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite_member(
            company=request.company,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("companies:members")
    context = {"form": form, "members": company_members(request.company)}
    return render(request, "companies/members.html", context)
