"""Roles of a company member and what each may do.

The capabilities are the single place that says who may do what; views and
services ask these, never compare role strings themselves.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    APPROVER = "approver", _("Approver")
    ACCOUNTANT = "accountant", _("Accountant")
    ADMIN = "admin", _("Admin")


def can_approve(role: str) -> bool:
    return role in {Role.APPROVER, Role.ACCOUNTANT, Role.ADMIN}


def can_see_all_expenses(role: str) -> bool:
    return role in {Role.ACCOUNTANT, Role.ADMIN}


def can_manage_company(role: str) -> bool:
    """Company Settings, including the Netvisor connection, are for admins only."""
    return role == Role.ADMIN
