from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.services import record_audit
from companies import roles
from companies.access import company_view
from companies.forms import BasicSettingsForm, InviteForm
from companies.middleware import SESSION_KEY
from companies.selectors import company_members, memberships_of
from companies.services import invite_member
from dashboards.presenters import dashboard_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:  # not a member of any company yet: the page says how to get invited
        return render(request, "companies/dashboard.html")
    dashboard = dashboard_for(company=membership.company, user=request.user, role=membership.role)  # type: ignore[arg-type]
    return render(request, "companies/dashboard.html", {"dashboard": dashboard})


@login_required
@require_POST
def switch_company(request: HttpRequest, company_id: int) -> HttpResponse:
    if not memberships_of(request.user).filter(company_id=company_id).exists():
        raise Http404("Not a member")
    request.session[SESSION_KEY] = company_id
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@company_view(roles.can_manage_company)
def company_settings(request: HttpRequest) -> HttpResponse:
    form = BasicSettingsForm(request.POST or None, instance=request.company)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record_audit(
                action="company.settings_changed",
                actor=request.user,
                company=request.company,  # type: ignore[attr-defined]
                obj=request.company,  # type: ignore[attr-defined]
                changed_fields=form.changed_data,
            )
        messages.success(request, _("Settings saved."))
        return redirect("companies:settings")
    return render(request, "companies/settings.html", {"form": form, "tab": "basic"})


@company_view(roles.can_manage_company)
def members(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invite_member(
            company=request.company,  # type: ignore[attr-defined]
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("companies:members")
    context = {"form": form, "members": company_members(request.company)}  # type: ignore[attr-defined]
    return render(request, "companies/members.html", context)
