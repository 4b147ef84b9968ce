"""Reimbursements as Netvisor bank-transfer drafts (``payment.nv``), and following them until paid.

One payment per employee for their reimbursable expenses whose vouchers are in Netvisor. A payment
whose answer was lost is never sent again by itself (spec 13.15): it waits as "Check in Netvisor"
for an admin, because a second transfer to a person is worse than a day's delay.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from accounts.models import User
from audit.services import record_audit
from companies.integration import gateway
from expenses.models import Expense, Kind, PaymentMethod, State
from expenses.services import move_in_bulk
from exports.models import ExportSettings, PaymentExport
from exports.services.context import BatchContext
from exports.services.marking import gave_up
from jobs import decisions, leases
from jobs.attempts import finish_attempt, finish_with, start_attempt, transaction_ids
from jobs.calls import call_recorded
from jobs.decisions import Action, Decision, decide
from jobs.models import Attempt
from jobs.texts import Texts, in_every_language, message_fields
from netvisor import Payment
from notifications.services import notify_paid

Pay = PaymentExport.State
# A bank transfer's free-text message: SEPA carries 140 characters.
MAX_MESSAGE = 140
REIMBURSABLE = (
    Q(kind__in=[Kind.MILEAGE, Kind.PER_DIEM])
    | Q(payment_method__isnull=True)
    | Q(payment_method__kind=PaymentMethod.Kind.OWN_MONEY)
)


def status_check_interval() -> timedelta:
    return timedelta(seconds=settings.EXPORTS_PAYMENT_CHECK_SECONDS)


def owed_expenses(company_ids: list[int] | None = None) -> QuerySet[Expense]:
    """Exported expenses owed to their employees that no payment covers yet."""
    scope = Q(company_id__in=company_ids) if company_ids is not None else Q()
    paying = ExportSettings.objects.filter(payments_enabled=True).values("company_id")
    return Expense.objects.filter(scope, REIMBURSABLE, state=State.EXPORTED, payment_exports__isnull=True).filter(
        company_id__in=paying
    )


def companies_owed_payments(company_ids: list[int] | None = None) -> set[int]:
    return set(owed_expenses(company_ids).values_list("company_id", flat=True).distinct())


def create_payments(context: BatchContext) -> int:
    """One payment row per employee owed money; each row is one transaction with its expenses."""
    owed: dict[int, list[Expense]] = defaultdict(list)
    for expense in owed_expenses([context.connection.company_id]).select_related("owner").order_by("date", "pk"):
        owed[expense.owner_id].append(expense)
    for expenses in owed.values():
        _create_payment(context, expenses)
    return len(owed)


def _create_payment(context: BatchContext, expenses: list[Expense]) -> PaymentExport:
    employee = expenses[0].owner
    iban, bic, problem = recipient_account(employee)
    if not context.settings.source_iban:
        problem = in_every_language(no_company_account)
    with transaction.atomic(durable=True):
        row = PaymentExport.objects.create(
            company_id=context.connection.company_id,
            employee=employee,
            amount=sum((e.amount_eur for e in expenses), Decimal("0")),
            recipient_name=(employee.get_full_name() or employee.email)[:200],
            iban=iban,
            bic=bic,
            source_iban=context.settings.source_iban,
            due_date=timezone.localdate(),
            state=Pay.FAILED if problem else Pay.PENDING,
            **message_fields(problem or {}),
        )
        row.expenses.add(*expenses)
        row.message_text = payment_message(row, expenses)
        row.save(update_fields=["message_text"])
        record_audit(action="exports.payment_created", company=row.company, obj=row)
    return row


def recipient_account(employee: User) -> tuple[str, str, Texts | None]:
    """(IBAN, BIC, problem): the BIC is derived from the IBAN where the IBAN allows (Finnish ones do)."""
    person = employee.get_full_name() or employee.email
    if not employee.iban.strip():
        return (
            "",
            "",
            in_every_language(
                lambda: (
                    _("%(person)s has no bank account (IBAN) in their profile. Add it, then retry.")
                    % {"person": person}
                )
            ),
        )
    try:
        iban = IBAN(employee.iban)
    except SchwiftyException:
        return (
            "",
            "",
            in_every_language(
                lambda: _("The IBAN in %(person)s's profile is not valid. Correct it, then retry.") % {"person": person}
            ),
        )
    bic = iban.bic
    return str(iban.compact), str(bic) if bic else "", None


def no_company_account() -> str:
    return _("Set the company bank account in the export settings, then retry.")


def payment_message(row: PaymentExport, expenses: list[Expense]) -> str:
    """``BZ-P-<id> Kulukorvaus: …``: our reference first, then what the money is for."""
    listed = ", ".join(f"{e.date:%-d.%-m.} {e.description}" for e in expenses)
    text = f"{row.reference} Kulukorvaus: {listed}"
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def due_payments(company_id: int, *, limit: int) -> QuerySet[PaymentExport]:
    return PaymentExport.objects.filter(
        company_id=company_id, state=Pay.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")[:limit]


def send_payment(row: PaymentExport, context: BatchContext, *, token: str) -> Action | None:
    """Import ``row`` to Netvisor once. Returns the decision's action after a failure, None otherwise."""
    payment = Payment(
        message_type="FreeText", message=row.message_text, recipient_name=row.recipient_name,
        source_iban=row.source_iban, destination_iban=row.iban, destination_bic=row.bic,
        bank_name=_bank_name(row), due_date=max(row.due_date, timezone.localdate()), amount=row.amount,
    )  # fmt: skip
    attempt = _claim(row, token)
    if attempt is None:
        return None
    try:
        payment_id = gateway.call_netvisor(
            context.connection, lambda client: client.post_payment(payment), transaction_ids=transaction_ids(attempt)
        )
    except Exception as exc:  # every error goes through the decision table
        decision = decide(exc, write=True)
        _apply_decision(row, decision, token=token, attempts=row.attempt_count + 1, attempt=attempt)
        return decision.action
    _mark_sent(row, payment_id=payment_id, token=token, attempt=attempt)
    return None


def _bank_name(row: PaymentExport) -> str:
    """Netvisor asks for the recipient's bank by name; the IBAN's bank code tells it (schwifty's registry)."""
    try:
        return IBAN(row.iban).bank_name or row.bic or "-"
    except SchwiftyException:
        return row.bic or "-"


def _claim(row: PaymentExport, token: str) -> Attempt | None:
    """PENDING → SENDING and the attempt row, in one transaction committed before the call."""
    with transaction.atomic(durable=True):
        claimed = PaymentExport.objects.filter(pk=row.pk, state=Pay.PENDING).update(
            state=Pay.SENDING, claim_token=token, claimed_until=timezone.now() + leases.lease_length(),
            attempt_count=F("attempt_count") + 1,
        )  # fmt: skip
        if not claimed:
            return None
        return start_attempt(company_id=row.company_id, job_kind="payment", job_id=row.pk, resource="payment.nv")


def _mark_sent(row: PaymentExport, *, payment_id: int, token: str, attempt: Attempt) -> None:
    with transaction.atomic(durable=True):
        finish_attempt(attempt, Attempt.Outcome.OK)
        if PaymentExport.objects.filter(pk=row.pk, state=Pay.SENDING, claim_token=token).update(
            state=Pay.SENT, netvisor_payment_id=payment_id, sent_at=timezone.now(), claim_token="",
            claimed_until=None, message="", message_texts={}, netvisor_text="", next_attempt_at=timezone.now() + status_check_interval(),
        ):  # fmt: skip
            record_audit(action="exports.payment_sent", company=row.company, obj=row)


def _apply_decision(row: PaymentExport, decision: Decision, *, token: str, attempts: int, attempt: Attempt) -> None:
    values: dict[str, object] = {"claimed_until": None, "claim_token": "", "netvisor_text": decision.netvisor_text}
    if decision.action is Action.RETRY and decisions.exhausted(attempts):
        decision = replace(gave_up(decision), action=Action.FAIL)
    if decision.action is Action.READ_BACK:
        decision = replace(decision, texts=in_every_language(lambda: check_message(row)))
    values.update(message_fields(decision.texts))
    if decision.action is Action.RETRY:
        values.update(state=Pay.PENDING, next_attempt_at=timezone.now() + decisions.backoff(attempts))
    else:
        values["state"] = {Action.READ_BACK: Pay.CHECK, Action.PAUSE: Pay.PAUSED}.get(decision.action, Pay.FAILED)
    with transaction.atomic(durable=True):
        finish_with(attempt, decision)
        changed = PaymentExport.objects.filter(pk=row.pk, state=Pay.SENDING, claim_token=token).update(**values)
        if changed and values["state"] in PaymentExport.NEEDS_ATTENTION:
            record_audit(action=f"exports.payment_{values['state']}", company=row.company, obj=row)


def check_message(row: PaymentExport) -> str:
    return _(
        "Netvisor's answer to this payment was lost, so it was not sent again. Look in Netvisor's outgoing "
        "payments for a payment whose message starts with %(reference)s, then say whether you found it."
    ) % {"reference": row.reference}


def follow_payments(context: BatchContext) -> int:
    """Ask Netvisor about sent payments that are due a check; paid ones mark their expenses "Paid"."""
    company_id = context.connection.company_id
    due = {
        row.netvisor_payment_id: row
        for row in PaymentExport.objects.filter(
            company_id=company_id, state=Pay.SENT, netvisor_payment_id__isnull=False,
            next_attempt_at__lte=timezone.now(),
        )[:500]
        if row.netvisor_payment_id is not None  # filtered above already; tells the type checker
    }  # fmt: skip
    if not due:
        return 0
    try:
        statuses = call_recorded(
            context.connection, lambda client: client.get_unprocessed_payments(list(due)),
            job_kind="payment_status", job_id=min(r.pk for r in due.values()),
            resource="unprocessedoutgoingpayments.nv", write=False,
        )  # fmt: skip
    except Exception:
        return 0
    answered = {status.identifier: status for status in statuses}
    for payment_id, row in due.items():
        status = answered.get(payment_id)
        if status is not None and status.is_ok:
            mark_paid(row, actor=None)
        elif status is not None and status.is_error:
            _bank_refused(row, status.description or "")
    PaymentExport.objects.filter(pk__in=[r.pk for r in due.values()], state=Pay.SENT).update(
        next_attempt_at=timezone.now() + status_check_interval()
    )
    return len(answered)


def mark_paid(row: PaymentExport, *, actor: User | None) -> bool:
    """The payment was paid: its expenses become "Paid"."""
    with transaction.atomic(durable=True):
        if not PaymentExport.objects.filter(pk=row.pk, state=Pay.SENT).update(state=Pay.PAID, paid_at=timezone.now()):
            return False
        expense_ids = list(row.expenses.values_list("pk", flat=True))
        note = _("Paid: %(reference)s") % {"reference": row.reference}
        move_in_bulk(expense_ids=expense_ids, from_state=State.EXPORTED, to_state=State.PAID, actor=actor, note=note)
        notify_paid(expense_ids=expense_ids)
        record_audit(action="exports.payment_paid", actor=actor, company=row.company, obj=row)
    return True


def _bank_refused(row: PaymentExport, description: str) -> None:
    texts = in_every_language(lambda: _("The bank refused the payment: %(why)s") % {"why": description or "-"})
    with transaction.atomic(durable=True):
        if PaymentExport.objects.filter(pk=row.pk, state=Pay.SENT).update(
            state=Pay.FAILED, netvisor_text=description, **message_fields(texts)
        ):
            record_audit(action="exports.payment_failed", company=row.company, obj=row)
