"""Cost centers added by hand, for companies without a Netvisor connection."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from bezala.refusals import Refusal
from companies.integration.services import connection_of
from companies.models import Company, NetvisorConnection
from costcenters.models import CostCenter
from costcenters.services.sync import CODE_LENGTH, NAME_LENGTH, fold, normalise


def add_local_cost_center(*, company: Company, name: str, code: str = "", actor: User) -> CostCenter:
    """Add an active cost center. Raises Refusal for an empty or duplicate name, or when
    the company is connected to Netvisor (then cost centers come from "Fetch data")."""
    name, code = normalise(name, NAME_LENGTH), normalise(code, CODE_LENGTH)
    if not name:
        raise Refusal("name", _("Give the cost center a name."))
    if connection_of(company).state != NetvisorConnection.State.NOT_CONNECTED:
        raise Refusal(NON_FIELD_ERRORS, _("This company is connected to Netvisor: use Fetch data instead."))
    taken = CostCenter.objects.filter(company=company, is_active=True).values_list("name", flat=True)
    if fold(name) in {fold(existing) for existing in taken}:
        raise Refusal("name", _("There is already a cost center with this name."))
    with transaction.atomic():
        cost_center = CostCenter.objects.create(company=company, name=name, code=code, source=CostCenter.Source.LOCAL)
        record_audit(
            action="costcenters.added", actor=actor, company=company, obj=cost_center, changed_fields=["name", "code"]
        )
    return cost_center
