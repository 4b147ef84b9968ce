from celery import shared_task

from accounts.models import Invitation
from companies.emails import send_invitation


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    """E-mail an invitation link; a connection error to the mail server is retried with backoff."""
    invitation = Invitation.objects.select_related("company").filter(pk=invitation_id).first()
    if invitation is not None and invitation.is_usable:
        send_invitation(invitation)
