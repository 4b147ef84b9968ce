from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from companies.http import MemberRequest
from companies.selectors import current_membership

SESSION_KEY = "company_id"


class CurrentCompanyMiddleware:
    """Puts the signed-in user's current company and membership on the request.

    The company comes from the session (set by switching companies) and is always
    re-checked against the user's active memberships, so a stale or forged id simply
    falls back to the user's first company.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: MemberRequest) -> HttpResponse:
        request.membership = None
        request.company = None
        if request.user.is_authenticated:
            membership = current_membership(request.user, request.session.get(SESSION_KEY))
            if membership is not None:
                request.membership = membership
                request.company = membership.company
        return self.get_response(request)
