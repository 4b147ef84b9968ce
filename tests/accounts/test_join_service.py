"""Joining through an invitation as a new person is one service: account and membership, or neither."""

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.services.invitations import join_as_new_user
from companies.models import Membership
from companies.roles import Role
from companies.services import InvitationUnusable, invite_member

pytestmark = pytest.mark.django_db


def test_a_new_person_gets_an_account_and_the_invited_role(company):
    invitation = invite_member(company=company, email="New@Example.com", role=Role.APPROVER, invited_by=None)

    membership = join_as_new_user(
        token=invitation.token, password="long enough pass 123", first_name="Uusi", last_name="Henkilö"
    )

    assert (membership.user.email, membership.company, membership.role) == ("new@example.com", company, Role.APPROVER)
    assert membership.user.check_password("long enough pass 123")


def test_a_used_invitation_makes_no_account(company):
    invitation = invite_member(company=company, email="late@example.com", role=Role.EMPLOYEE, invited_by=None)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])

    with pytest.raises(InvitationUnusable):
        join_as_new_user(token=invitation.token, password="long enough pass 123", first_name="A", last_name="B")

    assert not User.objects.filter(email="late@example.com").exists()
    assert not Membership.objects.filter(company=company).exists()
