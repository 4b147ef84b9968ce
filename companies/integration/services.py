"""Connecting a company to Netvisor, changing its credentials and voucher type, disconnecting.

Every Netvisor call happens before the transaction that stores its outcome, and the
stored connection is replaced only after the new credentials passed a test call: a
failure leaves what was stored exactly as it was.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import record_audit
from companies.integration import gateway, state
from companies.integration.locks import netvisor_call_lock
from companies.integration.messages import describe
from companies.models import Company, NetvisorConnection
from companies.models.netvisor import DEFAULT_VOUCHER_TYPE, RightState
from netvisor import (
    CustomerCredentials,
    NetvisorClient,
    NetvisorError,
    PermissionMissing,
    exchange_connection_identifier,
)

CREDENTIAL_FIELDS = ["customer_id", "customer_key", "organisation_id"]


class ConnectionChangeRefused(Exception):
    """The change could not be made; the message is for the admin, the stored connection is unchanged."""


@dataclass(frozen=True)
class Probe:
    """What a test call with some credentials found out."""

    voucher_types: list[str]
    rights: dict[str, str]


def connection_of(company: Company) -> NetvisorConnection:
    connection, _created = NetvisorConnection.objects.get_or_create(company=company)
    return connection


def probe(client: NetvisorClient) -> Probe:
    """Read voucher types (needs "accounting") and test the other two rights with harmless reads.

    A read proves the right to read; Netvisor's answer to the first write is the final word
    (spec 13.5), and a right not provable here stays "checked at first use".
    """
    voucher_types = [voucher_type.name for voucher_type in client.list_voucher_types()]
    rights = {"accounting": RightState.GRANTED}
    rights["dimensionlist"] = _probe_right(lambda: next(iter(client.iter_dimensions(show_hidden=False)), None))
    rights["payment"] = _probe_right(lambda: client.get_unprocessed_payments([0]))
    return Probe(voucher_types=voucher_types, rights=rights)


def _probe_right(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except PermissionMissing:
        return RightState.MISSING
    except NetvisorError:
        return RightState.UNCHECKED
    return RightState.GRANTED


def test_credentials(customer: CustomerCredentials) -> Probe:
    with netvisor_call_lock(customer.organisation_id), gateway.make_client(customer) as client:
        return probe(client)


def connect_with_identifier(*, company: Company, identifier: str, actor: User, version: int) -> NetvisorConnection:
    """Exchange a Connection identifier for API keys, test them, and store them encrypted.

    Raises ConnectionChangeRefused (with a message for the admin) for an empty identifier,
    anything Netvisor refuses, or an admin who saved at the same time.
    """
    identifier = identifier.strip()
    if not identifier:
        raise ConnectionChangeRefused(_("Paste the Connection identifier from Netvisor."))
    try:
        grant = exchange_connection_identifier(gateway.client_config(), gateway.partner_credentials(), identifier)
        customer = CustomerCredentials(grant.customer_id, grant.customer_key, grant.organisation_id)
        found = test_credentials(customer)
    except (NetvisorError, gateway.NotConnected) as exc:
        raise ConnectionChangeRefused(_describe(exc)) from exc
    voucher_type = default_voucher_type(found.voucher_types)
    return _store(
        company,
        customer,
        found,
        actor=actor,
        version=version,
        voucher_type=voucher_type,
        netvisor_company_name=grant.company_name,
        action="netvisor.connected",
    )


def change_credentials(
    *, company: Company, user_id: str, user_secret: str, voucher_type: str, actor: User, version: int
) -> NetvisorConnection:
    """Replace the API identifier pair (and/or the voucher type) after a successful test call."""
    connection = connection_of(company)
    if not connection.organisation_id:
        raise ConnectionChangeRefused(_("Connect with a Connection identifier first."))
    user_id, user_secret = user_id.strip(), user_secret.strip()
    if bool(user_id) != bool(user_secret):
        raise ConnectionChangeRefused(_("Fill in both Netvisor User Id and Netvisor User Secret."))
    if user_id:
        customer = CustomerCredentials(user_id, user_secret, connection.organisation_id)
    else:
        customer = gateway.stored_credentials(connection)
    try:
        found = test_credentials(customer)
    except (NetvisorError, gateway.NotConnected, ValueError) as exc:
        raise ConnectionChangeRefused(_describe(exc)) from exc
    if voucher_type not in found.voucher_types:
        raise ConnectionChangeRefused(_("Netvisor has no voucher type “%(name)s”.") % {"name": voucher_type})
    action = "netvisor.credentials_changed" if user_id else "netvisor.voucher_type_changed"
    return _store(
        company,
        customer,
        found,
        actor=actor,
        version=version,
        voucher_type=voucher_type,
        action=action,
        replace_credentials=bool(user_id),
    )


def default_voucher_type(names: list[str]) -> str:
    return DEFAULT_VOUCHER_TYPE if DEFAULT_VOUCHER_TYPE in names or not names else names[0]


def _store(
    company: Company,
    customer: CustomerCredentials,
    found: Probe,
    *,
    actor: User,
    version: int,
    voucher_type: str,
    action: str,
    replace_credentials: bool = True,
    netvisor_company_name: str | None = None,
) -> NetvisorConnection:
    connection = connection_of(company)
    now = timezone.now()
    values: dict[str, object] = {
        "state": NetvisorConnection.State.CONNECTED,
        "voucher_type": voucher_type,
        "voucher_types": found.voucher_types,
        "rights": found.rights,
        "last_error": "",
        "last_checked_at": now,
        "expired_at": None,
        "expiry_notified_at": None,
        "version": F("version") + 1,
    }
    changed = ["voucher_type"]
    if replace_credentials:
        values.update(
            customer_id=customer.customer_id,
            customer_key=customer.customer_key,
            organisation_id=customer.organisation_id,
            credentials_set_at=now,
            credentials_set_by=actor,
        )
        changed += CREDENTIAL_FIELDS
    if netvisor_company_name is not None:
        values["netvisor_company_name"] = netvisor_company_name
    was_paused = connection.is_paused
    with transaction.atomic():
        if not NetvisorConnection.objects.filter(pk=connection.pk, version=version).update(**values):
            raise ConnectionChangeRefused(
                _(
                    "Another admin changed the Netvisor connection at the same time. Nothing was saved; check and try again."
                )
            )
        record_audit(action=action, actor=actor, company=company, obj=connection, changed_fields=changed)
        if was_paused:
            transaction.on_commit(lambda: state.resume_paused_work(company))
    connection.refresh_from_db()
    return connection


def check_connection(*, company: Company) -> NetvisorConnection:
    """Re-read voucher types and rights with the stored credentials ("Check connection")."""
    connection = connection_of(company)
    try:
        found = gateway.call_netvisor(connection, probe)
    except (NetvisorError, gateway.NotConnected, gateway.ConnectionPaused) as exc:
        raise ConnectionChangeRefused(_describe(exc)) from exc
    NetvisorConnection.objects.filter(pk=connection.pk).update(
        voucher_types=found.voucher_types, rights=found.rights, last_checked_at=timezone.now(), last_error=""
    )
    connection.refresh_from_db()
    return connection


def disconnect(*, company: Company, actor: User) -> None:
    """Forget the credentials; the audit log and everything already exported stay."""
    with transaction.atomic():
        connection = connection_of(company)
        NetvisorConnection.objects.filter(pk=connection.pk).update(
            state=NetvisorConnection.State.NOT_CONNECTED,
            customer_id="",
            customer_key="",
            organisation_id="",
            rights={},
            voucher_types=[],
            last_error="",
            version=F("version") + 1,
        )
        record_audit(
            action="netvisor.disconnected",
            actor=actor,
            company=company,
            obj=connection,
            changed_fields=CREDENTIAL_FIELDS,
        )


class VoucherTypeMissing(Exception):
    """The chosen voucher type no longer exists in Netvisor; exports stop until an admin picks one."""


def ensure_voucher_type(connection: NetvisorConnection) -> str:
    """Before each export: check that the chosen voucher type still exists in Netvisor (spec 13.9)."""
    names = gateway.call_netvisor(connection, lambda client: [t.name for t in client.list_voucher_types()])
    if connection.voucher_type not in names:
        NetvisorConnection.objects.filter(pk=connection.pk).update(voucher_types=names)
        raise VoucherTypeMissing(
            _("Netvisor has no voucher type “%(name)s” any more. Choose another under Change credentials.")
            % {"name": connection.voucher_type}
        )
    return connection.voucher_type


def _describe(exc: Exception) -> str:
    if isinstance(exc, NetvisorError):
        return describe(exc)
    return str(exc) or _("The connection is not set up.")
