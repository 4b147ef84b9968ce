from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import LeasedJob

# Netvisor's usual header for cost centers; used until an admin chooses other headers.
DEFAULT_DIMENSION_NAME = "Kustannuspaikka"


class CostCenter(models.Model):
    """A cost center of a company: fetched from a Netvisor dimension, or added by hand.

    Never deleted once used: an item that disappears upstream is deactivated, so
    expenses keep pointing at it.
    """

    class Source(models.TextChoices):
        LOCAL = "local", _("Added by hand")
        NETVISOR = "netvisor", _("Netvisor")

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="cost_centers")
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=50, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL)
    # Netvisor's dimension header ("Kustannuspaikka") and item key; blank for local ones.
    dimension_name = models.CharField(_("dimension"), max_length=50, blank=True)
    netvisor_key = models.BigIntegerField(null=True, blank=True)
    # The item's name exactly as Netvisor spells it (``name`` is tidied for people). Vouchers name
    # the item this way: Netvisor matches names literally and would create a twin for a tidied one.
    netvisor_name = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    level = models.PositiveSmallIntegerField(default=1)
    sort = models.IntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dimension_name", "sort", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "dimension_name", "netvisor_key"],
                condition=models.Q(netvisor_key__isnull=False),
                name="one_cost_center_per_netvisor_item",
            )
        ]
        indexes = [models.Index(fields=["company", "is_active"])]

    def __str__(self) -> str:
        return self.name


class CostCenterFetch(LeasedJob):
    """One "Fetch data" run (by an admin or the daily sync) and its outcome.

    At most one fetch per company is open (queued, running or paused): the partial unique
    constraint refuses a second one, so two presses cannot start two fetches.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Fetching")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")
        PAUSED = "paused", _("Paused until the credentials are updated")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Fetch data")
        DAILY = "daily", _("Daily sync")

    OPEN_STATES = (State.QUEUED, State.RUNNING, State.PAUSED)

    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="cost_center_fetches")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The Netvisor dimension headers this fetch read cost centers from.
    dimension_names = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When it last became queued: on request, or on resuming after paused credentials.
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(state__in=["queued", "running", "paused"]),
                name="one_open_cost_center_fetch_per_company",
            )
        ]

    def __str__(self) -> str:
        return f"Cost center fetch {self.pk} of {self.company_id} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class CostCenterSettings(models.Model):
    """Which Netvisor dimension headers hold a company's cost centers.

    ``dimension_names`` empty means the default header (Kustannuspaikka). ``available_dimensions``
    are the headers Netvisor returned at the last fetch, offered to the admin to choose from.
    """

    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="cost_center_settings")
    dimension_names = models.JSONField(default=list, blank=True)
    available_dimensions = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cost center settings of {self.company_id}"

    @property
    def chosen_dimensions(self) -> list[str]:
        return list(self.dimension_names) or [DEFAULT_DIMENSION_NAME]
