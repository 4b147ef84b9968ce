"""Export of approved expenses to Netvisor: company settings, per-company lanes, voucher and payment outbox rows.

Rows here are the outbox: each is committed in the same transaction as the change that caused it,
and a worker turns it into exactly one Netvisor voucher or payment (spec 13.10, 13.11, 13.15).
"""

from typing import TypedDict

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.models import LeasedJob
from jobs.texts import shown


class _Digits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _Digits = {"max_digits": 12, "decimal_places": 2}


class ExportSettings(models.Model):
    """How and when a company's approved expenses go to Netvisor; one row per company."""

    class When(models.TextChoices):
        AFTER_APPROVAL = "after_approval", _("Automatically after approval")
        DAILY = "daily", _("Daily at 06:20 on weekdays")
        MANUAL = "manual", _("Only when someone presses “Send to accounting now”")

    class Grouping(models.TextChoices):
        PER_EXPENSE = "per_expense", _("One voucher per expense")
        PER_EMPLOYEE = "per_employee", _("One voucher per employee per run")

    class VoucherDate(models.TextChoices):
        EXPENSE_DATE = "expense_date", _("The expense date")
        APPROVAL_DATE = "approval_date", _("The approval date")
        EXPORT_DATE = "export_date", _("The export date")

    class LockedPeriod(models.TextChoices):
        HOLD = "hold", _("Hold the voucher and tell an admin")
        FIRST_OPEN_DATE = "first_open_date", _("Post it on the first open date")

    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="export_settings")
    when = models.CharField(_("when to export"), max_length=20, choices=When.choices, default=When.DAILY)
    grouping = models.CharField(_("vouchers"), max_length=20, choices=Grouping.choices, default=Grouping.PER_EXPENSE)
    voucher_date = models.CharField(
        _("voucher date"), max_length=20, choices=VoucherDate.choices, default=VoucherDate.EXPENSE_DATE
    )
    locked_period = models.CharField(
        _("voucher date in a locked period"), max_length=20, choices=LockedPeriod.choices, default=LockedPeriod.HOLD
    )
    attach_receipts = models.BooleanField(
        _("attach receipts to vouchers"),
        default=False,
        help_text=_("Netvisor bills every attachment as an e-scan."),
    )
    payments_enabled = models.BooleanField(
        _("send reimbursements as bank-transfer drafts"),
        default=True,
        help_text=_("Money owed to employees goes to Netvisor as payments that the company approves there."),
    )
    source_iban = models.CharField(
        _("company bank account (IBAN)"),
        max_length=34,
        blank=True,
        help_text=_("The account reimbursements are paid from; it must be a bank account of the company in Netvisor."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "export settings"

    def __str__(self) -> str:
        return f"Export settings of {self.company_id}"


class ExportLane(LeasedJob):
    """The export work of one company, claimed by one worker at a time.

    Claiming work per company (and giving the lane up after a batch) is what keeps one company's
    thousand vouchers from starving another's ten, and what keeps workers from queueing up on one
    organisation's Netvisor lock.
    """

    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="export_lane")

    def __str__(self) -> str:
        return f"Export lane of {self.company_id}"


class VoucherExport(LeasedJob):
    """One accounting voucher to post to Netvisor (``accounting.nv``) for one or more expenses."""

    class State(models.TextChoices):
        PENDING = "pending", _("Queued")
        SENDING = "sending", _("Sending")
        UNKNOWN = "unknown", _("Checking in Netvisor")
        SENT = "sent", _("In Netvisor")
        FAILED = "failed", _("Failed")
        HELD = "held", _("Held")
        PAUSED = "paused", _("Paused")

    OPEN_STATES = (State.PENDING, State.SENDING, State.UNKNOWN, State.PAUSED)
    NEEDS_ATTENTION = (State.FAILED, State.HELD)

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="voucher_exports")
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expenses = models.ManyToManyField("expenses.Expense", related_name="voucher_exports")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    voucher_date = models.DateField(null=True, blank=True)
    total = models.DecimalField(**MONEY, default=0)
    # Admin's choice for a voucher whose receipts would pass Netvisor's request size bound (spec 13.14).
    without_attachments = models.BooleanField(default=False)
    netvisor_key = models.BigIntegerField(null=True, blank=True)
    voucher_number = models.BigIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    message_texts = models.JSONField(default=dict, blank=True)  # the message in every language
    netvisor_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When admins were told that this row needs them (one digest e-mail, not one per failure).
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["company", "state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Voucher export {self.reference} ({self.state})"

    @property
    def shown_message(self) -> str:
        return shown(self.message_texts, self.message)

    @property
    def reference(self) -> str:
        """Our stable reference in the voucher's description (spec 13.11)."""
        return f"BZ-{self.pk}"


class PaymentExport(LeasedJob):
    """One bank-transfer draft (``payment.nv``) of money owed to one employee, for one or more expenses."""

    class State(models.TextChoices):
        PENDING = "pending", _("Queued")
        SENDING = "sending", _("Sending")
        CHECK = "check", _("Check in Netvisor")
        SENT = "sent", _("Waiting for approval in Netvisor")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        PAUSED = "paused", _("Paused")

    NEEDS_ATTENTION = (State.CHECK, State.FAILED)

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="payment_exports")
    employee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expenses = models.ManyToManyField("expenses.Expense", related_name="payment_exports")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    amount = models.DecimalField(**MONEY)
    recipient_name = models.CharField(max_length=200)
    iban = models.CharField(max_length=34)
    bic = models.CharField(max_length=11, blank=True)
    source_iban = models.CharField(max_length=34)
    due_date = models.DateField()
    message_text = models.CharField(max_length=420, blank=True)
    netvisor_payment_id = models.BigIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    message_texts = models.JSONField(default=dict, blank=True)  # the message in every language
    netvisor_text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["company", "state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"Payment export {self.reference} ({self.state})"

    @property
    def shown_message(self) -> str:
        return shown(self.message_texts, self.message)

    @property
    def reference(self) -> str:
        """Our reference at the start of the payment message (spec 13.15)."""
        return f"BZ-P-{self.pk}"
