"""One e-mail to a company's admins and accountants when exports need them, not one per failure."""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Invitation
from companies.models import Company, Membership
from companies.roles import Role
from exports.models import PaymentExport, VoucherExport


def send_attention_digests() -> int:
    """For every company with exports that started needing attention since the last digest: one
    e-mail listing them all. Returns how many e-mails went out. Safe to repeat: a row is listed once.
    """
    waiting = Q(notified_at__isnull=True)
    vouchers = VoucherExport.objects.filter(waiting, state__in=VoucherExport.NEEDS_ATTENTION)
    payments = PaymentExport.objects.filter(waiting, state__in=PaymentExport.NEEDS_ATTENTION)
    company_ids = set(vouchers.values_list("company_id", flat=True)) | set(
        payments.values_list("company_id", flat=True)
    )
    sent = 0
    for company in Company.objects.filter(pk__in=company_ids).order_by("pk"):
        sent += _digest(company, list(vouchers.filter(company=company)), list(payments.filter(company=company)))
    return sent


def _digest(company: Company, vouchers: list[VoucherExport], payments: list[PaymentExport]) -> int:
    recipients = _recipients(company)
    if recipients:
        context = {
            "company": company,
            "vouchers": vouchers,
            "payments": payments,
            "link": settings.SITE_URL + reverse("exports:page"),
        }
        send_mail(
            subject=render_to_string("exports/email/attention_subject.txt", context).strip(),
            message=render_to_string("exports/email/attention.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
    # Marked after sending: a mail server that fails leaves the rows for the next digest.
    now = timezone.now()
    VoucherExport.objects.filter(pk__in=[row.pk for row in vouchers]).update(notified_at=now)
    PaymentExport.objects.filter(pk__in=[row.pk for row in payments]).update(notified_at=now)
    return int(bool(recipients))


def _recipients(company: Company) -> list[str]:
    """Admins and accountants; before any admin has joined, the address of the pending admin invitation."""
    people = Membership.objects.filter(company=company, is_active=True, role__in=[Role.ADMIN, Role.ACCOUNTANT])
    found = sorted(people.values_list("user__email", flat=True))
    if found:
        return found
    pending = Invitation.objects.filter(company=company, role=Role.ADMIN, accepted_at__isnull=True)
    return sorted({invitation.email for invitation in pending if invitation.is_usable})
