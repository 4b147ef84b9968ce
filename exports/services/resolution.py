"""What admins and accountants do with exports that need them: retry, and answer held payments."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies import roles
from expenses.policy import role_of
from exports.models import PaymentExport, VoucherExport
from exports.services.errors import ExportRefused
from exports.services.lanes import kick_lane
from exports.services.payments import mark_paid, no_company_account, recipient_account
from exports.services.settings import settings_of
from jobs.texts import in_every_language, message_fields, shown

Voucher, Pay = VoucherExport.State, PaymentExport.State


def retry_voucher(*, row: VoucherExport, actor: User, without_attachments: bool = False) -> VoucherExport:
    """Send a failed or held voucher again (after its cause was fixed). Raises ExportRefused."""
    _check_may_resolve(row.company_id, actor)
    values: dict[str, object] = {
        "state": Voucher.PENDING, "attempt_count": 0, "next_attempt_at": timezone.now(), "netvisor_text": "",
        **message_fields({}),
    }  # fmt: skip
    if without_attachments:
        values["without_attachments"] = True
    with transaction.atomic(durable=True):
        if not VoucherExport.objects.filter(pk=row.pk, state__in=VoucherExport.NEEDS_ATTENTION).update(**values):
            raise ExportRefused(_("This voucher is not waiting for a retry any more."))
        record_audit(action="exports.voucher_retried", actor=actor, company=row.company, obj=row)
        kick_lane(row.company_id)
    row.refresh_from_db()
    return row


def retry_payment(*, row: PaymentExport, actor: User) -> PaymentExport:
    """Send a failed payment again, with the employee's and the company's current bank accounts."""
    _check_may_resolve(row.company_id, actor)
    iban, bic, problem = recipient_account(row.employee)
    source = settings_of(row.company_id).source_iban
    if problem or not source:
        raise ExportRefused(shown(problem) if problem else no_company_account())
    with transaction.atomic(durable=True):
        if not PaymentExport.objects.filter(pk=row.pk, state=Pay.FAILED).update(
            state=Pay.PENDING, attempt_count=0, next_attempt_at=timezone.now(), message="", message_texts={},
            netvisor_text="",
            iban=iban, bic=bic, source_iban=source,
        ):  # fmt: skip
            raise ExportRefused(_("This payment is not waiting for a retry any more."))
        record_audit(action="exports.payment_retried", actor=actor, company=row.company, obj=row)
        kick_lane(row.company_id)
    row.refresh_from_db()
    return row


def resolve_held_payment(
    *, row: PaymentExport, actor: User, found: bool, payment_id: int | None = None
) -> PaymentExport:
    """An admin's answer to "Check in Netvisor" (spec 13.15).

    ``found``: the payment is in Netvisor; it is recorded as sent (and followed until paid when the
    admin gives its id). Not found: it is sent again, once.
    """
    _check_may_resolve(row.company_id, actor)
    if found:
        values: dict[str, object] = {
            "state": Pay.SENT, "netvisor_payment_id": payment_id, "sent_at": timezone.now(),
            **message_fields({} if payment_id else in_every_language(found_without_id)),
        }  # fmt: skip
    else:
        values = {"state": Pay.PENDING, "next_attempt_at": timezone.now(), "attempt_count": 0, **message_fields({})}
    with transaction.atomic(durable=True):
        if not PaymentExport.objects.filter(pk=row.pk, state=Pay.CHECK).update(resolved_by=actor, **values):
            raise ExportRefused(_("This payment is not waiting for a check any more."))
        action = "found" if found else "not_found"
        record_audit(action=f"exports.payment_{action}", actor=actor, company=row.company, obj=row)
        kick_lane(row.company_id)
    row.refresh_from_db()
    return row


def mark_payment_paid(*, row: PaymentExport, actor: User) -> PaymentExport:
    """For a payment found in Netvisor without an id to follow: an admin records it as paid."""
    _check_may_resolve(row.company_id, actor)
    if not mark_paid(row, actor=actor):
        raise ExportRefused(_("Only a payment waiting for approval in Netvisor can be marked paid."))
    row.refresh_from_db()
    return row


def found_without_id() -> str:
    return _("Found in Netvisor. Mark it paid here once it is paid.")


def _check_may_resolve(company_id: int, actor: User) -> None:
    role = role_of(company_id, actor)
    if role is None or not roles.can_see_all_expenses(role):
        raise ExportRefused(_("Only accountants and admins handle exports."))
