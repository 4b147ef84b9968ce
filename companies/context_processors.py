from django.http import HttpRequest

from companies import roles
from companies.selectors import memberships_of


def current_company(request: HttpRequest) -> dict[str, object]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    return {
        "company": membership.company,
        "membership": membership,
        # Evaluated lazily by the template only where the company switcher is drawn.
        "all_memberships": lambda: memberships_of(request.user),
        "can_approve": roles.can_approve(membership.role),
        "can_manage_company": roles.can_manage_company(membership.role),
        "can_see_all_expenses": roles.can_see_all_expenses(membership.role),
    }
