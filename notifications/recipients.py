"""Who is told that an expense waits for approval: the same people the approval flow lets approve it.

The employee's assigned approver, while an active member who may approve; else the company's fallback
approver; else its admins (who may approve anyone). Never the employee themselves.
"""

from dataclasses import dataclass

from companies import roles
from companies.models import Membership
from expenses.models import ApproverAssignment, ExpenseSettings

APPROVING_ROLES = [role for role in roles.Role.values if roles.can_approve(role)]


@dataclass(frozen=True)
class Routing:
    """The approval routes of one company, read once (three queries) for any number of expenses."""

    approvers: frozenset[int]  # active members who may approve
    admins: tuple[int, ...]
    assigned: dict[int, int]  # employee → approver
    fallback: int | None

    def approvers_for(self, owner_id: int) -> list[int]:
        for candidate in (self.assigned.get(owner_id), self.fallback):
            if candidate is not None and candidate in self.approvers and candidate != owner_id:
                return [candidate]
        return [admin for admin in self.admins if admin != owner_id]


def routing_of(company_id: int) -> Routing:
    members = Membership.objects.filter(company_id=company_id, is_active=True, role__in=APPROVING_ROLES)
    approving = dict(members.values_list("user_id", "role"))
    assigned = dict(ApproverAssignment.objects.filter(company_id=company_id).values_list("employee_id", "approver_id"))
    fallback = ExpenseSettings.objects.filter(company_id=company_id).values_list("fallback_approver_id", flat=True)
    return Routing(
        approvers=frozenset(approving),
        admins=tuple(sorted(user for user, role in approving.items() if role == roles.Role.ADMIN)),
        assigned=assigned,
        fallback=next(iter(fallback), None),
    )
