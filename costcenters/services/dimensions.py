"""Which Netvisor dimension headers hold a company's cost centers."""

from collections.abc import Sequence

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from bezala.refusals import Refusal
from companies.models import Company
from costcenters.models import CostCenterSettings


def settings_of(company: Company) -> CostCenterSettings:
    settings, _created = CostCenterSettings.objects.get_or_create(company=company)
    return settings


def choose_dimensions(*, company: Company, names: Sequence[str], actor: User) -> CostCenterSettings:
    """Store the admin's choice; the next fetch reads these headers (and deactivates the others).

    Raises Refusal for a name Netvisor did not return at the last fetch, or none at all.
    """
    settings = settings_of(company)
    chosen = list(dict.fromkeys(name for name in names if name))
    unknown = [name for name in chosen if name not in settings.available_dimensions]
    if not chosen or unknown:
        raise Refusal(NON_FIELD_ERRORS, _("Choose one or more of the dimensions Netvisor returned."), code="dimensions")
    with transaction.atomic():
        settings.dimension_names = chosen
        settings.save(update_fields=["dimension_names", "updated_at"])
        record_audit(
            action="costcenters.dimensions_chosen", actor=actor, company=company, obj=settings,
            changed_fields=["dimension_names"],
        )  # fmt: skip
    return settings
