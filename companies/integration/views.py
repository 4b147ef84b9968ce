from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from companies import roles
from companies.access import company_view
from companies.integration import services
from companies.integration.forms import ChangeCredentialsForm, ConnectionIdentifierForm
from companies.integration.messages import how_to_grant
from companies.models.netvisor import REQUIRED_RIGHTS, NetvisorConnection, RightState
from companies.parsing import parse_whole_number

admin_view = company_view(roles.can_manage_company)


def _box_context(request: HttpRequest, **forms: object) -> dict[str, object]:
    connection = services.connection_of(request.company)  # type: ignore[attr-defined]
    initial = {"version": connection.version, "voucher_type": connection.voucher_type}
    rights = [
        {"name": right, "state": connection.right_state(right), "how": how_to_grant(right)} for right in REQUIRED_RIGHTS
    ]
    return {
        "tab": "basic",
        "subtab": "reimbursement",
        "connection": connection,
        "rights": rights,
        "RightState": RightState,
        "identifier_form": forms.get("identifier_form") or ConnectionIdentifierForm(initial=initial),
        "credentials_form": forms.get("credentials_form") or _credentials_form(connection, initial=initial),
        # Not opened for a paused connection: the help page says "click Change credentials", and a
        # click on an open <details> would close it.
        "credentials_open": bool(forms.get("credentials_form")),
    }


def _credentials_form(connection: NetvisorConnection, data: object = None, **kwargs: object) -> ChangeCredentialsForm:
    """The voucher types offered are Netvisor's list from the last check, not the stored choice."""
    voucher_types = connection.voucher_types or [connection.voucher_type]
    return ChangeCredentialsForm(data, voucher_types=voucher_types, current=connection.voucher_type, **kwargs)


@admin_view
def reimbursement_accounting(request: HttpRequest) -> HttpResponse:
    return render(request, "companies/reimbursement_accounting.html", _box_context(request))


@sensitive_post_parameters("connection_identifier")  # kept out of error reports like a password
@admin_view
@require_POST
def connect(request: HttpRequest) -> HttpResponse:
    form = ConnectionIdentifierForm(request.POST)
    if form.is_valid():
        try:
            connection = services.connect_with_identifier(
                company=request.company,  # type: ignore[attr-defined]
                identifier=form.cleaned_data["connection_identifier"],
                actor=request.user,  # type: ignore[arg-type]
                version=form.cleaned_data["version"],
            )
        except services.ConnectionChangeRefused as exc:
            form.add_error("connection_identifier", str(exc))
            _netvisor_details(request, exc)
        else:
            if connection.needs_attention:  # e.g. a right to grant: connected, but not all clear
                messages.warning(request, _("Connected to Netvisor, but something needs your attention: see below."))
            else:
                messages.success(request, _("Connected to Netvisor."))
            return redirect("companies:reimbursement_accounting")
    context = _box_context(request, identifier_form=form)
    return render(request, "companies/reimbursement_accounting.html", context, status=400)


@sensitive_post_parameters("user_secret")
@admin_view
@require_POST
@sensitive_variables("form")
def change_credentials(request: HttpRequest) -> HttpResponse:
    connection = services.connection_of(request.company)  # type: ignore[attr-defined]
    form = _credentials_form(connection, request.POST)
    if form.is_valid():
        try:
            services.change_credentials(
                company=request.company,  # type: ignore[attr-defined]
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except services.ConnectionChangeRefused as exc:
            form.add_error(None, str(exc))
            _netvisor_details(request, exc)
        else:
            messages.success(request, _("Netvisor credentials updated."))
            return redirect("companies:reimbursement_accounting")
    context = _box_context(request, credentials_form=form)
    return render(request, "companies/reimbursement_accounting.html", context, status=400)


@admin_view
@require_POST
def check_connection(request: HttpRequest) -> HttpResponse:
    try:
        connection = services.check_connection(company=request.company)  # type: ignore[attr-defined]
    except services.ConnectionChangeRefused as exc:
        messages.error(request, str(exc))
        _netvisor_details(request, exc)
    else:
        if connection.needs_attention:  # the box says what; "works" alone would read as all clear
            messages.warning(request, _("Netvisor answered, but something needs your attention: see below."))
        else:
            messages.success(request, _("The connection to Netvisor works."))
    return redirect("companies:reimbursement_accounting")


@admin_view
def disconnect(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.disconnect(
                company=request.company,  # type: ignore[attr-defined]
                actor=request.user,  # type: ignore[arg-type]
                version=parse_whole_number(request.POST.get("version")),
            )
        except services.ConnectionChangeRefused as exc:
            messages.error(request, str(exc))
            _netvisor_details(request, exc)
        else:
            messages.success(request, _("Disconnected from Netvisor. The history stays."))
        return redirect("companies:reimbursement_accounting")
    connection = services.connection_of(request.company)  # type: ignore[attr-defined]
    return render(request, "companies/netvisor_disconnect.html", {"tab": "basic", "connection": connection})


def _netvisor_details(request: HttpRequest, exc: services.ConnectionChangeRefused) -> None:
    """Netvisor's own words go under "Details", apart from the message that says what to do."""
    if exc.details:
        messages.info(request, exc.details, extra_tags="netvisor-details")
