"""The admin's answer to a connection that waits for confirmation (spec 13.16): connect anyway, or discard.

A connect whose Netvisor organisation is not the company's business ID keeps the keys Netvisor
issued, encrypted, in its job until an admin decides. Neither answer calls Netvisor: the keys
passed their test call already, so a web request can take the answer.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from audit.services import record_audit
from companies.integration import binding, services
from companies.integration.connection_jobs import success_of
from companies.integration.probe import Probe
from companies.integration.refusals import ConnectionChangeRefused
from companies.models import Company, ConnectionJob
from jobs.texts import Texts, in_every_language, message_fields
from netvisor import CustomerCredentials

State, Outcome = ConnectionJob.State, ConnectionJob.Outcome
PENDING_FIELDS = {
    "pending_customer_id": "",
    "pending_customer_key": "",
    "pending_organisation_id": "",
    "pending_voucher_types": [],
    "pending_rights": {},
}


def waiting_job(company: Company, job_id: int) -> ConnectionJob | None:
    return ConnectionJob.objects.filter(company=company, pk=job_id, state=State.NEEDS_CONFIRMATION).first()


@sensitive_variables()
def confirm_connection(*, company: Company, job_id: int, actor: User) -> ConnectionJob | None:
    """Store the waiting keys as the company's connection; None when nothing waits (any more).

    The job ends done, or failed when meanwhile the organisation was connected to another
    company or another admin changed the connection; the keys are emptied from it either way.
    """
    job = waiting_job(company, job_id)
    if job is None:
        return None
    if not (job.pending_customer_id and job.pending_customer_key and job.pending_organisation_id):
        return discard_connection(company=company, job_id=job_id, actor=actor)  # nothing left to connect with
    pending = services.PendingGrant(
        customer=CustomerCredentials(job.pending_customer_id, job.pending_customer_key, job.pending_organisation_id),
        company_name=job.pending_company_name,
        found=Probe(voucher_types=list(job.pending_voucher_types), rights=dict(job.pending_rights)),
    )
    # The lock around the whole transaction: released only after the job and the connection committed.
    with binding.organisation_lock(pending.customer.organisation_id), transaction.atomic():
        if not ConnectionJob.objects.filter(pk=job.pk, state=State.NEEDS_CONFIRMATION).update(state=State.RUNNING):
            return None  # another admin answered first
        try:
            with transaction.atomic():
                connection = services.connect_confirmed(
                    company=company, pending=pending, actor=actor, version=job.version or 0
                )
        except ConnectionChangeRefused as exc:
            _close(job, State.FAILED, Outcome.REFUSED, exc.texts())
        else:
            _close(job, State.DONE, *success_of(ConnectionJob.Kind.CONNECT, connection))
            record_audit(action="netvisor.other_organisation_confirmed", actor=actor, company=company, obj=job)
    job.refresh_from_db()
    return job


def discard_connection(*, company: Company, job_id: int, actor: User) -> ConnectionJob | None:
    """Forget the waiting keys; the stored connection stays as it was. None when nothing waits."""
    job = waiting_job(company, job_id)
    if job is None:
        return None
    texts = in_every_language(lambda: _("Discarded. Nothing was saved; the connection is as it was."))
    with transaction.atomic():
        if ConnectionJob.objects.filter(pk=job.pk, state=State.NEEDS_CONFIRMATION).update(state=State.RUNNING):
            _close(job, State.DISCARDED, "", texts)
            record_audit(action="netvisor.other_organisation_discarded", actor=actor, company=company, obj=job)
    job.refresh_from_db()
    return job


def _close(job: ConnectionJob, state: str, outcome: str, texts: Texts) -> None:
    ConnectionJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=state, outcome=outcome, finished_at=timezone.now(), **PENDING_FIELDS, **message_fields(texts)
    )
