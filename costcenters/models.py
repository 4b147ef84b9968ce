from django.db import models
from django.utils.translation import gettext_lazy as _


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
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LOCAL)
    # Netvisor's dimension header ("Kustannuspaikka") and item key; blank for local ones.
    dimension_name = models.CharField(_("dimension"), max_length=50, blank=True)
    netvisor_key = models.BigIntegerField(null=True, blank=True)
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
