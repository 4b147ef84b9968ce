"""The request types our views receive, so that the attributes the middleware adds are typed.

`CurrentCompanyMiddleware` puts `membership` and `company` on every request (None when the user has no
company); `company_view` lets a request through only when they are set. A view behind `company_view`
takes a `CompanyRequest`, and needs no casts or ignores to reach `request.company`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from accounts.models import User
    from companies.models import Company, Membership


class MemberRequest(HttpRequest):
    """Any request after `CurrentCompanyMiddleware`."""

    membership: Membership | None
    company: Company | None


class SignedInRequest(HttpRequest):
    """A request inside `login_required`: the user is signed in, but may have no company."""

    user: User


class CompanyRequest(HttpRequest):
    """A request inside `company_view`: a signed-in user acting as an active member of `company`."""

    user: User
    membership: Membership
    company: Company
