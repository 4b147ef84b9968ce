"""Who may see and approve which expenses. Views, the API and services all ask here."""

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from accounts.models import User
from companies import roles
from companies.models import Company, Membership
from expenses.models import ApproverAssignment, Expense, ExpenseSettings

NOTHING = Q(pk__in=[])


def role_of(company: Company | int, user: User) -> str | None:
    company_id = company.pk if isinstance(company, Company) else company
    found = Membership.objects.filter(company_id=company_id, user=user, is_active=True).values_list("role", flat=True)
    return next(iter(found), None)


def is_fallback_approver(company: Company | int, user: User) -> bool:
    company_id = company.pk if isinstance(company, Company) else company
    return ExpenseSettings.objects.filter(company_id=company_id, fallback_approver=user).exists()


def approvable_owners(company: Company, user: User, role: str | None) -> Q:
    """A filter on Expense: the expenses whose owners ``user`` approves (own ones included).

    Accountants and admins approve anyone; an approver those assigned to them; the company's
    fallback approver also those who have no active approver of their own.
    """
    if role is None or not roles.can_approve(role):
        return NOTHING
    if roles.can_see_all_expenses(role):
        return Q()
    assigned = ApproverAssignment.objects.filter(company=company, approver=user).values("employee_id")
    scope = Q(owner_id__in=assigned)
    if is_fallback_approver(company, user):
        scope |= ~Q(owner_id__in=_covered_employees(company))
    return scope


def _covered_employees(company: Company) -> QuerySet[ApproverAssignment, Mapping[str, object]]:
    """Employees whose assigned approver is still an active member who may approve."""
    approvers = Membership.objects.filter(
        company=company, is_active=True, role__in=[r for r in roles.Role.values if roles.can_approve(r)]
    ).values("user_id")
    return ApproverAssignment.objects.filter(company=company, approver_id__in=approvers).values("employee_id")


def visible_filter(company: Company, user: User, role: str | None) -> Q:
    """Expenses a member may open: their own, those they approve, all for accountants and admins."""
    if role is not None and roles.can_see_all_expenses(role):
        return Q()
    return Q(owner=user) | approvable_owners(company, user, role)


def may_approve(expense: Expense, user: User, role: str | None) -> bool:
    if expense.owner_id == user.pk:
        return False
    scope = approvable_owners(expense.company, user, role)
    return Expense.objects.filter(scope, pk=expense.pk).exists()
