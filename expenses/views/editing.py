"""The new/edit pages of the three kinds, and the JSON preview that recalculates as one types."""

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from companies.access import company_view
from companies.http import CompanyRequest
from companies.models import Company
from companies.parsing import parse_id
from expenses import services
from expenses.forms import LegFormSet, LineFormSet, MileageForm, PerDiemForm, ReceiptForm, apply_errors
from expenses.forms.allowances import BaseLegFormSet
from expenses.forms.formsets import RowFormSet
from expenses.forms.receipt import BaseLineFormSet, line_initial, percent_text
from expenses.models import Expense, Kind
from expenses.rules import rates_on
from expenses.rules.vat import class_percent
from expenses.selectors import active_payment_methods
from expenses.services.attachments import inspect_upload
from expenses.services.recording import EDITABLE_STATES, Input
from expenses.services.scoping import NOTHING_KEPT, KeptReferences, kept_references
from expenses.views.common import visible_expense


@dataclass
class Forms:
    form: ReceiptForm | MileageForm | PerDiemForm
    # A receipt's lines or a trip's legs; a per diem has none.
    formset: RowFormSet | None

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return (self.formset is None or self.formset.is_valid()) and valid

    def to_input(self) -> Input:
        # build_forms pairs each form with the formset of its kind.
        if isinstance(self.form, ReceiptForm):
            assert isinstance(self.formset, BaseLineFormSet)
            return self.form.to_input(self.formset.to_lines(self.form.cleaned_data["amount"]))
        if isinstance(self.form, MileageForm):
            assert isinstance(self.formset, BaseLegFormSet)
            return self.form.to_input(self.formset.to_legs())
        return self.form.to_input()


def build_forms(
    kind: str, company: Company, data: Any = None, expense: Expense | None = None, kept: KeptReferences | None = None
) -> Forms:
    """The forms of ``kind``; ``kept`` (default: what ``expense`` points at) stays choosable though inactive."""
    kept = kept if kept is not None else kept_references(expense)
    if kind == Kind.RECEIPT:
        initial = _receipt_initial(expense, company)
        lines = line_initial(expense) if expense else None
        formset = LineFormSet(data, prefix="lines", initial=lines, form_kwargs={"company": company, "kept": kept})
        return Forms(ReceiptForm(data, company=company, kept=kept, initial=initial), formset)
    if kind == Kind.MILEAGE:
        initial = _mileage_initial(expense) if expense else {"date": timezone.localdate()}
        legs = [{"start": leg.start, "end": leg.end, "km": leg.km} for leg in expense.legs.all()] if expense else None
        form = MileageForm(data, company=company, kept=kept, initial=initial)
        return Forms(form, LegFormSet(data, prefix="legs", initial=legs))
    initial = _per_diem_initial(expense) if expense else {}
    return Forms(PerDiemForm(data, company=company, kept=kept, initial=initial), None)


def _receipt_initial(expense: Expense | None, company: Company) -> dict[str, object]:
    if expense is None:
        return {
            "date": timezone.localdate(),
            "currency": "EUR",
            "payment_method": active_payment_methods(company).first(),
        }
    fields = ("date", "description", "amount", "currency", "rate_date", "rate_source", "payment_method")
    initial = {name: getattr(expense, name) for name in fields}
    initial["exchange_rate"] = expense.exchange_rate if expense.currency != "EUR" else None
    return initial


def _mileage_initial(expense: Expense) -> dict[str, object]:
    details = expense.mileage
    initial = {name: getattr(details, name) for name in ("vehicle", "passengers", "trailer", "heavy_load")}
    line = expense.lines.first()
    return {
        **initial,
        "date": expense.date,
        "description": expense.description,
        "cost_center": line and line.cost_center_id,
    }


def _per_diem_initial(expense: Expense) -> dict[str, object]:
    details = expense.per_diem
    line = expense.lines.first()
    return {
        "description": expense.description,
        "departure": timezone.localtime(details.departure),
        "return_at": timezone.localtime(details.return_at),
        "destination": details.destination,
        "city": details.city,
        "free_meals": ", ".join(str(n) for n in details.free_meals),
        "meal_allowance_meals": details.meal_allowance_meals,
        "day_rate": details.employee_day_rate,
        "cost_center": line and line.cost_center_id,
    }


TITLES: dict[str, Promise] = {
    Kind.RECEIPT: gettext_lazy("New receipt"),
    Kind.MILEAGE: gettext_lazy("New kilometre allowance"),
    Kind.PER_DIEM: gettext_lazy("New per diem"),
}


def _editor(request: CompanyRequest, kind: str, expense: Expense | None) -> HttpResponse:
    company = request.company
    bound = build_forms(kind, company, request.POST or None if request.method == "POST" else None, expense)
    uploads = request.FILES.getlist("file") if request.method == "POST" else []
    file_errors = _upload_errors(uploads) if request.method == "POST" else []
    if request.method == "POST" and bound.is_valid() and not file_errors:
        try:
            saved = services.save_expense(
                company=company, actor=request.user, data=bound.to_input(), expense=expense, uploads=uploads
            )
        except ValidationError as error:
            file_errors = error.message_dict.pop("file", []) if hasattr(error, "error_dict") else []
            apply_errors(error, bound.form, bound.formset)
        else:
            return redirect("expenses:detail", expense_id=saved.pk)
    context = {
        "form": bound.form,
        "formset": bound.formset,
        "kind": kind,
        "expense": expense,
        "title": TITLES[kind],
        "file_errors": file_errors,
        # A browser never sends a file back with a refused form: say so, or the receipt is silently lost.
        "files_to_choose_again": [upload.name for upload in uploads],
    }
    return render(request, f"expenses/form_{kind}.html", context, status=400 if request.method == "POST" else 200)


def _upload_errors(uploads: list[Any]) -> list[str]:
    """Check files before anything is saved, so a bad file leaves no half-made expense behind."""
    for upload in uploads:
        try:
            inspect_upload(upload)
        except ValidationError as error:
            return [str(message) for message in error.message_dict.get("file", error.messages)]
    return []


@company_view()
def new_receipt(request: CompanyRequest) -> HttpResponse:
    return _editor(request, Kind.RECEIPT, None)


@company_view()
def new_mileage(request: CompanyRequest) -> HttpResponse:
    return _editor(request, Kind.MILEAGE, None)


@company_view()
def new_per_diem(request: CompanyRequest) -> HttpResponse:
    return _editor(request, Kind.PER_DIEM, None)


@company_view()
def edit(request: CompanyRequest, expense_id: int) -> HttpResponse:
    expense = visible_expense(request, expense_id)
    if expense.owner_id != request.user.pk or expense.state not in EDITABLE_STATES:
        messages.error(request, _("Only your own drafts and rejected expenses can be edited."))
        return redirect("expenses:detail", expense_id=expense.pk)
    return _editor(request, expense.kind, expense)


@company_view()
@require_POST
def preview(request: CompanyRequest) -> JsonResponse:
    """The calculation of a form as typed so far; nothing is saved."""
    kind = request.GET.get("kind", "")
    if kind not in Kind.values:
        return JsonResponse({"ok": False, "errors": {"kind": [_("Unknown kind.")]}}, status=400)
    kept = _kept_of_edited(request)
    bound = build_forms(kind, request.company, request.POST, kept=kept)
    payload: dict[str, Any] = {"vat_rates": _vat_rates(bound.form)}
    if kind == Kind.RECEIPT:
        payload["default_vat_rates"] = _default_vat_rates(bound.form, request.company)
    if not bound.is_valid():
        return JsonResponse({**payload, "ok": False, "errors": _form_errors(bound)})
    try:
        computed = services.calculate_expense(
            company=request.company,
            data=bound.to_input(),
            kept=kept,
            actor=request.user,
        )
    except ValidationError as error:
        return JsonResponse({**payload, "ok": False, "errors": error.message_dict})
    return JsonResponse({**payload, "ok": True, **_computed_json(computed)})


def _kept_of_edited(request: CompanyRequest) -> KeptReferences:
    """What the expense being edited (``?expense=``) points at, so its preview accepts a deactivated choice.

    The service decides whose and which state counts; another company's expense is a 404.
    """
    expense_id = parse_id(request.GET.get("expense"))
    if expense_id is None:
        return NOTHING_KEPT
    return services.kept_when_editing(visible_expense(request, expense_id), request.user)


def _computed_json(computed: Any) -> dict[str, Any]:
    return {
        "amount": str(computed.amount),
        "amount_eur": str(computed.amount_eur),
        "explanation": list(computed.explanation),
        "lines": [
            {
                "amount": str(line.amount),
                "amount_eur": str(line.amount_eur),
                "vat": str(line.vat_amount),
                "net": str(line.net_amount),
            }
            for line in computed.lines
        ],
    }


def _form_date(form: forms.Form) -> date:
    day = form.cleaned_data.get("date") if form.is_bound and form.is_valid() else None
    return day or timezone.localdate()


def _vat_rates(form: forms.Form) -> list[str]:
    return [percent_text(rate.percent) for rate in rates_on(_form_date(form))]


def _default_vat_rates(form: forms.Form, company: Company) -> dict[str, str]:
    """Each purchase type's default percent on the receipt's date, for the rows left at "default"."""
    day = _form_date(form)
    classes = company.purchase_types.values_list("pk", "vat_class")
    return {str(pk): percent_text(class_percent(vat_class, day)) for pk, vat_class in classes}


def _form_errors(bound: Forms) -> dict[str, list[str]]:
    errors = {key: [str(m) for m in value] for key, value in bound.form.errors.items()}
    if bound.formset is not None:
        prefix = bound.formset.prefix
        assert prefix is not None  # BaseFormSet.__init__ falls back to the default prefix
        # Each row's ErrorDict; the stubs call them ErrorLists.
        row_error_dicts = cast(list[ErrorDict], bound.formset.errors)
        for index, row_errors in enumerate(row_error_dicts):
            for key, value in row_errors.items():
                errors[f"{prefix}.{index}.{key}"] = [str(m) for m in value]
        if bound.formset.non_form_errors():
            errors[prefix] = [str(m) for m in bound.formset.non_form_errors()]
    return errors
