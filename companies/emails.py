from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Invitation


def send_invitation(invitation: Invitation) -> None:
    """Send the invitation e-mail now (the worker calls this; see tasks.send_invitation_email)."""
    link = settings.SITE_URL + reverse("accounts:accept_invitation", args=[invitation.token])
    context = {"invitation": invitation, "link": link}
    send_mail(
        subject=render_to_string("accounts/email/invitation_subject.txt", context).strip(),
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
