from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from companies.models import Membership
from companies.roles import Role
from companies.services import invite_member

pytestmark = pytest.mark.django_db(transaction=True)


def invitation_path(message) -> str:
    line = next(line for line in message.body.splitlines() if "/accounts/invitations/" in line)
    return line[line.index("/accounts/invitations/") :].strip()


def test_admin_invites_by_email_and_new_person_joins(company, member_factory, login):
    admin = member_factory(company, Role.ADMIN)
    response = login(admin).post(
        reverse("companies:members"), {"email": "New.Person@Example.com", "role": Role.APPROVER}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.person@example.com"]
    path = invitation_path(mail.outbox[0])

    from django.test import Client

    visitor = Client()
    joined = visitor.post(path, {"first_name": "Uusi", "last_name": "Henkilö", "password": "long enough pass 123"})
    assert joined.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert Membership.objects.get(user=user, company=company).role == Role.APPROVER
    assert company.name in visitor.get(reverse("dashboard")).content.decode()
    assert AuditEntry.objects.filter(company=company, action="invitation.accepted").exists()
    assert visitor.get(path).status_code == 404  # single use


def test_expired_invitation_is_refused(company, member_factory, client):
    admin = member_factory(company, Role.ADMIN)
    invitation = invite_member(company=company, email="late@example.com", role=Role.EMPLOYEE, invited_by=admin)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    response = client.get(reverse("accounts:accept_invitation", args=[invitation.token]))
    assert response.status_code == 404
    assert "expired" in response.content.decode()


def test_existing_user_must_log_in_as_the_invited_address(company, member_factory, login):
    admin = member_factory(company, Role.ADMIN)
    from tests.factories import UserFactory

    existing = UserFactory(email="already@example.com")
    invitation = invite_member(company=company, email=existing.email, role=Role.EMPLOYEE, invited_by=admin)
    path = reverse("accounts:accept_invitation", args=[invitation.token])
    assert login(admin).get(path).status_code == 404  # someone else's invitation
    client = login(existing)
    assert client.post(path).status_code == 302
    assert Membership.objects.filter(user=existing, company=company).exists()


def test_non_admin_cannot_invite(company, member_factory, login):
    approver = member_factory(company, Role.APPROVER)
    response = login(approver).post(reverse("companies:members"), {"email": "x@example.com", "role": "admin"})
    assert response.status_code == 404
    assert mail.outbox == []
