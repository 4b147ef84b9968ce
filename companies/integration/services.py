"""Connecting a company to Netvisor, changing its credentials and voucher type, disconnecting.

Every Netvisor call happens before the transaction that stores its outcome, and the
stored connection is replaced only after the new credentials passed a test call: a
failure leaves what was stored exactly as it was. The functions that call Netvisor run in
a worker (``connection_jobs``), never in a web request.
"""

from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import record_audit
from companies.integration import binding, gateway, state
from companies.integration.binding import PendingGrant
from companies.integration.messages import details as netvisor_details
from companies.integration.probe import Probe, default_voucher_type, probe, verify_credentials
from companies.integration.refusals import (
    ConnectionChangeRefused,
    concurrent_change_message,
    describe_problem,
    missing_accounting_message,
    voucher_type_gone_message,
)
from companies.models import Company, NetvisorConnection
from netvisor import CustomerCredentials, NetvisorError, OutcomeUnknown

__all__ = [
    "ConnectionChangeRefused",
    "PendingGrant",
    "Probe",
    "VoucherTypeMissing",
    "change_credentials",
    "check_connection",
    "connect_confirmed",
    "connect_with_identifier",
    "connection_of",
    "default_voucher_type",
    "disconnect",
    "ensure_voucher_type",
    "tested_connection_values",
    "verify_credentials",
]

CREDENTIAL_FIELDS = ["customer_id", "customer_key", "organisation_id"]


def connection_of(company: Company) -> NetvisorConnection:
    connection, _created = NetvisorConnection.objects.get_or_create(company=company)
    return connection


# All variables, in this frame and every frame it calls (the client's, which hold the identifier
# under other names): a crash report must not carry the identifier or the keys it is exchanged for.
@sensitive_variables()
def connect_with_identifier(
    *, company: Company, identifier: str, actor: User | None, version: int
) -> NetvisorConnection | PendingGrant:
    """Exchange a Connection identifier for API keys, test them, and store them encrypted.

    Returns the stored connection, or a PendingGrant (stored nothing) when the organisation is
    not the company's own business ID: an admin confirms it with ``connect_confirmed``. Raises
    ConnectionChangeRefused (with a message for the admin) for an empty or malformed
    identifier, anything Netvisor refuses, an identifier of another Netvisor organisation
    than the one already connected or of one connected to another company (spec 13.16), or
    an admin who saved at the same time. Not safe to repeat with the same identifier:
    Netvisor accepts each identifier once.
    """
    identifier = identifier.strip()
    if not identifier:
        raise ConnectionChangeRefused(lambda: _("Paste the Connection identifier from Netvisor."))
    try:
        grant = gateway.exchange_identifier(identifier)
    except (NetvisorError, gateway.NotConnected, ValueError) as exc:
        raise ConnectionChangeRefused(_exchange_failed(exc), netvisor_details(exc)) from exc
    customer = grant.credentials()
    connection = connection_of(company)
    _refuse_other_organisation(connection, customer.organisation_id, grant.company_name)
    _refuse_connected_elsewhere(company, customer.organisation_id)
    try:
        found = verify_credentials(customer)
    except (NetvisorError, ValueError) as exc:
        raise ConnectionChangeRefused(_used_up(exc), netvisor_details(exc)) from exc
    name = grant.company_name or ""
    if binding.needs_confirmation(company, connection, customer.organisation_id):
        return PendingGrant(customer=customer, company_name=name, found=found)
    return connect_confirmed(company=company, pending=PendingGrant(customer, name, found), actor=actor, version=version)


@sensitive_variables()
def connect_confirmed(
    *, company: Company, pending: PendingGrant, actor: User | None, version: int
) -> NetvisorConnection:
    """Store keys that passed the test call: at once, or after the admin confirmed another organisation.

    Makes no Netvisor call. Raises ConnectionChangeRefused like ``connect_with_identifier`` does
    when, meanwhile, the organisation was connected to another company or another admin saved.
    """
    connection = connection_of(company)
    organisation_id = pending.customer.organisation_id
    _refuse_other_organisation(connection, organisation_id, pending.company_name)
    return _store(
        company,
        connection,
        pending.customer,
        pending.found,
        actor=actor,
        version=version,
        voucher_type=_kept_or_default_voucher_type(connection, organisation_id, pending.found.voucher_types),
        netvisor_company_name=pending.company_name,
        action="netvisor.connected",
    )


def _exchange_failed(exc: Exception) -> Callable[[], str]:
    def build() -> str:
        message = describe_problem(exc)
        if isinstance(exc, OutcomeUnknown):  # Netvisor may have used the identifier up all the same
            message += " " + _("If Netvisor then says the identifier is used, create a new one.")
        return message

    return build


def _used_up(exc: Exception) -> Callable[[], str]:
    def build() -> str:
        used_up = _("This Connection identifier is now used; create a new one in Netvisor for the next try.")
        return f"{describe_problem(exc)} {used_up}"

    return build


def _refuse_connected_elsewhere(company: Company, organisation_id: str) -> None:
    if binding.company_connected_to(organisation_id, other_than=company) is not None:
        raise ConnectionChangeRefused(binding.connected_elsewhere_message)


def tested_connection_values(
    customer: CustomerCredentials, found: Probe, *, netvisor_company_name: str, set_by: User | None = None
) -> dict[str, object]:
    """The columns of a connection whose credentials just passed ``verify_credentials``.

    For connections made without the box (Store activation, the demo seed): a new row, so the
    default voucher type and no concurrency check.
    """
    now = timezone.now()
    return {
        "state": NetvisorConnection.State.CONNECTED,
        "customer_id": customer.customer_id,
        "customer_key": customer.customer_key,
        "organisation_id": customer.organisation_id,
        "netvisor_company_name": netvisor_company_name,
        "voucher_type": default_voucher_type(found.voucher_types),
        "voucher_types": found.voucher_types,
        "rights": found.rights,
        "last_checked_at": now,
        "credentials_set_at": now,
        "credentials_set_by": set_by,
    }


def _kept_or_default_voucher_type(connection: NetvisorConnection, organisation_id: str, names: list[str]) -> str:
    """A reconnect to the same Netvisor company keeps the type the admin chose, while Netvisor has it."""
    if connection.organisation_id == organisation_id and connection.voucher_type in names:
        return connection.voucher_type
    return default_voucher_type(names)


def _refuse_other_organisation(connection: NetvisorConnection, organisation_id: str, name: str | None) -> None:
    """Vouchers, payments and cost centers already tie the company to one Netvisor organisation.

    Switching silently would send new vouchers to another ledger than the earlier ones, so
    switching takes an explicit Disconnect first.
    """
    if connection.organisation_id and connection.organisation_id != organisation_id:
        raise ConnectionChangeRefused(
            lambda: (
                _(
                    "This identifier belongs to another Netvisor company (%(name)s) than the one this company is "
                    "connected to. Nothing was changed. To switch companies, Disconnect first, then connect with "
                    "a new identifier."
                )
                % {"name": name or organisation_id}
            )
        )


@sensitive_variables()  # this frame's and the client's frames below it: the secret has other names there
def change_credentials(
    *, company: Company, user_id: str, user_secret: str, voucher_type: str, actor: User | None, version: int
) -> NetvisorConnection:
    """Replace the API identifier pair (and/or the voucher type) after a successful test call.

    With empty User Id and Secret the stored credentials are tested again instead, so an
    Update also brings a paused connection back when Netvisor accepts it again.
    """
    connection = connection_of(company)
    if not connection.organisation_id:
        raise ConnectionChangeRefused(lambda: _("Connect with a Connection identifier first."))
    user_id, user_secret = user_id.strip(), user_secret.strip()
    if bool(user_id) != bool(user_secret):
        raise ConnectionChangeRefused(lambda: _("Fill in both Netvisor User Id and Netvisor User Secret."))
    if user_id:
        customer = CustomerCredentials(user_id, user_secret, connection.organisation_id)
    else:
        customer = gateway.stored_credentials(connection)
    try:
        found = verify_credentials(customer)
    except (NetvisorError, gateway.NotConnected, ValueError) as exc:
        raise ConnectionChangeRefused(partial(describe_problem, exc), netvisor_details(exc)) from exc
    if found.accounting_missing:
        raise ConnectionChangeRefused(missing_accounting_message)
    if voucher_type not in found.voucher_types:
        raise ConnectionChangeRefused(lambda: _("Netvisor has no voucher type “%(name)s”.") % {"name": voucher_type})
    action = "netvisor.credentials_changed" if user_id else "netvisor.voucher_type_changed"
    return _store(
        company,
        connection,
        customer,
        found,
        actor=actor,
        version=version,
        voucher_type=voucher_type,
        action=action,
        replace_credentials=bool(user_id),
    )


@sensitive_variables("customer", "values")
def _store(
    company: Company,
    connection: NetvisorConnection,
    customer: CustomerCredentials,
    found: Probe,
    *,
    actor: User | None,
    version: int,
    voucher_type: str,
    action: str,
    replace_credentials: bool = True,
    netvisor_company_name: str | None = None,
) -> NetvisorConnection:
    now = timezone.now()
    values: dict[str, object] = {
        **_working_state(found, now, voucher_type),
        "voucher_type": voucher_type,
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
    # The check that no other company has this organisation and the write, as one (spec 13.16).
    with binding.organisation_lock(customer.organisation_id), transaction.atomic():
        if replace_credentials:
            _refuse_connected_elsewhere(company, customer.organisation_id)
        if not NetvisorConnection.objects.filter(pk=connection.pk, version=version).update(**values):
            raise ConnectionChangeRefused(concurrent_change_message)
        record_audit(action=action, actor=actor, company=company, obj=connection, changed_fields=changed)
        # Always, not only when it was paused: work may also have paused while a background call
        # noticed the expiry during our test call, or before a Disconnect. Resuming is idempotent.
        transaction.on_commit(lambda: state.resume_paused_work(company))
    connection.refresh_from_db()
    return connection


def _working_state(found: Probe, now: object, voucher_type: str) -> dict[str, object]:
    return {
        "state": NetvisorConnection.State.CONNECTED,
        "voucher_types": found.voucher_types,
        "rights": found.rights,
        "last_error": _problem_found(found, voucher_type),
        "last_checked_at": now,
        "expired_at": None,
        "expiry_notified_at": None,
    }


def check_connection(*, company: Company) -> NetvisorConnection:
    """Re-read voucher types and rights with the stored credentials ("Check connection").

    A chosen voucher type that Netvisor no longer has is reported in the box (``last_error``)
    and offered no more under Change credentials; the credentials, the state and the chosen
    type stay as they were. On a paused connection the stored credentials get a test call; if
    Netvisor accepts them again the connection is working again and paused work resumes.
    Raises ConnectionChangeRefused when Netvisor cannot be asked. Safe to repeat.
    """
    connection = connection_of(company)
    if connection.is_paused:
        return _recheck_paused(connection)
    try:
        found = gateway.call_netvisor(connection, probe)
    except (NetvisorError, gateway.NotConnected, gateway.ConnectionPaused) as exc:
        raise ConnectionChangeRefused(partial(describe_problem, exc), netvisor_details(exc)) from exc
    # Only onto the row the probe was judged against: an admin's Update meanwhile (new version) or an
    # expiry noticed meanwhile (new state) already wrote fresher findings than ours.
    NetvisorConnection.objects.filter(
        pk=connection.pk, version=connection.version, state=NetvisorConnection.State.CONNECTED
    ).update(
        voucher_types=found.voucher_types,
        rights=found.rights,
        last_checked_at=timezone.now(),
        last_error=_problem_found(found, connection.voucher_type),
    )
    connection.refresh_from_db()
    return connection


def _recheck_paused(connection: NetvisorConnection) -> NetvisorConnection:
    try:
        found = verify_credentials(gateway.stored_credentials(connection))
    except (NetvisorError, ValueError) as exc:
        raise ConnectionChangeRefused(partial(describe_problem, exc), netvisor_details(exc)) from exc
    with transaction.atomic():
        # Same version: no admin replaced the credentials meanwhile (their Update resumed already).
        resumed = NetvisorConnection.objects.filter(
            pk=connection.pk, state=NetvisorConnection.State.EXPIRED, version=connection.version
        ).update(**_working_state(found, timezone.now(), connection.voucher_type))
        if resumed:
            record_audit(action="netvisor.credentials_accepted_again", company=connection.company, obj=connection)
            transaction.on_commit(lambda: state.resume_paused_work(connection.company))
    connection.refresh_from_db()
    return connection


def disconnect(*, company: Company, actor: User | None, version: int | None = None) -> None:
    """Forget the credentials; the audit log and everything already exported stay.

    With ``version`` (from the confirmation page) it refuses when another admin changed the
    connection after the page was shown, so a fresh reconnect is not thrown away unseen.
    """
    with transaction.atomic():
        connection = connection_of(company)
        rows = NetvisorConnection.objects.filter(pk=connection.pk)
        if version is not None:
            rows = rows.filter(version=version)
        if not rows.update(
            state=NetvisorConnection.State.NOT_CONNECTED,
            customer_id="",
            customer_key="",
            organisation_id="",
            rights={},
            voucher_types=[],
            last_error="",
            expired_at=None,
            expiry_notified_at=None,
            version=F("version") + 1,
        ):
            raise ConnectionChangeRefused(concurrent_change_message)
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
    """Before each export: check that the chosen voucher type still exists in Netvisor (spec 13.9).

    Returns the type's name. Raises VoucherTypeMissing (and shows the same message in the
    Netvisor Authentication box), or what ``gateway.call_netvisor`` raises. Safe to repeat.
    """
    names = gateway.call_netvisor(connection, lambda client: [t.name for t in client.list_voucher_types()])
    if connection.voucher_type in names:
        return connection.voucher_type
    message = voucher_type_gone_message(connection.voucher_type)
    # Not when an admin chose another type meanwhile: the message would be about a type no longer in use.
    NetvisorConnection.objects.filter(pk=connection.pk, voucher_type=connection.voucher_type).update(
        voucher_types=names, last_error=message
    )
    connection.voucher_types, connection.last_error = names, message
    raise VoucherTypeMissing(message)


def _problem_found(found: Probe, voucher_type: str) -> str:
    """What the box should say after a successful test call ("" when all is well)."""
    if found.accounting_missing:  # without "accounting" the voucher types could not be read at all
        return missing_accounting_message()
    if voucher_type not in found.voucher_types:
        return voucher_type_gone_message(voucher_type)
    return ""
