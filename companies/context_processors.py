from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from companies import roles
from companies.models import Membership
from companies.selectors import memberships_of


def current_company(request: HttpRequest) -> dict[str, object]:
    # getattr: some pages render without CurrentCompanyMiddleware (the sandbox's own pages).
    membership: Membership | None = getattr(request, "membership", None)
    if membership is None:
        return {}
    user = request.user
    if not user.is_authenticated:  # never: the middleware sets a membership only for a signed-in user
        return {}
    return {
        "company": membership.company,
        "membership": membership,
        # Evaluated lazily by the template only where the company switcher is drawn.
        "all_memberships": lambda: memberships_of(user),
        "can_approve": roles.can_approve(membership.role),
        "can_manage_company": roles.can_manage_company(membership.role),
        "can_see_all_expenses": roles.can_see_all_expenses(membership.role),
        "company_banners": _banners(membership),
        "nav_section": nav_section(request),
    }


# Expense setup lives in the expenses app but is part of Company Settings on screen.
_SETTINGS_PAGES_OF_EXPENSES = {
    "expenses:setup",
    "exports:settings",
    "expenses:purchase_types",
    "expenses:purchase_type_edit",
    "expenses:payment_methods",
    "expenses:payment_method_edit",
    "expenses:approvers",
    "expenses:approver_remove",
}
_OWN_SECTIONS = {"dashboard": "dashboard", "expenses:approvals": "approvals", "expenses:all": "all_expenses"}
_SECTIONS_BY_APP = {
    "expenses": "expenses",
    "costcenters": "costcenters",
    "companies": "settings",
    "exports": "exports",
}


def nav_section(request: HttpRequest) -> str:
    """Which item of the main navigation the current page belongs to."""
    match = request.resolver_match
    name = match.view_name if match else ""
    if name in _SETTINGS_PAGES_OF_EXPENSES:
        return "settings"
    return _OWN_SECTIONS.get(name) or _SECTIONS_BY_APP.get(name.partition(":")[0], "")


def _banners(membership: Membership) -> list[dict[str, str]]:
    """Shown on every page: an expired Netvisor connection stops exports until an admin acts."""
    if not roles.can_manage_company(membership.role):
        return []
    connection = getattr(membership.company, "netvisor", None)
    if connection is None or not connection.is_paused:
        return []
    text = _(
        "Netvisor no longer accepts this company's credentials: exports and fetches are paused. "
        "Update them in Company Settings → Basic settings → Reimbursement & Accounting → Change credentials."
    )
    return [{"level": "error", "text": text, "url": reverse("companies:reimbursement_accounting")}]
