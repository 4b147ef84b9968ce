"""Company setup changes by an admin; each save is one transaction with its audit entry."""

from collections.abc import Iterable

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from audit.services import record_audit
from companies.models import Company
from expenses.models import ApproverAssignment, ExpenseSettings
from expenses.services.errors import field_error


def settings_for(company: Company) -> ExpenseSettings:
    found, _created = ExpenseSettings.objects.get_or_create(company=company)
    return found


def save_setup(*, obj: models.Model, company: Company, actor: User, changed_fields: Iterable[str]) -> models.Model:
    """Save a purchase type, payment method or the expense settings of ``company``."""
    if getattr(obj, "company_id", None) != company.pk:
        raise ValueError("The object belongs to another company")
    action = f"expenses.{obj._meta.model_name}_saved"
    with transaction.atomic():
        obj.save()
        record_audit(action=action, actor=actor, company=company, obj=obj, changed_fields=changed_fields)
    return obj


def assign_approver(*, company: Company, employee: User, approver: User, actor: User) -> ApproverAssignment:
    """Make ``approver`` the one who approves ``employee``'s expenses in ``company``. Safe to repeat.

    Raises Refusal on "approver" when it is the employee: nobody approves their own expenses.
    """
    if employee.pk == approver.pk:
        raise field_error("approver", _("Nobody approves their own expenses; choose someone else."))
    with transaction.atomic():
        assignment, _created = ApproverAssignment.objects.update_or_create(
            company=company, employee=employee, defaults={"approver": approver}
        )
        record_audit(
            action="expenses.approver_assigned",
            actor=actor,
            company=company,
            obj=assignment,
            changed_fields=["approver"],
        )
    return assignment


def remove_assignment(*, assignment: ApproverAssignment, actor: User) -> None:
    with transaction.atomic():
        record_audit(action="expenses.approver_removed", actor=actor, company=assignment.company, obj=assignment)
        assignment.delete()


def set_iban(*, user: User, iban: str) -> None:
    """Store an IBAN already validated by the form (schwifty), in its compact form."""
    with transaction.atomic():
        user.iban = iban
        user.save(update_fields=["iban"])
        record_audit(action="user.iban_changed", actor=user, obj=user, changed_fields=["iban"])
