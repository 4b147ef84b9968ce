"""Who may call the simulated Netvisor: organisations, partners, API identifiers and rights."""

import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.db import models
from django.utils import timezone

# Resource rights a company can grant an integration on the "API resource access rights" page.
# The first three are the ones this project needs; the rest only make the page look like Netvisor's.
RESOURCE_RIGHTS = ("accounting", "dimensionlist", "payment", "salesinvoice", "purchaseinvoice", "customer")
CONNECTION_IDENTIFIER_LIFETIME = timedelta(hours=24)


def new_customer_id() -> str:
    # Same shape as a captured real User ID: upper-case GUID, underscore, a number.
    return f"{str(uuid.uuid4()).upper()}_{secrets.randbelow(90000) + 10000}"


def new_secret_key() -> str:
    return secrets.token_hex(16)


def new_connection_identifier() -> str:
    raw = secrets.token_hex(12).upper()
    return "-".join(raw[i : i + 8] for i in range(0, len(raw), 8))


class SandboxOrganisation(models.Model):
    """A Netvisor company ("customer environment"), addressed by its business id."""

    business_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    accounting_lock_date = models.DateField(null=True, blank=True)
    vat_lock_date = models.DateField(null=True, blank=True)
    purchase_lock_date = models.DateField(null=True, blank=True)
    # CompanyDefaultAccounts of accountlist.nv: element name -> account number.
    default_accounts = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nvsandbox_organisation"
        ordering = ["name", "business_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.business_id})"

    def default_account(self, role: str) -> str:
        return str(self.default_accounts.get(role, ""))


class SandboxPartner(models.Model):
    """An integration partner; `name` is what companies search for (PartnerSearchIdentifier)."""

    partner_id = models.CharField(max_length=100, unique=True)
    partner_key = models.CharField(max_length=100)
    name = models.CharField(max_length=100)

    class Meta:
        db_table = "nvsandbox_partner"

    def __str__(self) -> str:
        return self.name


class SandboxApiIdentifier(models.Model):
    """A User ID (CustomerId) and Key (CustomerKey) pair created on the "API identifiers" page."""

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="identifiers")
    customer_id = models.CharField(max_length=100, unique=True, default=new_customer_id)
    customer_key = models.CharField(max_length=100, default=new_secret_key)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "nvsandbox_api_identifier"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.customer_id

    @property
    def is_usable(self) -> bool:
        return self.expired_at is None and self.revoked_at is None

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expired_at else "active"


class SandboxConnectionIdentifier(models.Model):
    """A one-time "Identifier for connecting external software" (modelled flow, exchanged for API keys)."""

    organisation = models.ForeignKey(
        SandboxOrganisation, on_delete=models.CASCADE, related_name="connection_identifiers"
    )
    identifier = models.CharField(max_length=100, unique=True, default=new_connection_identifier)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The API identifier the exchange created, so the page can show where it went.
    exchanged_for = models.ForeignKey(SandboxApiIdentifier, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        db_table = "nvsandbox_connection_identifier"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.identifier

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.expires_at is None:
            self.expires_at = timezone.now() + CONNECTION_IDENTIFIER_LIFETIME
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"


class SandboxIntegrationGrant(models.Model):
    """Integration-specific resource rights of one company for one partner."""

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="grants")
    partner = models.ForeignKey(SandboxPartner, on_delete=models.CASCADE, related_name="grants")
    rights = models.JSONField(default=list)

    class Meta:
        db_table = "nvsandbox_integration_grant"
        constraints = [models.UniqueConstraint(fields=["organisation", "partner"], name="nvsandbox_one_grant")]

    def __str__(self) -> str:
        return f"{self.partner} @ {self.organisation}: {', '.join(self.rights)}"


class SandboxUsedTransaction(models.Model):
    """TransactionIds already seen; uniqueness is per partner, so the constraint does the check."""

    partner = models.ForeignKey(SandboxPartner, on_delete=models.CASCADE)
    transaction_id = models.CharField(max_length=255)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nvsandbox_used_transaction"
        constraints = [
            models.UniqueConstraint(fields=["partner", "transaction_id"], name="nvsandbox_unique_transaction")
        ]

    def __str__(self) -> str:
        return self.transaction_id


class SandboxFault(models.Model):
    """A fault switched on for one organisation; read on every request so a running server obeys it."""

    class Kind(models.TextChoices):
        LATENCY = "latency", "Added latency"
        TIMEOUT = "timeout", "Timeout (sleep past the client's read timeout)"
        DROP = "drop", "Accept, store, then drop the connection"
        HTTP_5XX = "http_5xx", "HTTP 5xx with an HTML body"
        MAINTENANCE = "maintenance", "Maintenance break (SYSTEM_MAINTANANCE)"
        OVERLAP = "overlap", "Overlapping call -> TECHNICAL_ERROR"
        EXPIRED_CREDENTIALS = "expired_credentials", "Expired credentials (AUTHENTICATION_FAILED)"
        MISSING_RIGHT = "missing_right", "Missing resource right (SERVICE_ACCESS_ERROR)"

    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="faults")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    seconds = models.FloatField(null=True, blank=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    right = models.CharField(max_length=50, blank=True)
    # Spec 13.12: the fault hits this share of calls (1 = every call), only calls to `resource` when set.
    share = models.FloatField(default=1.0)
    resource = models.CharField(max_length=50, blank=True)
    # Draw n is random.Random(f"{seed}:{kind}:{n}"): the same seed repeats the same hits, call after call.
    seed = models.CharField(max_length=100, blank=True)
    draws = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nvsandbox_fault"
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="nvsandbox_one_fault_kind")]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.organisation.business_id}"


class SandboxStoreActivation(models.Model):
    """One press of "Activate" on the Store page and what the service answered."""

    activation_id = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(SandboxOrganisation, on_delete=models.CASCADE, related_name="activations")
    notify_url = models.URLField(max_length=500)
    request_body = models.TextField()
    response_status = models.IntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    redirect_url = models.CharField(max_length=1000, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "nvsandbox_store_activation"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.activation_id
