"""The Cost centers page, "Fetch data" and its status poll, the dimension choice, local additions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from companies import roles
from companies.access import company_view
from companies.http import CompanyRequest
from companies.integration.services import connection_of
from costcenters import selectors, services
from costcenters.forms import DimensionChoiceForm, LocalCostCenterForm
from costcenters.presenters import fetch_status as status_of
from costcenters.presenters import fetch_summary, status_class

PAGE_SIZE = 200
admin_view = company_view(roles.can_manage_company)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@company_view()
@require_GET
def cost_centers(request: CompanyRequest) -> HttpResponse:
    company = request.company
    is_admin = roles.can_manage_company(request.membership.role)
    query = request.GET.get("q", "")
    show_inactive = is_admin and request.GET.get("inactive") == "1"
    found = selectors.cost_centers_for_list(company, query=query, include_inactive=show_inactive)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, object] = {
        "page": page,
        "query": query,
        "show_inactive": show_inactive,
        "is_admin": is_admin,
    }
    if is_admin:
        context.update(_admin_context(request))
    return render(request, "costcenters/list.html", context)


def _admin_context(request: CompanyRequest, **forms: object) -> dict[str, object]:
    company = request.company
    settings = services.settings_of(company)
    connection = connection_of(company)
    fetch = selectors.latest_fetch(company)
    return {
        "connection": connection,
        "settings": settings,
        "fetch": fetch,
        "fetch_summary": fetch_summary(fetch) if fetch else "",
        "fetch_class": status_class(fetch) if fetch else "",
        "dimension_form": forms.get("dimension_form")
        or DimensionChoiceForm(available=settings.available_dimensions, chosen=settings.chosen_dimensions),
        "local_form": forms.get("local_form") or LocalCostCenterForm(),
    }


@admin_view
@require_POST
def fetch_data(request: CompanyRequest) -> HttpResponse:
    fetch, created = services.request_fetch(company=request.company, actor=request.user)
    fetch.refresh_from_db()  # with tasks run inline the fetch may be finished already
    if _wants_json(request):
        return JsonResponse({**status_of(fetch), "created": created}, status=202 if created else 200)
    if not created:
        messages.info(request, _("A fetch is already under way; showing it."))
    return redirect("costcenters:list")


@admin_view
@require_GET
def fetch_status(request: CompanyRequest, fetch_id: int) -> HttpResponse:
    fetch = selectors.fetch_of(request.company, fetch_id)
    if fetch is None:
        raise Http404("No such fetch")
    return JsonResponse(status_of(fetch))


@admin_view
@require_POST
def choose_dimensions(request: CompanyRequest) -> HttpResponse:
    company = request.company
    settings = services.settings_of(company)
    form = DimensionChoiceForm(request.POST, available=settings.available_dimensions, chosen=settings.chosen_dimensions)
    if form.is_valid():
        try:
            services.choose_dimensions(company=company, names=form.cleaned_data["dimensions"], actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. The next fetch reads these dimensions."))
            return redirect("costcenters:list")
    return _list_with_errors(request, dimension_form=form)


@admin_view
@require_POST
def add_cost_center(request: CompanyRequest) -> HttpResponse:
    form = LocalCostCenterForm(request.POST)
    if form.is_valid():
        try:
            services.add_local_cost_center(
                company=request.company,
                name=form.cleaned_data["name"],
                code=form.cleaned_data["code"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Cost center added."))
            return redirect("costcenters:list")
    return _list_with_errors(request, local_form=form)


def _list_with_errors(request: CompanyRequest, **forms: object) -> HttpResponse:
    company = request.company
    page = Paginator(selectors.cost_centers_for_list(company), PAGE_SIZE).get_page(1)
    context = {"page": page, "query": "", "show_inactive": False, "is_admin": True}
    context.update(_admin_context(request, **forms))
    return render(request, "costcenters/list.html", context, status=400)
