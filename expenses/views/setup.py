"""Company setup pages of expenses (admins) and the IBAN profile page (everyone)."""

from typing import TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import IssueApiTokenForm
from accounts.tokens import active_tokens_of
from bezala.refusals import Refusal
from companies import roles
from companies.access import company_view
from companies.http import CompanyRequest
from expenses.forms.foreign_rates import ForeignPerDiemRateForm
from expenses.forms.setup import (
    ApproverAssignmentForm,
    ExpenseSettingsForm,
    IbanForm,
    PaymentMethodForm,
    PurchaseTypeForm,
)
from expenses.models import ApproverAssignment, ForeignPerDiemRate, PaymentMethod, PurchaseType
from expenses.rules.countries import country_name
from expenses.rules.tables import TABLES
from expenses.services import setup as setup_services

admin_view = company_view(roles.can_manage_company)


@admin_view
def expense_settings(request: CompanyRequest) -> HttpResponse:
    company = request.company
    instance = setup_services.settings_for(company)
    form = ExpenseSettingsForm(request.POST or None, instance=instance, company=company)
    if request.method == "POST" and form.is_valid():
        setup_services.save_setup(
            obj=form.instance, company=company, actor=request.user, changed_fields=form.changed_data
        )
        messages.success(request, _("Settings saved."))
        return redirect("expenses:setup")
    return render(request, "expenses/setup/settings.html", {"form": form, "tab": "expenses"})


# A purchase type or a payment method, each with its own form.
_SetupObject = TypeVar("_SetupObject", PurchaseType, PaymentMethod)


def _setup_objects(
    request: CompanyRequest,
    model: type[_SetupObject],
    form_class: "type[forms.ModelForm[_SetupObject]]",  # quoted: ModelForm is generic only in the stubs
    instance: _SetupObject | None,
    template: str,
    back: str,
) -> HttpResponse:
    company = request.company
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.instance.company = company
        setup_services.save_setup(
            obj=form.instance, company=company, actor=request.user, changed_fields=form.changed_data
        )
        messages.success(request, _("Saved."))
        return redirect(back)
    items = model.objects.filter(company=company)
    return render(request, template, {"form": form, "items": items, "instance": instance, "tab": "expenses"})


@admin_view
def purchase_types(request: CompanyRequest) -> HttpResponse:
    return _setup_objects(
        request, PurchaseType, PurchaseTypeForm, None, "expenses/setup/purchase_types.html", "expenses:purchase_types"
    )


@admin_view
def purchase_type_edit(request: CompanyRequest, purchase_type_id: int) -> HttpResponse:
    instance = get_object_or_404(PurchaseType, pk=purchase_type_id, company=request.company)
    return _setup_objects(
        request,
        PurchaseType,
        PurchaseTypeForm,
        instance,
        "expenses/setup/purchase_types.html",
        "expenses:purchase_types",
    )


@admin_view
def payment_methods(request: CompanyRequest) -> HttpResponse:
    return _setup_objects(
        request,
        PaymentMethod,
        PaymentMethodForm,
        None,
        "expenses/setup/payment_methods.html",
        "expenses:payment_methods",
    )


@admin_view
def payment_method_edit(request: CompanyRequest, payment_method_id: int) -> HttpResponse:
    instance = get_object_or_404(PaymentMethod, pk=payment_method_id, company=request.company)
    return _setup_objects(
        request,
        PaymentMethod,
        PaymentMethodForm,
        instance,
        "expenses/setup/payment_methods.html",
        "expenses:payment_methods",
    )


@admin_view
def approvers(request: CompanyRequest) -> HttpResponse:
    company = request.company
    form = ApproverAssignmentForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            setup_services.assign_approver(company=company, actor=request.user, **form.cleaned_data)
        except Refusal as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("Approver assigned."))
            return redirect("expenses:approvers")
    assignments = ApproverAssignment.objects.filter(company=company).select_related("employee", "approver")
    return render(
        request, "expenses/setup/approvers.html", {"form": form, "assignments": assignments, "tab": "expenses"}
    )


@admin_view
@require_POST
def approver_remove(request: CompanyRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(ApproverAssignment, pk=assignment_id, company=request.company)
    setup_services.remove_assignment(assignment=assignment, actor=request.user)
    messages.success(request, _("Assignment removed."))
    return redirect("expenses:approvers")


@admin_view
def foreign_rates(request: CompanyRequest) -> HttpResponse:
    return _foreign_rate_page(request, None)


@admin_view
def foreign_rate_edit(request: CompanyRequest, rate_id: int) -> HttpResponse:
    instance = get_object_or_404(ForeignPerDiemRate, pk=rate_id, company=request.company)
    return _foreign_rate_page(request, instance)


def _foreign_rate_page(request: CompanyRequest, instance: ForeignPerDiemRate | None) -> HttpResponse:
    """Foreign per diems entered from the decision; whoever saves a figure is named in calculations."""
    company = request.company
    form = ForeignPerDiemRateForm(request.POST or None, instance=instance, company=company)
    if request.method == "POST" and form.is_valid():
        form.instance.company = company
        form.instance.entered_by = request.user
        setup_services.save_setup(
            obj=form.instance, company=company, actor=request.user, changed_fields=form.changed_data
        )
        messages.success(request, _("Saved."))
        return redirect("expenses:foreign_rates")
    context = {
        "form": form,
        "instance": instance,
        "items": ForeignPerDiemRate.objects.filter(company=company).select_related("entered_by"),
        "built_in": _built_in_figures(),
        "tab": "expenses",
    }
    return render(request, "expenses/setup/foreign_rates.html", context)


def _built_in_figures() -> list[dict[str, object]]:
    """The foreign per diems shipped in the code, per year, so an admin sees what needs no entry."""
    language = get_language()
    return [
        {
            "year": table.year,
            "source": table.source,
            "rows": [
                (country_name(code, language), city or "", amount) for (code, city), amount in table.foreign.items()
            ],
        }
        for table in reversed(TABLES)
        if table.foreign
    ]


@company_view()
def profile(request: CompanyRequest) -> HttpResponse:
    form = IbanForm(request.POST or None, initial={"iban": request.user.iban})
    if request.method == "POST" and form.is_valid():
        setup_services.set_iban(user=request.user, iban=form.cleaned_data["iban"])
        messages.success(request, _("Bank account saved."))
        return redirect("expenses:profile")
    context = {
        "form": form,
        "api_tokens": active_tokens_of(request.user),
        "token_form": IssueApiTokenForm(),
        "token_lifetime_days": settings.API_TOKEN_LIFETIME_DAYS,
    }
    return render(request, "expenses/profile.html", context)
