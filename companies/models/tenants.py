from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.roles import Role


class Company(models.Model):
    """A tenant. Every row that belongs to a company points here, and every request is scoped to one."""

    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(_("business ID"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.EMPLOYEE)
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "company"], name="one_membership_per_company")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"
