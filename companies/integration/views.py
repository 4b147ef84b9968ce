"""The Netvisor Authentication box. No view here calls Netvisor: connect, Update and Check
connection record a job that a worker runs, and the page shows its progress and result."""

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from companies import roles
from companies.access import company_view
from companies.http import CompanyRequest
from companies.integration import confirmation, connection_jobs, services
from companies.integration.debug import secrets_hidden_even_in_debug
from companies.integration.forms import ChangeCredentialsForm, ConnectionIdentifierForm
from companies.integration.messages import how_to_grant
from companies.integration.presenters import job_status, job_summary, page_url, shown_job, status_class
from companies.models import ConnectionJob
from companies.models.netvisor import REQUIRED_RIGHTS, NetvisorConnection, RightState
from companies.parsing import parse_whole_number

admin_view = company_view(roles.can_manage_company)


def _box_context(request: CompanyRequest, **forms: object) -> dict[str, object]:
    company = request.company
    connection = services.connection_of(company)
    initial = {"version": connection.version, "voucher_type": connection.voucher_type}
    rights = [
        {"name": right, "state": connection.right_state(right), "how": how_to_grant(right)} for right in REQUIRED_RIGHTS
    ]
    job = shown_job(company, request.GET.get("job"))
    return {
        "tab": "basic",
        "subtab": "reimbursement",
        "connection": connection,
        "rights": rights,
        "RightState": RightState,
        "job": job,
        "job_summary": job_summary(job) if job else "",
        "job_class": status_class(job) if job else "",
        "identifier_form": forms.get("identifier_form") or ConnectionIdentifierForm(initial=initial),
        "credentials_form": forms.get("credentials_form") or _credentials_form(connection, initial=initial),
        # Not opened for a paused connection: the help page says "click Change credentials", and a
        # click on an open <details> would close it.
        # Open again after a refused Update, so the admin can correct what they typed.
        "credentials_open": bool(forms.get("credentials_form")) or _refused_update(job),
    }


def _refused_update(job: ConnectionJob | None) -> bool:
    return job is not None and job.kind == ConnectionJob.Kind.UPDATE and job.state == ConnectionJob.State.FAILED


def _credentials_form(connection: NetvisorConnection, data: object = None, **kwargs: object) -> ChangeCredentialsForm:
    """The voucher types offered are Netvisor's list from the last check, not the stored choice."""
    voucher_types = connection.voucher_types or [connection.voucher_type]
    return ChangeCredentialsForm(data, voucher_types=voucher_types, current=connection.voucher_type, **kwargs)


@admin_view
def reimbursement_accounting(request: CompanyRequest) -> HttpResponse:
    # Rights change in Netvisor, not here: refresh them in the background when they are old.
    connection_jobs.refresh_rights_if_stale(company=request.company, actor=request.user)
    return render(request, "companies/reimbursement_accounting.html", _box_context(request))


@secrets_hidden_even_in_debug
@sensitive_post_parameters("connection_identifier")  # kept out of error reports like a password
@admin_view
@require_POST
@sensitive_variables()
def connect(request: CompanyRequest) -> HttpResponse:
    form = ConnectionIdentifierForm(request.POST)
    if not form.is_valid():
        context = _box_context(request, identifier_form=form)
        return render(request, "companies/reimbursement_accounting.html", context, status=400)
    return _queued(
        request,
        lambda: connection_jobs.request_connect(
            company=request.company,
            actor=request.user,
            identifier=form.cleaned_data["connection_identifier"],
            version=form.cleaned_data["version"],
        ),
    )


@secrets_hidden_even_in_debug
@sensitive_post_parameters("user_id", "user_secret")
@admin_view
@require_POST
@sensitive_variables()
def change_credentials(request: CompanyRequest) -> HttpResponse:
    connection = services.connection_of(request.company)
    form = _credentials_form(connection, request.POST)
    if not form.is_valid():
        context = _box_context(request, credentials_form=form)
        return render(request, "companies/reimbursement_accounting.html", context, status=400)
    return _queued(
        request,
        lambda: connection_jobs.request_update(
            company=request.company,
            actor=request.user,
            **form.cleaned_data,
        ),
    )


@admin_view
@require_POST
def check_connection(request: CompanyRequest) -> HttpResponse:
    company = request.company
    return _queued(request, lambda: connection_jobs.request_check(company=company, actor=request.user))


def _queued(request: HttpRequest, record: Callable[[], ConnectionJob]) -> HttpResponse:
    """Record the job (the worker starts after commit) and show the page, which follows it."""
    try:
        job = record()
    except connection_jobs.JobUnderWay as exc:
        if exc.job is not None and exc.job.needs_confirmation:
            messages.error(request, _("A connection waits for your answer below: connect it or discard it first."))
        else:
            messages.error(request, _("Netvisor work for this company is already under way; wait for it to finish."))
        return redirect("companies:reimbursement_accounting")
    job.refresh_from_db()  # with tasks run inline the job may be finished already
    return redirect(page_url(job))


@admin_view
@require_GET
def job_status_view(request: CompanyRequest, job_id: int) -> HttpResponse:
    return JsonResponse(job_status(_job_of(request, job_id)))


@secrets_hidden_even_in_debug  # the frames below hold the keys waiting for confirmation
@admin_view
@require_POST
def confirm_connection(request: CompanyRequest, job_id: int) -> HttpResponse:
    company = _job_of(request, job_id).company
    return _answered(request, confirmation.confirm_connection(company=company, job_id=job_id, actor=request.user))


@admin_view
@require_POST
def discard_connection(request: CompanyRequest, job_id: int) -> HttpResponse:
    company = _job_of(request, job_id).company
    return _answered(request, confirmation.discard_connection(company=company, job_id=job_id, actor=request.user))


def _job_of(request: CompanyRequest, job_id: int) -> ConnectionJob:
    job = ConnectionJob.objects.filter(company=request.company, pk=job_id).first()
    if job is None:
        raise Http404("No such job")
    return job


def _answered(request: HttpRequest, job: ConnectionJob | None) -> HttpResponse:
    if job is None:
        messages.info(request, _("This connection was already answered."))
        return redirect("companies:reimbursement_accounting")
    return redirect(page_url(job))


@admin_view
def disconnect(request: CompanyRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.disconnect(
                company=request.company,
                actor=request.user,
                version=parse_whole_number(request.POST.get("version")),
            )
        except services.ConnectionChangeRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Disconnected from Netvisor. The history stays."))
        return redirect("companies:reimbursement_accounting")
    connection = services.connection_of(request.company)
    return render(request, "companies/netvisor_disconnect.html", {"tab": "basic", "connection": connection})
