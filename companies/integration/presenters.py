"""How a connection job reads to a person: on the page and in the JSON status the page polls."""

from django.urls import reverse
from django.utils.translation import gettext as _

from companies.models import Company, ConnectionJob

State, Kind, Outcome = ConnectionJob.State, ConnectionJob.Kind, ConnectionJob.Outcome


def shown_job(company: Company, requested: str | None) -> ConnectionJob | None:
    """The job the box shows: the open one, else the one the page was sent back with (``?job=``)."""
    jobs = ConnectionJob.objects.filter(company=company)
    open_job = jobs.filter(state__in=ConnectionJob.OPEN_STATES).first()
    if open_job is not None or requested is None or not requested.isdigit():
        return open_job
    return jobs.filter(pk=int(requested)).first()


def progress_text(kind: str) -> str:
    if kind == Kind.CONNECT:
        return _("Connecting to Netvisor…")
    if kind == Kind.UPDATE:
        return _("Testing the new credentials with Netvisor…")
    return _("Checking the connection…")


def job_summary(job: ConnectionJob) -> str:
    if job.is_running:
        return progress_text(job.kind)
    return job.shown_message or str(job.get_state_display())


def status_class(job: ConnectionJob) -> str:
    if job.needs_confirmation:
        return "warn"
    classes: dict[str, str] = {Outcome.OK: "ok", Outcome.ATTENTION: "warn", Outcome.REFUSED: "err"}
    return classes.get(job.outcome, "")


def job_status(job: ConnectionJob) -> dict[str, object]:
    """The JSON the page polls while a job runs. Netvisor's own text only once it ended."""
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "running": job.is_running,
        "open": job.is_open,
        "summary": job_summary(job),
        "status_class": status_class(job),
        "details": "" if job.is_running else job.netvisor_text,
        "status_url": reverse("companies:netvisor_job_status", kwargs={"job_id": job.pk}),
        "page_url": page_url(job),
    }


def page_url(job: ConnectionJob) -> str:
    return f"{reverse('companies:reimbursement_accounting')}?job={job.pk}"
