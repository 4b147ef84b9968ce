"""Every Netvisor call of a company goes through here, by one of three doors.

``call_netvisor`` runs a call with the company's stored credentials: it builds the client
from deployment settings and the decrypted keys, holds the per-organisation lock, and turns
two answers into state the whole service shares: AUTHENTICATION_FAILED on a connection that
worked means "credentials expired" (work pauses, admins are told), and SERVICE_ACCESS_ERROR
records which right is missing. ``call_with_credentials`` runs a call with keys not stored
yet (while they are being verified), and ``exchange_identifier`` swaps a Connection
identifier for keys; neither has a stored connection whose state an answer could change.
"""

from collections.abc import Callable
from typing import TypeVar, cast

from django.conf import settings
from django.utils.module_loading import import_string

from companies.integration import state
from companies.integration.locks import netvisor_call_lock
from companies.models import NetvisorConnection
from netvisor import (
    AuthenticationFailed,
    ClientConfig,
    ConnectionGrant,
    CustomerCredentials,
    NetvisorClient,
    PartnerCredentials,
    PermissionMissing,
    exchange_connection_identifier,
)
from netvisor.credentials import Language
from netvisor.transport import Transport

T = TypeVar("T")


class NotConnected(Exception):
    """The company has no working Netvisor connection."""


class ConnectionPaused(Exception):
    """Netvisor refuses the stored credentials; work waits until an admin updates them."""


def client_config() -> ClientConfig:
    return ClientConfig(
        base_url=settings.NETVISOR_BASE_URL,
        sender=settings.NETVISOR_SENDER,
        # ClientConfig refuses at once any language but FI, EN and SE, so a wrong setting cannot go unnoticed.
        language=cast(Language, settings.NETVISOR_LANGUAGE),
        read_timeout=float(settings.NETVISOR_READ_TIMEOUT),
        allow_short_read_timeout=settings.NETVISOR_READ_TIMEOUT < 120,
    )


def partner_credentials() -> PartnerCredentials:
    if not settings.NETVISOR_PARTNER_ID or not settings.NETVISOR_PARTNER_KEY:
        raise NotConnected("NETVISOR_PARTNER_ID and NETVISOR_PARTNER_KEY are not configured for this deployment.")
    return PartnerCredentials(partner_id=settings.NETVISOR_PARTNER_ID, partner_key=settings.NETVISOR_PARTNER_KEY)


def transport() -> Transport | None:
    """The transport settings.NETVISOR_TRANSPORT names, or None for the client's own HTTP transport."""
    if not settings.NETVISOR_TRANSPORT:
        return None
    factory: Callable[[], Transport] = import_string(settings.NETVISOR_TRANSPORT)
    return factory()


def make_client(customer: CustomerCredentials, *, transaction_ids: Callable[[], str] | None = None) -> NetvisorClient:
    return NetvisorClient(
        client_config(), partner_credentials(), customer, transport=transport(), transaction_ids=transaction_ids
    )


def stored_credentials(connection: NetvisorConnection) -> CustomerCredentials:
    return CustomerCredentials(
        customer_id=connection.customer_id,
        customer_key=connection.customer_key,
        organisation_id=connection.organisation_id,
    )


def call_netvisor(
    connection: NetvisorConnection,
    operation: Callable[[NetvisorClient], T],
    *,
    transaction_ids: Callable[[], str] | None = None,
) -> T:
    """Run ``operation`` with a client for this company, one call at a time per organisation.

    ``transaction_ids`` lets a job use the transaction id it recorded in its attempt row.

    Raises NotConnected, ConnectionPaused (after marking the connection expired), the
    client's PermissionMissing (after recording the right) and its other typed errors.
    """
    if connection.is_paused:
        raise ConnectionPaused
    if not connection.is_connected or not connection.has_credentials:
        raise NotConnected
    with (
        netvisor_call_lock(connection.organisation_id),
        make_client(stored_credentials(connection), transaction_ids=transaction_ids) as client,
    ):
        try:
            return operation(client)
        except (AuthenticationFailed, PermissionMissing) as exc:
            if state.record_refusal(connection, exc):
                raise ConnectionPaused from exc
            raise


def call_with_credentials(customer: CustomerCredentials, operation: Callable[[NetvisorClient], T]) -> T:
    """Run ``operation`` with keys that are not stored yet, under the organisation's lock.

    No connection changes state: a refusal here means the keys are wrong, not that they expired.
    Raises NotConnected (partner credentials not configured) and the client's typed errors.
    """
    with netvisor_call_lock(customer.organisation_id), make_client(customer) as client:
        return operation(client)


def exchange_identifier(identifier: str, *, transaction_ids: Callable[[], str] | None = None) -> ConnectionGrant:
    """Exchange a one-time Connection identifier for a company's API keys.

    Raises NotConnected, ValueError (an identifier that cannot be signed) and the client's typed
    errors. Not safe to repeat: Netvisor accepts each identifier once.
    """
    return exchange_connection_identifier(
        client_config(), partner_credentials(), identifier, transport=transport(), transaction_ids=transaction_ids
    )
