from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.models import Invitation, User
from audit.services import record_audit
from companies.models import Company, Membership
from companies.roles import Role
from companies.tasks import send_invitation_email
from jobs.sending import send_on_commit

# What each feature sets up for a new company, as dotted paths to functions taking ``company``:
# listed here so that tenants do not import the features built on them.
NEW_COMPANY_SETUP: list[str] = ["expenses.services.defaults.create_default_setup"]


def create_company(*, name: str, business_id: str = "", admin: User | None = None) -> Company:
    """Create a company with each feature's default setup, making ``admin`` (if given) its first admin."""
    with transaction.atomic():
        company = Company.objects.create(name=name, business_id=business_id)
        if admin is not None:
            Membership.objects.create(user=admin, company=company, role=Role.ADMIN)
        record_audit(action="company.created", actor=admin, company=company, obj=company)
        for path in NEW_COMPANY_SETUP:
            import_string(path)(company=company)
    return company


def change_company_settings(*, company: Company, actor: User, name: str, business_id: str) -> None:
    """Rename the company or change its business ID; the audit entry names the fields that changed."""
    with transaction.atomic():
        # Compared with the stored row, not with ``company``: a bound form has already set its attributes.
        stored = Company.objects.select_for_update().get(pk=company.pk)
        changed = [
            field for field, value in (("name", name), ("business_id", business_id)) if getattr(stored, field) != value
        ]
        company.name, company.business_id = name, business_id
        company.save(update_fields=["name", "business_id"])
        record_audit(
            action="company.settings_changed", actor=actor, company=company, obj=company, changed_fields=changed
        )


def add_member(*, company: Company, user: User, role: str, actor: User | None = None) -> Membership:
    with transaction.atomic():
        membership, _created = Membership.objects.update_or_create(
            company=company, user=user, defaults={"role": role, "is_active": True}
        )
        record_audit(action="member.added", actor=actor, company=company, obj=membership, changed_fields=["role"])
    return membership


def invite_member(*, company: Company, email: str, role: str, invited_by: User | None) -> Invitation:
    """Create an invitation and e-mail its link once the transaction has committed."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    with transaction.atomic():
        invitation = Invitation.objects.create(
            company=company,
            email=email.strip().lower(),
            role=role,
            invited_by=invited_by,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        record_audit(action="member.invited", actor=invited_by, company=company, obj=invitation)
        send_on_commit(send_invitation_email, invitation.pk)
    return invitation


class InvitationUnusable(Exception):
    """The invitation was already used or has expired."""


def accept_invitation(*, token: str, user: User) -> Membership:
    """Join the invitation's company; safe to call once per invitation (a second call raises)."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("company").get(token=token)
        if not invitation.is_usable:
            raise InvitationUnusable
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        membership = add_member(company=invitation.company, user=user, role=invitation.role, actor=user)
        record_audit(action="invitation.accepted", actor=user, company=invitation.company, obj=invitation)
    return membership
