from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Invitation
from companies.models import Company
from companies.roles import Role


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_connection_expired_email(company_id: int) -> None:
    """Tell a company's admins that Netvisor refuses the stored credentials and how to fix it."""
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        return
    recipients = _admin_addresses(company)
    if not recipients:
        return
    link = settings.SITE_URL + reverse("companies:reimbursement_accounting")
    context = {"company": company, "link": link}
    send_mail(
        subject=render_to_string("companies/email/credentials_expired_subject.txt", context).strip(),
        message=render_to_string("companies/email/credentials_expired.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


def _admin_addresses(company: Company) -> list[str]:
    """The company's admins; before any has joined (e.g. right after a Store activation), the
    addresses of its pending admin invitations. Never nobody while someone was invited, and never
    an address that never belonged to the company."""
    admins = company.memberships.filter(role=Role.ADMIN, is_active=True).select_related("user")
    addresses = [m.user.email for m in admins]
    if addresses:
        return addresses
    pending = Invitation.objects.filter(company=company, role=Role.ADMIN, accepted_at=None).order_by("created_at")
    return sorted({invitation.email for invitation in pending if invitation.is_usable})
