"""State changes of a connection caused by what Netvisor answers (expiry, missing rights, resuming)."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from audit.services import record_audit
from companies.integration.tasks import send_connection_expired_email
from companies.models import NetvisorConnection
from companies.models.netvisor import RightState
from jobs.sending import send_on_commit
from netvisor import AuthenticationFailed, NetvisorError, PermissionMissing

logger = logging.getLogger(__name__)

# Work that pauses while credentials are expired, and resumes by itself after an Update.
# Each is a dotted path to a function taking ``company``; listed here so the arrow points
# from the connection to the features without the features importing each other.
PAUSED_WORK_RESUMERS: list[str] = [
    "costcenters.services.resume_paused_fetches",
    "exports.services.lanes.resume_paused_exports",
]


def record_refusal(connection: NetvisorConnection, exc: NetvisorError) -> bool:
    """The one place any feature reports what Netvisor refused, so the box and banner show it.

    AUTHENTICATION_FAILED on this (working) connection marks the credentials expired: work
    pauses, admins get the banner and one e-mail. SERVICE_ACCESS_ERROR records the missing
    right next to how to grant it. Other errors are not the connection's business. Returns
    True when the connection is now paused (the caller should pause its work, not fail it).
    ``gateway.call_netvisor`` calls this already; call it yourself only for errors met elsewhere.
    """
    text = exc.netvisor_text or str(exc)
    if isinstance(exc, AuthenticationFailed):
        mark_credentials_expired(connection, netvisor_text=text)
        return True
    if isinstance(exc, PermissionMissing):
        record_missing_right(connection, right=exc.resource, netvisor_text=text)
    return False


def mark_credentials_expired(connection: NetvisorConnection, *, netvisor_text: str) -> bool:
    """Move a working connection to "credentials expired"; e-mail its admins once.

    Returns True when this call made the change (concurrent callers see False).
    """
    with transaction.atomic():
        changed = NetvisorConnection.objects.filter(pk=connection.pk, state=NetvisorConnection.State.CONNECTED).update(
            state=NetvisorConnection.State.EXPIRED,
            expired_at=timezone.now(),
            last_error=netvisor_text,
            # No version bump: this is not an admin's edit, and an admin who has the page open
            # must be able to press Update without being told someone else saved.
        )
        if changed:
            record_audit(action="netvisor.credentials_expired", company=connection.company, obj=connection)
            first_notice = NetvisorConnection.objects.filter(pk=connection.pk, expiry_notified_at=None).update(
                expiry_notified_at=timezone.now()
            )
            if first_notice:
                send_on_commit(send_connection_expired_email, connection.company_id)
    connection.refresh_from_db()
    if changed:
        logger.warning("Netvisor credentials of company %s expired", connection.company_id)
    return bool(changed)


def record_missing_right(connection: NetvisorConnection, *, right: str | None, netvisor_text: str) -> None:
    """Remember that Netvisor refused a resource, so the settings box shows it in the same words."""
    if not right:
        return
    with transaction.atomic():
        locked = NetvisorConnection.objects.select_for_update().get(pk=connection.pk)
        locked.rights = {**locked.rights, right: RightState.MISSING}
        locked.last_error = netvisor_text
        locked.save(update_fields=["rights", "last_error"])
    connection.rights, connection.last_error = locked.rights, locked.last_error


def resume_paused_work(company: object) -> None:
    """Start again whatever paused while the credentials were expired."""
    for path in PAUSED_WORK_RESUMERS:
        import_string(path)(company)
