"""Which company an API request acts for, and the viewset base of every company-scoped API.

``X-Company: <id>`` picks one of the user's companies; without it the session's current company
(or the user's first) is used. An id the user is not an active member of answers 404, like an
object of another company; a header that is not an id at all answers 400.
"""

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.request import Request

from accounts.models import User
from companies import roles
from companies.middleware import SESSION_KEY
from companies.models import Membership
from companies.parsing import parse_id
from companies.selectors import current_membership, memberships_of

HEADER = "X-Company"

COMPANY_HEADER = OpenApiParameter(
    HEADER,
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    required=False,
    description="Id of the company to act for; default: the user's current company.",
)


def api_membership(request: Request) -> Membership:
    """The membership the request acts as; cached on the request. Raises NotFound or ParseError."""
    cached: Membership | None = getattr(request, "_company_membership", None)
    if cached is not None:
        return cached
    membership = _resolve(request)
    # DRF's Request declares no such attribute; the cache lives as long as the request.
    request._company_membership = membership  # type: ignore[attr-defined]
    return membership


def _resolve(request: Request) -> Membership:
    user = request.user
    # The viewsets' IsAuthenticated permission is checked before anything asks for the membership.
    assert user.is_authenticated
    header = request.headers.get(HEADER, "").strip()
    if header:
        company_id = parse_id(header)
        if company_id is None:
            raise ParseError(_("X-Company must be the id of a company."))
        found = memberships_of(user).filter(company_id=company_id).first()
        if found is None:
            raise NotFound(_("No such company."))
        return found
    session = getattr(request._request, "session", None)
    membership = current_membership(user, session.get(SESSION_KEY) if session is not None else None)
    if membership is None:
        raise NotFound(_("You are not a member of any company."))
    return membership


@extend_schema(parameters=[COMPANY_HEADER])
# Any: one base for viewsets of many models; each subclass names its own queryset and serializer.
class CompanyScoped(viewsets.GenericViewSet[Any]):
    # No docstring: drf-spectacular would show it as the description of every viewset without one.

    @property
    def membership(self) -> Membership:
        return api_membership(self.request)

    @property
    def user(self) -> User:
        """The signed-in user; the IsAuthenticated permission has run before any handler."""
        user = self.request.user
        assert user.is_authenticated
        return user

    @property
    def is_admin(self) -> bool:
        return roles.can_manage_company(self.membership.role)

    def get_serializer_context(self) -> dict[str, object]:
        return {**super().get_serializer_context(), "company": self.membership.company}
