"""Connect, Update and Check connection as background work: the web request records, a worker calls Netvisor.

A web request never waits on Netvisor (up to two minutes a call): the view records a
``ConnectionJob`` and the task, started after commit with the job's id only, claims it under
a lease (``jobs.leases``) and calls one service. What the admin typed is encrypted in the row
and emptied in the same UPDATE that claims it, so it lives no longer than the work needs it. A
connect or Update whose worker died is not run again: its secret is gone, and a connection
identifier may have been used up, so it fails with a message asking to try again. A Check is
safe to repeat and simply runs again.
"""

import logging
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import record_audit
from companies.integration import services
from companies.integration.refusals import ConnectionChangeRefused
from companies.models import Company, ConnectionJob, NetvisorConnection
from jobs import decisions, leases
from jobs.one_open import OneOpenPerCompany, OpenJobKeptEnding
from jobs.sending import send_on_commit
from jobs.texts import Texts, in_every_language, message_fields

logger = logging.getLogger(__name__)

Kind, State, Outcome = ConnectionJob.Kind, ConnectionJob.State, ConnectionJob.Outcome
# Emptied in the claim: from then on the secret exists only in the worker's memory.
ENTERED_FIELDS: dict[str, Any] = {"connection_identifier": "", "user_id": "", "user_secret": ""}
ONE_OPEN = OneOpenPerCompany(
    ConnectionJob, open_states=ConnectionJob.OPEN_STATES, queued=State.QUEUED, running=State.RUNNING
)


class JobUnderWay(Exception):
    """Another connection job of the company is open; ``job`` is that one (None if it just ended)."""

    def __init__(self, job: ConnectionJob | None) -> None:
        super().__init__("A connection job is open")
        self.job = job


@sensitive_variables()
def request_connect(*, company: Company, actor: User, identifier: str, version: int) -> ConnectionJob:
    """Queue a connect with a Connection identifier. Raises JobUnderWay. Makes no Netvisor call."""
    return _request(company, actor, Kind.CONNECT, connection_identifier=identifier.strip(), version=version)


@sensitive_variables()
def request_update(
    *, company: Company, actor: User, user_id: str, user_secret: str, voucher_type: str, version: int
) -> ConnectionJob:
    """Queue an Update (new API identifiers and/or voucher type). Raises JobUnderWay."""
    entered = {"user_id": user_id.strip(), "user_secret": user_secret.strip()}
    return _request(company, actor, Kind.UPDATE, voucher_type=voucher_type, version=version, **entered)


def request_check(*, company: Company, actor: User) -> ConnectionJob:
    """Queue a Check connection. Raises JobUnderWay."""
    return _request(company, actor, Kind.CHECK)


# How long the rights in the box count as current; opening the page after that checks them again.
RIGHTS_FRESH_FOR = timedelta(minutes=10)


def refresh_rights_if_stale(*, company: Company, actor: User) -> ConnectionJob | None:
    """Queue a Check when the box would show rights older than RIGHTS_FRESH_FOR; None when not needed.

    For opening the page: the worker calls Netvisor and the page follows the job, so the page never
    waits. Nothing is queued for a connection that is not connected, while a job is open, or when a
    check started recently (one that failed would otherwise be retried at every page load). Safe to repeat.
    """
    connection = NetvisorConnection.objects.filter(company=company).first()
    if connection is None or not connection.is_connected:
        return None
    stale_before = timezone.now() - RIGHTS_FRESH_FOR
    if connection.last_checked_at is not None and connection.last_checked_at > stale_before:
        return None
    recent = ConnectionJob.objects.filter(company=company, kind=Kind.CHECK, created_at__gt=stale_before)
    if recent.exists() or open_job(company) is not None:
        return None
    try:
        return request_check(company=company, actor=actor)
    except JobUnderWay:  # another tab or admin got there first: the page shows that job
        return None


@sensitive_variables()
def _request(company: Company, actor: User, kind: str, **values: object) -> ConnectionJob:
    from companies.tasks import run_connection_job  # tasks import this module

    def create() -> ConnectionJob:
        job = ConnectionJob.objects.create(company=company, requested_by=actor, kind=kind, **values)
        record_audit(action=f"netvisor.{kind}_requested", actor=actor, company=company, obj=job)
        return job

    def send(job_id: int) -> None:
        send_on_commit(run_connection_job, job_id)

    try:
        job, created = ONE_OPEN.queue(company_id=company.pk, create=create, send=send)
    except OpenJobKeptEnding:
        raise JobUnderWay(None) from None
    if not created:  # one is open, or one whose worker died was just sent again
        raise JobUnderWay(job)
    return job


def open_job(company: Company) -> ConnectionJob | None:
    return ONE_OPEN.open_job(company.pk)


@sensitive_variables()
def run_job(*, job_id: int) -> ConnectionJob | None:
    """Claim a queued job (or one whose worker died) and do its Netvisor work; None when not claimable.

    Never raises for Netvisor's answers: each ends the job done, failed or waiting for the
    admin's confirmation, with a message in every language and Netvisor's text for "Details".
    """
    job = ConnectionJob.objects.select_related("company", "requested_by").filter(pk=job_id).first()
    if job is None:
        return None
    claim = leases.claim(
        ConnectionJob,
        job_id,
        ready=Q(state=State.QUEUED),
        running=Q(state=State.RUNNING),
        state=State.RUNNING,
        started_at=timezone.now(),
        **ENTERED_FIELDS,
    )
    if claim is None:
        return None
    with leases.kept_alive(claim.renew):
        _run_claimed(job, claim, taken_over=job.state == State.RUNNING)
    job.refresh_from_db()
    return job


@sensitive_variables()
def _run_claimed(job: ConnectionJob, claim: leases.Claim, *, taken_over: bool) -> None:
    if taken_over and job.kind != Kind.CHECK:
        _finish(claim, State.FAILED, Outcome.REFUSED, in_every_language(_interrupted_message))
        return
    try:
        result = _work(job)
    except ConnectionChangeRefused as exc:
        _finish(claim, State.FAILED, Outcome.REFUSED, exc.texts(), netvisor_text=exc.details)
    except Exception as exc:  # a crash or the time limit: the decision table words it
        logger.error("connection job %s (%s) failed", job.pk, job.kind, exc_info=exc)
        _finish(claim, State.FAILED, Outcome.REFUSED, decisions.decide(exc, write=False).texts)
    else:
        if isinstance(result, services.PendingGrant):
            _wait_for_confirmation(claim, result)
        else:
            _finish(claim, State.DONE, *success_of(job.kind, result))


@sensitive_variables()
def _work(job: ConnectionJob) -> NetvisorConnection | services.PendingGrant:
    actor, version = job.requested_by, job.version or 0
    if job.kind == Kind.CONNECT:
        identifier = job.connection_identifier
        return services.connect_with_identifier(
            company=job.company, identifier=identifier, actor=actor, version=version
        )
    if job.kind == Kind.UPDATE:
        return services.change_credentials(
            company=job.company,
            user_id=job.user_id,
            user_secret=job.user_secret,
            voucher_type=job.voucher_type,
            actor=actor,
            version=version,
        )
    return services.check_connection(company=job.company)


@sensitive_variables()
def _wait_for_confirmation(claim: leases.Claim, pending: services.PendingGrant) -> None:
    claim.release(
        state=State.NEEDS_CONFIRMATION,
        pending_customer_id=pending.customer.customer_id,
        pending_customer_key=pending.customer.customer_key,
        pending_organisation_id=pending.customer.organisation_id,
        pending_company_name=pending.company_name,
        pending_voucher_types=pending.found.voucher_types,
        pending_rights=pending.found.rights,
        **message_fields(in_every_language(_confirm_message)),
    )


def _finish(claim: leases.Claim, state: str, outcome: str, texts: Texts, *, netvisor_text: str = "") -> None:
    # Only while this claim holds it: a worker whose job was taken over ends nothing.
    claim.owned().filter(state=State.RUNNING).update(
        claimed_until=None,
        claim_token="",
        state=state,
        outcome=outcome,
        finished_at=timezone.now(),
        netvisor_text=netvisor_text,
        **message_fields(texts),
    )


def success_of(kind: str, connection: NetvisorConnection) -> tuple[str, Texts]:
    """(outcome, message in every language) of a job that stored what it set out to."""
    if kind == Kind.UPDATE:
        return Outcome.OK, in_every_language(lambda: _("Netvisor credentials updated."))
    if kind == Kind.CHECK:
        if connection.needs_attention:  # the box says what; "works" alone would read as all clear
            return Outcome.ATTENTION, in_every_language(
                lambda: _("Netvisor answered, but something needs your attention: see below.")
            )
        return Outcome.OK, in_every_language(lambda: _("The connection to Netvisor works."))
    if connection.needs_attention:  # e.g. a right to grant: connected, but not all clear
        return Outcome.ATTENTION, in_every_language(
            lambda: _("Connected to Netvisor, but something needs your attention: see below.")
        )
    return Outcome.OK, in_every_language(lambda: _("Connected to Netvisor."))


def _interrupted_message() -> str:
    return _(
        "The work was interrupted before it finished. Nothing was saved; try again "
        "(with a new Connection identifier if Netvisor says the old one is used)."
    )


def _confirm_message() -> str:
    return _("Nothing is saved yet: this Netvisor company is not the one of this company's business ID.")


def sweep_connection_jobs() -> int:
    """The sweeper's part: run again every job that lost its worker or its task message."""
    from companies.tasks import run_connection_job

    return ONE_OPEN.requeue_lost(send=run_connection_job.delay)
