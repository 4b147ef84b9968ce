"""Why a connection change was refused, said so that it can be shown later in any language.

A refusal raised in a worker is read later by an admin, maybe in another language than the
worker's, so it carries how to build its message (a function that calls gettext), not only
the text of the moment. Netvisor's own words stay apart, in ``details``.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from companies.integration import gateway
from companies.integration.messages import describe, how_to_grant
from jobs.texts import Texts, in_every_language
from netvisor import NetvisorError

Message = str | Callable[[], str]


class ConnectionChangeRefused(Exception):
    """The change could not be made; the message is for the admin, the stored connection is unchanged.

    ``details``: Netvisor's own text, shown apart from the message (under "Details").
    """

    def __init__(self, message: Message, details: str = "") -> None:
        self._build: Callable[[], str] = message if callable(message) else (lambda: message)
        super().__init__(self._build())
        self.details = details

    def texts(self) -> Texts:
        """The message in every language of the service."""
        return in_every_language(self._build)


def describe_problem(exc: Exception) -> str:
    if isinstance(exc, NetvisorError):
        return describe(exc)
    if isinstance(exc, gateway.ConnectionPaused):
        return _(
            "Netvisor no longer accepts the stored credentials. Create new API identifiers in Netvisor and "
            "enter them under Change credentials."
        )
    if isinstance(exc, ValueError):  # the client refuses what cannot be signed (e.g. non-ASCII)
        return _(
            "What you entered contains characters that Netvisor's identifiers never contain (such as ä or ö). "
            "Copy it again from Netvisor."
        )
    return str(exc) or _("The connection is not set up.")


def voucher_type_gone_message(name: str) -> str:
    return _("Netvisor has no voucher type “%(name)s” any more. Choose another under Change credentials.") % {
        "name": name
    }


def concurrent_change_message() -> str:
    return _("Another admin changed the Netvisor connection at the same time. Nothing was saved; check and try again.")


def missing_accounting_message() -> str:
    return _("The right “%(right)s” is missing. %(how)s") % {"right": "accounting", "how": how_to_grant("accounting")}
