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
    text = exc.netvisor_text or str(exc)
    if isinstance(exc, ConnectionIdentifierRejected):
        return _(
            "Netvisor did not accept the connection identifier: %(text)s. "
            "Create a new identifier in Netvisor and paste it here."
        ) % {"text": text}
    if isinstance(exc, AuthenticationFailed):
        return _("Netvisor refused the credentials: %(text)s") % {"text": text}
    if isinstance(exc, PermissionMissing):
        right = exc.resource or "?"
        return _("The right “%(right)s” is missing. %(how)s") % {"right": right, "how": how_to_grant(right)}
    if isinstance(exc, Maintenance):
        return _("Netvisor is having a maintenance break. Nothing was changed; try again later. (%(text)s)") % {
            "text": text
        }
    if isinstance(exc, OutcomeUnknown | TransportError):
        return _("Netvisor did not answer in time. Nothing was changed here; try again.")
    if isinstance(exc, MalformedResponse):
        return _("Netvisor's answer could not be read. Nothing was changed; try again later.")
    return _("Netvisor answered: %(text)s") % {"text": text}
