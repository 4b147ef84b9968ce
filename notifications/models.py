"""What happened to a person's expenses, or is waiting for them: shown in the app, and e-mailed unless turned off."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # The labels are what a person turns on or off in their profile.
    SUBMITTED = "submitted", _("An expense is submitted to me for approval")
    APPROVED = "approved", _("My expense is approved")
    REJECTED = "rejected", _("My expense is rejected")
    PAID = "paid", _("My expense is paid")
    REMINDER = "reminder", _("Weekly reminder of expenses waiting for me")


class Notification(models.Model):
    """One event for one person in one company.

    ``params`` holds the values of its sentence (names, the amount, the reason) as data, so the sentence
    is written in its reader's language when it is shown, not in the language of whoever caused it.
    """

    Kind = Kind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    expense = models.ForeignKey("expenses.Expense", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker takes the mail; cleared again if sending fails, so a retry sends it.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "company", "read_at"]),
            models.Index(fields=["user", "company", "-created_at"]),
            models.Index(fields=["kind", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id} @ {self.company_id}"


class NotificationSetting(models.Model):
    """A person's choice about the e-mails of one kind; without a row, the e-mail is sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email_enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_notification_setting_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.email_enabled}"
