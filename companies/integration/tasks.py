from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from companies.models import Company
from companies.roles import Role


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, retry_jitter=True, max_retries=5)
def send_connection_expired_email(company_id: int) -> None:
    """Tell a company's admins that Netvisor refuses the stored credentials and how to fix it."""
    company = Company.objects.filter(pk=company_id).first()
    if company is None:
        return
    admins = company.memberships.filter(role=Role.ADMIN, is_active=True).select_related("user")
    recipients = [m.user.email for m in admins]
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
