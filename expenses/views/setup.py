"""Company setup pages of expenses (admins) and the IBAN profile page (everyone)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies import roles
from companies.access import company_view
from expenses.forms.setup import (
    ApproverAssignmentForm,
    ExpenseSettingsForm,
    IbanForm,
    PaymentMethodForm,
    PurchaseTypeForm,
)
from expenses.models import ApproverAssignment, PaymentMethod, PurchaseType
from expenses.services import setup as setup_services

admin_view = company_view(roles.can_manage_company)


@admin_view
def expense_settings(request: HttpRequest) -> HttpResponse:
    company = request.company  # type: ignore[attr-defined]
    instance = setup_services.settings_for(company)
    form = ExpenseSettingsForm(request.POST or None, instance=instance, company=company)
    if request.method == "POST" and form.is_valid():
        setup_services.save_setup(
            obj=form.instance, company=company, actor=request.user, changed_fields=form.changed_data
        )
        messages.success(request, _("Settings saved."))
        return redirect("expenses:setup")
    return render(request, "expenses/setup/settings.html", {"form": form, "tab": "expenses"})


def _setup_objects(
    request: HttpRequest, model: type, form_class: type, instance: object, template: str, back: str
) -> HttpResponse:
    company = request.company  # type: ignore[attr-defined]
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
def purchase_types(request: HttpRequest) -> HttpResponse:
    return _setup_objects(
        request, PurchaseType, PurchaseTypeForm, None, "expenses/setup/purchase_types.html", "expenses:purchase_types"
    )


@admin_view
def purchase_type_edit(request: HttpRequest, purchase_type_id: int) -> HttpResponse:
    instance = get_object_or_404(PurchaseType, pk=purchase_type_id, company=request.company)  # type: ignore[attr-defined]
    return _setup_objects(
        request,
        PurchaseType,
        PurchaseTypeForm,
        instance,
        "expenses/setup/purchase_types.html",
        "expenses:purchase_types",
    )


@admin_view
def payment_methods(request: HttpRequest) -> HttpResponse:
    return _setup_objects(
        request,
        PaymentMethod,
        PaymentMethodForm,
        None,
        "expenses/setup/payment_methods.html",
        "expenses:payment_methods",
    )


@admin_view
def payment_method_edit(request: HttpRequest, payment_method_id: int) -> HttpResponse:
    instance = get_object_or_404(PaymentMethod, pk=payment_method_id, company=request.company)  # type: ignore[attr-defined]
    return _setup_objects(
        request,
        PaymentMethod,
        PaymentMethodForm,
        instance,
        "expenses/setup/payment_methods.html",
        "expenses:payment_methods",
    )


@admin_view
def approvers(request: HttpRequest) -> HttpResponse:
    company = request.company  # type: ignore[attr-defined]
    form = ApproverAssignmentForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        setup_services.assign_approver(company=company, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Approver assigned."))
        return redirect("expenses:approvers")
    assignments = ApproverAssignment.objects.filter(company=company).select_related("employee", "approver")
    return render(
        request, "expenses/setup/approvers.html", {"form": form, "assignments": assignments, "tab": "expenses"}
    )


@admin_view
@require_POST
def approver_remove(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = get_object_or_404(ApproverAssignment, pk=assignment_id, company=request.company)  # type: ignore[attr-defined]
    setup_services.remove_assignment(assignment=assignment, actor=request.user)
    messages.success(request, _("Assignment removed."))
    return redirect("expenses:approvers")


@company_view()
def profile(request: HttpRequest) -> HttpResponse:
    form = IbanForm(request.POST or None, initial={"iban": request.user.iban})
    if request.method == "POST" and form.is_valid():
        setup_services.set_iban(user=request.user, iban=form.cleaned_data["iban"])
        messages.success(request, _("Bank account saved."))
        return redirect("expenses:profile")
    return render(request, "expenses/profile.html", {"form": form})
