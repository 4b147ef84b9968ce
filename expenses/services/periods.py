"""The company's closed accounting period: nothing dated in it may be recorded or submitted."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from expenses.models import ExpenseSettings
from expenses.services.errors import field_error


def locked_until(company_id: int) -> date | None:
    found = ExpenseSettings.objects.filter(company_id=company_id).values_list("locked_until", flat=True)
    return next(iter(found), None)


def check_open_period(*, company_id: int, day: date, field: str = "date") -> None:
    """Raise ValidationError on ``field`` when ``day`` falls on or before the company's lock date."""
    until = locked_until(company_id)
    if until is not None and day <= until:
        message = _("The books are locked until %(until)s; choose a later date or ask your accountant.")
        raise field_error(field, message % {"until": date_format(until, "SHORT_DATE_FORMAT")}, code="locked")
