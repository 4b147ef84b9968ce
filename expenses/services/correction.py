"""An approver's correction of a submitted expense's amount, kept in its history with a note."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from expenses.models import Expense, ExpenseLine, State, Transition
from expenses.rules import allocate, split_gross, to_eur
from expenses.services.calculation import MAX_AMOUNT_EUR, check_amount
from expenses.services.errors import StateConflict, field_error
from expenses.services.transitions import check_approver


def correct_amount(*, expense: Expense, actor: User, amount: Decimal, note: str) -> Expense:
    """Set a submitted expense's amount (in its currency); lines are rescaled so they still sum to it.

    Raises ValidationError (amount, note, approver) or StateConflict. Not safe to repeat blindly:
    a second call with a different amount corrects again.
    """
    if not note.strip():
        raise field_error("note", _("Say why the amount is corrected."))
    new_amount = check_amount(amount)
    check_approver(expense, actor)
    if expense.state != State.SUBMITTED:
        raise StateConflict(_("Only submitted expenses can be corrected."))
    new_eur = new_amount if expense.currency == "EUR" else to_eur(new_amount, expense.exchange_rate)
    if new_eur > MAX_AMOUNT_EUR:
        raise field_error("amount", _("The amount is over 1,000,000 € in euros; check it."))
    with transaction.atomic():
        _claim(expense, new_amount, new_eur)
        _rescale_lines(expense, new_amount, new_eur)
        text = _("Amount corrected from %(old)s to %(new)s %(currency)s: %(note)s")
        values = {"old": expense.amount, "new": new_amount, "currency": expense.currency, "note": note.strip()}
        Transition.objects.create(
            expense=expense, actor=actor, from_state=State.SUBMITTED, to_state=State.SUBMITTED, note=text % values
        )
        record_audit(
            action="expense.amount_corrected",
            actor=actor,
            company=expense.company,
            obj=expense,
            changed_fields=["amount", "amount_eur"],
        )
    expense.refresh_from_db()
    return expense


def _claim(expense: Expense, amount: Decimal, amount_eur: Decimal) -> None:
    claimed = Expense.objects.filter(pk=expense.pk, state=State.SUBMITTED, amount=expense.amount).update(
        amount=amount, amount_eur=amount_eur, updated_at=timezone.now()
    )
    if claimed == 0:
        raise StateConflict()


def _rescale_lines(expense: Expense, amount: Decimal, amount_eur: Decimal) -> None:
    lines = list(expense.lines.order_by("position", "id"))
    weights = [line.amount for line in lines]
    for line, share, share_eur in zip(lines, allocate(amount, weights), allocate(amount_eur, weights), strict=True):
        split = split_gross(share_eur, line.vat_rate)
        line.amount, line.amount_eur, line.vat_amount, line.net_amount = share, share_eur, split.vat, split.net
    ExpenseLine.objects.bulk_update(lines, ["amount", "amount_eur", "vat_amount", "net_amount"])
