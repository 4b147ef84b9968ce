"""The small "Netvisor Store" page with "Activate" for the Bezala extension (modelled, see store.py)."""

import re

from django.http import HttpRequest, HttpResponse

from netvisor_sandbox import store
from netvisor_sandbox.views_pages import render_page

LANGUAGES = (("fi", "Suomi"), ("en", "English"), ("sv", "Svenska"))
_BUSINESS_ID = re.compile(r"^\d{7}-\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def store_page(request: HttpRequest) -> HttpResponse:
    values = {
        "company_name": "",
        "business_id": "",
        "admin_email": "",
        "admin_name": "",
        "language": "fi",
        "notify_url": store.notify_url_default(),
    }
    context: dict[str, object] = {}
    if request.method == "POST":
        values = {key: request.POST.get(key, "").strip() for key in values}
        errors = _validate(values)
        if errors:
            context["errors"] = errors
        else:
            try:
                context["activation"] = store.activate(store.Activation(**values))
            except store.StoreError as error:
                context["errors"] = [str(error)]
    return render_page(request, "store.html", None, "", values=values, languages=LANGUAGES, **context)


def _validate(values: dict[str, str]) -> list[str]:
    errors = []
    if not values["company_name"]:
        errors.append("Company name is required.")
    if not _BUSINESS_ID.match(values["business_id"]):
        errors.append("Business ID must look like 1234567-8.")
    if not _EMAIL.match(values["admin_email"]):
        errors.append("Administrator e-mail is not valid.")
    if not values["admin_name"]:
        errors.append("Administrator name is required.")
    if values["language"] not in dict(LANGUAGES):
        errors.append("Choose a language.")
    if not values["notify_url"]:
        errors.append("Service URL is required.")
    return errors
