"""Error reports that hide secrets even with DEBUG on.

Django's ``sensitive_variables`` and ``sensitive_post_parameters`` only take effect while
DEBUG is off: its default filter assumes a site in debug mode is not exposed. ``make run``
starts with DEBUG on, and its 500 page showed the User Secret and the connection identifier.
The views that receive or handle Netvisor secrets therefore set a filter of their own on the
request (Django's per-request hook), which honours the markings whatever DEBUG says.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.debug import SafeExceptionReporterFilter


class SecretsHiddenFilter(SafeExceptionReporterFilter):
    def is_active(self, request: HttpRequest | None) -> bool:
        return True


def secrets_hidden_even_in_debug(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.exception_reporter_filter = SecretsHiddenFilter()
        return view(request, *args, **kwargs)

    return wrapper
