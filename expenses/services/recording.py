"""Create and edit expenses of the three kinds. Each call is one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies.models import Company
from expenses.models import Expense, ExpenseLine, Kind, MileageDetails, MileageLeg, PerDiemDetails, State
from expenses.services.attachments import add_attachment
from expenses.services.calculation import (
    Computed,
    PerDiemComputed,
    compute_mileage,
    compute_per_diem,
    compute_receipt,
    resolve_exchange_rate,
)
from expenses.services.duplicates import refresh_duplicate_flag
from expenses.services.errors import StateConflict, field_error
from expenses.services.inputs import MileageInput, PerDiemInput, ReceiptInput
from expenses.services.periods import check_open_period
from expenses.services.scoping import (
    NOTHING_KEPT,
    KeptReferences,
    check_allowance_scope,
    check_receipt_scope,
    kept_references,
)

EDITABLE_STATES = (State.DRAFT, State.REJECTED)
# Bounds on the work one expense can cause (each line is calculated, saved, shown and sent as a voucher
# line); far above any real receipt or trip. The forms and the API refuse more before parsing the rows.
MAX_LINES = 50
MAX_LEGS = 50
KIND_OF_INPUT = {ReceiptInput: Kind.RECEIPT, MileageInput: Kind.MILEAGE, PerDiemInput: Kind.PER_DIEM}


Input = ReceiptInput | MileageInput | PerDiemInput
Details = Callable[[Expense], None]


def create_receipt(*, company: Company, owner: User, data: ReceiptInput) -> Expense:
    """Save a new draft receipt. Raises ValidationError (keyed by field); nothing is saved then."""
    return _create(company, owner, Kind.RECEIPT, data)


def create_mileage(*, company: Company, owner: User, data: MileageInput) -> Expense:
    """Save a new draft kilometre allowance; the amount comes from the rules' calculation."""
    return _create(company, owner, Kind.MILEAGE, data)


def create_per_diem(*, company: Company, owner: User, data: PerDiemInput) -> Expense:
    """Save a new draft per diem; the amount comes from the rules' calculation."""
    return _create(company, owner, Kind.PER_DIEM, data)


def save_expense(
    *,
    company: Company,
    actor: User,
    data: Input,
    expense: Expense | None = None,
    uploads: Iterable[UploadedFile[bytes]] = (),
) -> Expense:
    """Create (``expense`` None) or update an expense and attach files, all or nothing.

    Raises ValidationError (keyed by field; files on "file") or StateConflict.
    """
    check_input_size(data)  # before the exchange rate is fetched for it
    if isinstance(data, ReceiptInput):
        data = resolve_exchange_rate(data)
    with transaction.atomic():
        if expense is None:
            expense = _create(company, actor, KIND_OF_INPUT[type(data)], data)
        else:
            expense = update_expense(expense=expense, actor=actor, data=data)
        for upload in uploads:
            add_attachment(expense=expense, actor=actor, upload=upload)
    return expense


def update_expense(*, expense: Expense, actor: User, data: Input) -> Expense:
    """Replace an expense's content. Only its owner, only while it is a draft or rejected.

    Raises ValidationError (keyed by field) or StateConflict; nothing is saved then.
    """
    _check_editable(expense, actor, data)
    # What it already points at stays allowed even if deactivated since; new choices must be active.
    computed, fields, details = _prepare(expense.company, data, kept_references(expense), actor)
    with transaction.atomic():
        _write(expense, fields | _amount_fields(computed), states=EDITABLE_STATES)
        expense.refresh_from_db()
        _replace_lines(expense, computed)
        details(expense)
        refresh_duplicate_flag(expense)
        record_audit(action="expense.updated", actor=actor, company=expense.company, obj=expense, changed_fields=fields)
    return expense


def calculate_expense(
    *, company: Company, data: Input, kept: KeptReferences = NOTHING_KEPT, actor: User | None = None
) -> Computed:
    """What ``data`` would be saved with, checked against the company (lock date, its own objects).

    ``kept``: inactive objects the edited expense already points at, which may stay (see ``kept_references``).
    ``actor``: who types it; a hand-typed exchange rate is labelled as entered by them.
    Nothing is written; the live preview and the API's calculate call use it. Raises ValidationError.
    """
    if actor is not None and isinstance(data, ReceiptInput):
        data = replace(data, entered_by=actor.get_full_name() or actor.email)
    check_input_size(data)
    check_input_period(company, data)
    if isinstance(data, ReceiptInput):
        check_receipt_scope(company, data, kept)
        return compute_receipt(data)
    check_allowance_scope(company, data, kept)
    if isinstance(data, MileageInput):
        return compute_mileage(data)
    return compute_per_diem(data, company=company)


def kept_when_editing(expense: Expense | None, actor: User) -> KeptReferences:
    """What a preview of editing ``expense`` may keep though deactivated: as ``update_expense`` would allow.

    Only its owner, only while it can still be edited; anyone else previews as for a new expense.
    """
    if expense is None or expense.owner_id != actor.pk or expense.state not in EDITABLE_STATES:
        return NOTHING_KEPT
    return kept_references(expense)


def _prepare(
    company: Company, data: Input, kept: KeptReferences, actor: User
) -> tuple[Computed, dict[str, Any], Details]:
    computed = calculate_expense(company=company, data=data, kept=kept, actor=actor)
    if isinstance(data, ReceiptInput):
        return computed, _receipt_fields(data, computed, actor), _no_details
    if isinstance(data, MileageInput):
        fields = {"date": data.date, "description": data.description}
        return computed, fields, lambda expense: _save_mileage(expense, data)
    fields = {"date": _local_date(data.departure), "description": data.description}
    return computed, fields, lambda expense: _save_per_diem(expense, data, computed)


def check_input_size(data: Input) -> None:
    """Refuse more lines (on "lines") or legs (on "legs") than an expense may have."""
    if isinstance(data, ReceiptInput) and len(data.lines) > MAX_LINES:
        message = _("An expense can have at most %(count)d lines.") % {"count": MAX_LINES}
        raise field_error("lines", message, code="max_length")
    if isinstance(data, MileageInput) and len(data.legs) > MAX_LEGS:
        message = _("A kilometre allowance can have at most %(count)d legs.") % {"count": MAX_LEGS}
        raise field_error("legs", message, code="max_length")


def check_input_period(company: Company, data: Input) -> None:
    """Refuse input dated in the company's locked period (on "date", or "departure" for a per diem)."""
    if isinstance(data, PerDiemInput):
        check_open_period(company_id=company.pk, day=_local_date(data.departure), field="departure")
    else:
        check_open_period(company_id=company.pk, day=data.date)


def _local_date(moment: datetime) -> date:
    # An aware departure at 00:30 in Helsinki is still the previous day in UTC.
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def delete_draft(*, expense: Expense, actor: User) -> None:
    if expense.owner_id != actor.pk or expense.state != State.DRAFT:
        raise field_error("state", _("Only your own drafts can be deleted."))
    with transaction.atomic():
        record_audit(action="expense.deleted", actor=actor, company=expense.company, obj=expense)
        if Expense.objects.filter(pk=expense.pk, state=State.DRAFT).delete()[0] == 0:
            raise StateConflict()


def _check_editable(expense: Expense, actor: User, data: Input) -> None:
    if expense.owner_id != actor.pk:
        raise field_error("owner", _("Only the person who made the expense can edit it."))
    if KIND_OF_INPUT[type(data)] != expense.kind:
        raise field_error("kind", _("The kind of an expense cannot be changed."))
    if expense.state not in EDITABLE_STATES:
        raise field_error("state", _("Only drafts and rejected expenses can be edited."))


def _write(expense: Expense, fields: dict[str, Any], *, states: tuple[str, ...]) -> None:
    # Conditional UPDATE: an expense submitted meanwhile in another tab is not silently changed.
    updated = Expense.objects.filter(pk=expense.pk, state__in=states).update(**fields)
    if updated == 0:
        raise StateConflict()


def _create(company: Company, owner: User, kind: str, data: Input) -> Expense:
    computed, fields, details = _prepare(company, data, NOTHING_KEPT, owner)
    with transaction.atomic():
        expense = Expense.objects.create(company=company, owner=owner, kind=kind, **fields, **_amount_fields(computed))
        _replace_lines(expense, computed)
        details(expense)
        refresh_duplicate_flag(expense)
        record_audit(action="expense.created", actor=owner, company=company, obj=expense)
    return expense


def _receipt_fields(data: ReceiptInput, computed: Computed, actor: User) -> dict[str, Any]:
    return {
        "rate_entered_by": actor if computed.rate_typed else None,
        "date": data.date,
        "description": data.description,
        "payment_method": data.payment_method,
        "currency": (data.currency or "EUR").upper(),
        "exchange_rate": computed.exchange_rate,
        "rate_source": computed.rate_source if data.currency.upper() != "EUR" else "",
        "rate_date": computed.rate_date if data.currency.upper() != "EUR" else None,
    }


def _amount_fields(computed: Computed) -> dict[str, Any]:
    return {"amount": computed.amount, "amount_eur": computed.amount_eur, "calculation": list(computed.phrases)}


def _replace_lines(expense: Expense, computed: Computed) -> None:
    expense.lines.all().delete()
    ExpenseLine.objects.bulk_create(
        ExpenseLine(
            expense=expense,
            position=index,
            purchase_type=line.purchase_type,
            cost_center=line.cost_center,
            description=line.description,
            amount=line.amount,
            amount_eur=line.amount_eur,
            vat_rate=line.vat_rate,
            vat_amount=line.vat_amount,
            net_amount=line.net_amount,
        )
        for index, line in enumerate(computed.lines)
    )


def _no_details(expense: Expense) -> None:
    return None


def _save_mileage(expense: Expense, data: MileageInput) -> None:
    total_km = sum((leg.km for leg in data.legs), start=Decimal(0))
    MileageDetails.objects.update_or_create(
        expense=expense,
        defaults={
            "vehicle": data.vehicle,
            "passengers": data.passengers,
            "trailer": data.trailer,
            "heavy_load": data.heavy_load,
            "total_km": total_km,
        },
    )
    expense.legs.all().delete()
    MileageLeg.objects.bulk_create(
        MileageLeg(expense=expense, position=i, start=leg.start, end=leg.end, km=leg.km)
        for i, leg in enumerate(data.legs)
    )


def _save_per_diem(expense: Expense, data: PerDiemInput, computed: Computed) -> None:
    assert isinstance(computed, PerDiemComputed)  # compute_per_diem's result
    PerDiemDetails.objects.update_or_create(
        expense=expense,
        defaults={
            "departure": data.departure,
            "return_at": data.return_at,
            "destination": (data.destination or "FI").upper(),
            "city": data.city,
            "free_meals": list(data.free_meals),
            "meal_allowance_meals": data.meal_allowance_meals,
            "employee_day_rate": computed.employee_day_rate,
        },
    )
