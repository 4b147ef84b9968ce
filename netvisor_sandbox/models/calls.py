"""The call log: one row per API call, written when the call ends."""

from django.db import models

from netvisor_sandbox.models.identity import SandboxOrganisation


class SandboxCall(models.Model):
    """One API call as the sandbox saw it, so a test or a person can tell what was sent and how it ended."""

    # Empty when the Organisation-ID header named no known organisation (or none, as in the connection step).
    organisation = models.ForeignKey(
        SandboxOrganisation, null=True, blank=True, on_delete=models.CASCADE, related_name="calls"
    )
    resource = models.CharField(max_length=100)
    method = models.CharField(max_length=10)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    # "ok", an error code such as "INVALID_DATA", "overlap", "http_503", "dropped" (handled and stored, but
    # the answer never sent) or "dropped:<outcome>" when the dropped answer was a failure.
    outcome = models.CharField(max_length=60)
    # Other calls of the same organisation in flight when this one arrived; 0 means it ran alone.
    in_flight_at_start = models.PositiveIntegerField(default=0)
    # What identifies the sent data: our references travel in these two (spec 13.11, 13.15).
    voucher_description = models.CharField(max_length=255, blank=True)
    payment_message = models.CharField(max_length=420, blank=True)

    class Meta:
        db_table = "nvsandbox_call"
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.resource} {self.outcome}"

    @property
    def duration_ms(self) -> int:
        return round((self.finished_at - self.started_at).total_seconds() * 1000)
