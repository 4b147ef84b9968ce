"""Connection work that waits on Netvisor: connect, Update and Check connection run in the background."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.encryption import EncryptedTextField
from jobs.models import LeasedJob
from jobs.texts import shown


class ConnectionJob(LeasedJob):
    """One press of Save (connect), Update or Check connection, and how it ended.

    The page never waits on Netvisor: the view records this row, a worker does the calls and
    writes the outcome, and the page polls it. What the admin typed (the connection identifier,
    User Id and User Secret) is encrypted like the connection's own credentials and emptied as
    soon as a worker takes the job. A connect whose Netvisor organisation is not the company's
    own business ID waits in NEEDS_CONFIRMATION with the keys Netvisor issued, encrypted, until
    an admin confirms or discards it (spec 13.16). At most one job per company is open.
    """

    class Kind(models.TextChoices):
        CONNECT = "connect", _("Connect")
        UPDATE = "update", _("Update")
        CHECK = "check", _("Check connection")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        NEEDS_CONFIRMATION = "needs_confirmation", _("Waiting for your confirmation")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    class Outcome(models.TextChoices):
        OK = "ok", _("Works")
        ATTENTION = "attention", _("Needs attention")
        REFUSED = "refused", _("Refused")

    OPEN_STATES = (State.QUEUED, State.RUNNING, State.NEEDS_CONFIRMATION)

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="connection_jobs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The connection's version the admin saw when pressing the button (optimistic concurrency).
    version = models.PositiveIntegerField(null=True, blank=True)
    # What the admin entered; emptied when a worker takes the job.
    connection_identifier = EncryptedTextField(blank=True)
    user_id = EncryptedTextField(blank=True)
    user_secret = EncryptedTextField(blank=True)
    voucher_type = models.CharField(max_length=100, blank=True)
    # A grant waiting for the admin's confirmation (spec 13.16); emptied when confirmed or discarded.
    pending_customer_id = EncryptedTextField(blank=True)
    pending_customer_key = EncryptedTextField(blank=True)
    pending_organisation_id = models.CharField(max_length=20, blank=True)  # a business ID: public register data
    pending_company_name = models.CharField(max_length=200, blank=True)
    pending_voucher_types = models.JSONField(default=list, blank=True)
    pending_rights = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    # The result for people, in every language; Netvisor's own text kept apart for "Details".
    message = models.TextField(blank=True)
    message_texts = models.JSONField(default=dict, blank=True)
    netvisor_text = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(state__in=["queued", "running", "needs_confirmation"]),
                name="one_open_connection_job_per_company",
            )
        ]

    def __str__(self) -> str:
        return f"Connection job {self.pk} ({self.kind}) of {self.company_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def needs_confirmation(self) -> bool:
        return self.state == self.State.NEEDS_CONFIRMATION

    @property
    def shown_message(self) -> str:
        return shown(self.message_texts, self.message)
