"""The one gate every company page goes through.

A page the member's role may not use answers 404, exactly as an object of another
company does: from outside, "not yours" and "not there" look the same, so ids of other
companies' objects cannot be probed.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from companies.http import MemberRequest

Capability = Callable[[str], bool]


def company_view(capability: Capability | None = None) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: MemberRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if membership is None:
                raise Http404("No company")
            if capability is not None and not capability(membership.role):
                raise Http404("Not available for this role")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
