"""The one shape of background work: a row claimed under a lease, and one attempt row per Netvisor call."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.texts import shown


class LeasedJob(models.Model):
    """Fields every claimable job row has (cost-center fetches, voucher and payment exports).

    A worker owns a row while ``claimed_until`` lies in the future and ``claim_token`` is its own.
    It renews the lease while it works; when its process dies the lease runs out and the next
    claim, or the periodic sweeper, takes the row over. ``claim_token`` makes every write of the
    old owner a no-op once someone else has taken over, so a job is never finished twice.
    """

    claimed_until = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Attempt(models.Model):
    """One Netvisor call made for a job, committed *before* the call.

    An attempt still ``in_flight`` after its worker died is how a write whose answer never came
    is recognised: that job must read back before it may send again.
    """

    class Outcome(models.TextChoices):
        IN_FLIGHT = "in_flight", _("In progress")
        OK = "ok", _("Succeeded")
        RETRY = "retry", _("Will be retried")
        READ_BACK = "read_back", _("Answer lost; checked in Netvisor")
        PAUSE = "pause", _("Paused")
        FAIL = "fail", _("Failed")

    # None only before a company exists: the Store activation's identifier exchange.
    company = models.ForeignKey("companies.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    job_kind = models.CharField(max_length=30)
    job_id = models.BigIntegerField()
    resource = models.CharField(max_length=50)
    transaction_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.IN_FLIGHT)
    # For people, in their language when shown; Netvisor's own text is kept apart, unchanged.
    message = models.TextField(blank=True)
    message_texts = models.JSONField(default=dict, blank=True)
    netvisor_text = models.TextField(blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        indexes = [models.Index(fields=["job_kind", "job_id"])]

    def __str__(self) -> str:
        return f"{self.job_kind} {self.job_id} {self.resource} {self.outcome}"

    @property
    def shown_message(self) -> str:
        return shown(self.message_texts, self.message)
