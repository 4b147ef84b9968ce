"""Foreign per diems a company admin enters from the Tax Administration's decision.

Only the figures a public source confirms are built into ``expenses.rules.tables``. For any other country
(or city with its own rate) an admin enters the decision's figure once per year; it is then used for every
trip of the company's people, and the calculation says who entered it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from expenses.rules.countries import country_name
from expenses.rules.tables import EnteredRate


class ForeignPerDiemRate(models.Model):
    company = models.ForeignKey("companies.Company", on_delete=models.CASCADE, related_name="foreign_per_diem_rates")
    year = models.PositiveSmallIntegerField(_("year"))
    country = models.CharField(_("country or region"), max_length=2)
    # Blank: the rate of the whole country; else a city the decision gives its own rate.
    city = models.CharField(_("city (only if the decision gives it its own rate)"), max_length=100, blank=True)
    amount = models.DecimalField(_("per diem (€)"), max_digits=7, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["-year", "country", "city", "id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "year", "country", "city"], name="one_foreign_rate_per_place"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country} {self.city} {self.amount}"

    @property
    def country_display(self) -> str:
        return country_name(self.country, get_language())

    def as_entered_rate(self) -> EnteredRate:
        who = str(self.entered_by) if self.entered_by else "?"
        return EnteredRate(self.year, self.country, self.city or None, self.amount, who)
