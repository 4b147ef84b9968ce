"""A company's export settings."""

from django.db import transaction
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from accounts.models import User
from audit.services import record_audit
from companies.models import Company
from exports.models import ExportSettings
from exports.services.errors import ExportRefused

EDITABLE = ("when", "grouping", "voucher_date", "locked_period", "attach_receipts", "payments_enabled", "source_iban")


def settings_of(company: Company | int) -> ExportSettings:
    company_id = company.pk if isinstance(company, Company) else company
    found, _created = ExportSettings.objects.get_or_create(company_id=company_id)
    return found


def compact_iban(value: str, *, field: str = "source_iban") -> str:
    """The IBAN in its compact electronic form; raises ExportRefused for one that is not valid."""
    text = value.strip()
    if not text:
        return ""
    try:
        return str(IBAN(text).compact)
    except SchwiftyException:
        raise ExportRefused(_("%(iban)s is not a valid IBAN.") % {"iban": text}, field) from None


def update_settings(*, company: Company, actor: User, **values: object) -> ExportSettings:
    """Change the export settings; raises ExportRefused (keyed by field) for an invalid IBAN."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "source_iban" in values:
        values["source_iban"] = compact_iban(str(values["source_iban"]))
    with transaction.atomic(durable=True):
        current = ExportSettings.objects.select_for_update().get(pk=settings_of(company).pk)
        changed = [name for name, value in values.items() if getattr(current, name) != value]
        for name in changed:
            setattr(current, name, values[name])
        current.save()
        record_audit(
            action="exports.settings_changed", actor=actor, company=company, obj=current, changed_fields=changed
        )
    return current
