from django.db.models import QuerySet

from companies.models import Company, Membership


def memberships_of(user: object) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("company", "company__netvisor")
        .order_by("company__name", "company_id")
    )


def current_membership(user: object, company_id: object) -> Membership | None:
    """The membership for the session's company, or the user's first one."""
    memberships = list(memberships_of(user))
    for membership in memberships:
        if membership.company_id == company_id:
            return membership
    return memberships[0] if memberships else None


def company_members(company: Company) -> QuerySet[Membership]:
    return Membership.objects.filter(company=company).select_related("user").order_by("user__email")
