from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.encryption import EncryptedTextField
from jobs.models import LeasedJob

# The interface resources this service needs rights to, in Netvisor's own words.
REQUIRED_RIGHTS = ("payment", "accounting", "dimensionlist")
DEFAULT_VOUCHER_TYPE = "Muut"


class RightState(models.TextChoices):
    GRANTED = "granted", _("granted")
    MISSING = "missing", _("missing")
    UNCHECKED = "unchecked", _("checked at first use")


class NetvisorConnection(models.Model):
    """A company's link to its Netvisor environment.

    The API identifier pair and the organisation id are encrypted at rest; PartnerId and
    PartnerKey are deployment settings. ``version`` lets two admins saving at once find
    out instead of overwriting each other.
    """

    class State(models.TextChoices):
        NOT_CONNECTED = "not_connected", _("Not connected")
        CONNECTED = "connected", _("Connected")
        EXPIRED = "credentials_expired", _("Credentials expired")

    company = models.OneToOneField("companies.Company", on_delete=models.CASCADE, related_name="netvisor")
    state = models.CharField(max_length=30, choices=State.choices, default=State.NOT_CONNECTED)
    customer_id = EncryptedTextField(blank=True)
    customer_key = EncryptedTextField(blank=True)
    organisation_id = EncryptedTextField(blank=True)
    netvisor_company_name = models.CharField(max_length=200, blank=True)
    voucher_type = models.CharField(_("voucher type"), max_length=100, default=DEFAULT_VOUCHER_TYPE)
    # Names of the voucher types Netvisor offered at the last check, for the Change credentials form.
    voucher_types = models.JSONField(default=list, blank=True)
    rights = models.JSONField(default=dict, blank=True)
    last_error = models.TextField(blank=True)
    last_checked_at = models.DateTimeField(null=True, blank=True)
    credentials_set_at = models.DateTimeField(null=True, blank=True)
    credentials_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expired_at = models.DateTimeField(null=True, blank=True)
    expiry_notified_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Netvisor connection of {self.company_id} ({self.state})"

    @property
    def is_connected(self) -> bool:
        return self.state == self.State.CONNECTED

    @property
    def is_paused(self) -> bool:
        return self.state == self.State.EXPIRED

    @property
    def has_credentials(self) -> bool:
        return bool(self.customer_id and self.customer_key and self.organisation_id)

    def right_state(self, right: str) -> str:
        state: str = self.rights.get(right, RightState.UNCHECKED)
        return state

    @property
    def needs_attention(self) -> bool:
        """Netvisor answered, but a problem is shown in the box: a message or a right to grant."""
        return bool(self.last_error) or any(self.right_state(r) == RightState.MISSING for r in REQUIRED_RIGHTS)


class StoreActivation(LeasedJob):
    """One activation of our extension in the Netvisor Store, kept to refuse replays and answer retries."""

    activation_id = models.CharField(max_length=100, unique=True)
    company = models.ForeignKey("companies.Company", null=True, blank=True, on_delete=models.SET_NULL)
    admin_email = models.EmailField()
    outcome = models.CharField(max_length=30)
    response = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Store activation {self.activation_id} ({self.outcome})"
