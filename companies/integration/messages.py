"""What an admin reads when Netvisor says no: Netvisor's own text plus what to do about it."""

from django.utils.translation import gettext as _

from netvisor import (
    AuthenticationFailed,
    ConnectionIdentifierRejected,
    Maintenance,
    MalformedResponse,
    NetvisorError,
    OutcomeUnknown,
    PermissionMissing,
    TransportError,
)

RIGHTS_PATH = "Company menu → API resource access rights → Integrations → Bezala"


def how_to_grant(right: str) -> str:
    return _("In Netvisor, open %(path)s, allow “%(right)s” and save.") % {"path": RIGHTS_PATH, "right": right}


def describe(exc: NetvisorError) -> str:
    """What happened and what to do, in the admin's language. Netvisor's own words (Finnish, with
    technical codes) are not part of it: pages show them apart, under "Details" (see ``details``)."""
    if isinstance(exc, ConnectionIdentifierRejected):
        return _(
            "Netvisor did not accept the connection identifier. Create a new identifier in Netvisor and paste it here."
        )
    if isinstance(exc, AuthenticationFailed):
        return _("Netvisor refused the credentials. Check the User Id and User Secret, or create new ones in Netvisor.")
    if isinstance(exc, PermissionMissing):
        right = exc.resource or "?"
        return _("The right “%(right)s” is missing. %(how)s") % {"right": right, "how": how_to_grant(right)}
    if isinstance(exc, Maintenance):
        return _("Netvisor is having a maintenance break. Nothing was changed; try again later.")
    if isinstance(exc, OutcomeUnknown | TransportError):
        return _("Netvisor did not answer in time. Nothing was changed here; try again.")
    if isinstance(exc, MalformedResponse):
        return _("Netvisor's answer could not be read. Nothing was changed; try again later.")
    return _("Netvisor refused the request. Nothing was changed; the details say why.")


def details(exc: BaseException) -> str:
    """Netvisor's own text of a refusal, for the "Details" under the message; empty when it gave none."""
    return exc.netvisor_text if isinstance(exc, NetvisorError) and exc.netvisor_text else ""
