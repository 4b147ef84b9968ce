"""A person without an account joins a company through its invitation."""

from django.db import transaction

from accounts.models import Invitation, User
from companies.models import Membership
from companies.services import InvitationUnusable, accept_invitation


def join_as_new_user(*, token: str, password: str, first_name: str, last_name: str) -> Membership:
    """Make an account for the invitation's e-mail address and accept the invitation with it, at once.

    Raises InvitationUnusable, and makes no account, when the invitation is unknown, used or expired.
    """
    with transaction.atomic():
        invitation = Invitation.objects.filter(token=token).first()
        if invitation is None:
            raise InvitationUnusable
        user = User.objects.create_user(invitation.email, password, first_name=first_name, last_name=last_name)
        return accept_invitation(token=token, user=user)
