"""One Netvisor organisation, one company (spec 13.16).

Vouchers booked into another company's books are the worst mistake this integration can make,
so an organisation already connected to one company is refused to every other, and a connection
to an organisation that is not the company's own business ID waits for an admin's confirmation.
Every path that binds an organisation to a company (connect, confirm, Store activation) checks
under ``organisation_lock``, so two of them at once cannot both bind the same organisation.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _

from companies.integration.locks import named_lock
from companies.integration.probe import Probe
from companies.models import Company, NetvisorConnection
from netvisor import CustomerCredentials


@dataclass(frozen=True)
class PendingGrant:
    """Keys Netvisor issued for an organisation that is not the company's own, waiting for an admin."""

    customer: CustomerCredentials  # its repr masks the key
    company_name: str
    found: Probe


@contextmanager
def organisation_lock(organisation_id: str) -> Iterator[None]:
    """Held while a company is bound to an organisation: the check and the write happen as one."""
    with named_lock(f"organisation-binding:{organisation_id}"):
        yield


def company_connected_to(organisation_id: str, *, other_than: Company | None = None) -> int | None:
    """The id of a company connected to this Netvisor organisation, if any (``other_than`` excluded).

    The organisation id is encrypted at rest, so it cannot be looked up in SQL; companies are
    few and connecting is rare, so decrypting each stored id here is cheap enough.
    """
    rows = NetvisorConnection.objects.exclude(organisation_id="").only("company_id", "organisation_id")
    if other_than is not None:
        rows = rows.exclude(company=other_than)
    wanted = normalised(organisation_id)
    return next((row.company_id for row in rows if normalised(row.organisation_id) == wanted), None)


def connected_elsewhere_message() -> str:
    """Names neither company: the admin of one must learn nothing about the other."""
    return _(
        "This Netvisor company is already connected to another company account in this service. "
        "Nothing was saved. A Netvisor company can be connected to one company account only; "
        "check that you created the identifier in the right Netvisor company."
    )


def needs_confirmation(company: Company, connection: NetvisorConnection, organisation_id: str) -> bool:
    """A business ID that differs from the organisation's asks the admin first.

    Not when the company is connected to that organisation already: the admin confirmed it then.
    """
    own = normalised(company.business_id)
    if not own or own == normalised(organisation_id):
        return False
    return normalised(connection.organisation_id) != normalised(organisation_id)


def normalised(business_id: str) -> str:
    return "".join(business_id.split()).upper()
