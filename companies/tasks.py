from celery import shared_task

from accounts.models import Invitation
from companies.emails import send_invitation
from companies.integration import connection_jobs


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> None:
    """E-mail an invitation link; a connection error to the mail server is retried with backoff."""
    invitation = Invitation.objects.select_related("company").filter(pk=invitation_id).first()
    if invitation is not None and invitation.is_usable:
        send_invitation(invitation)


# No automatic retry: the page says how the job ended and the admin presses again. A connect may
# have used its identifier up, and the secrets are gone from the row once a worker took it.
# Three Netvisor calls of up to two minutes each, plus the exchange: the limit leaves room for them.
@shared_task(acks_late=True, soft_time_limit=540, time_limit=600)
def run_connection_job(job_id: int) -> None:
    """Connect, Update or Check connection for one recorded job; a job claimed elsewhere is left alone."""
    connection_jobs.run_job(job_id=job_id)
