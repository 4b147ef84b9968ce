from django.db.models import QuerySet

from accounts.models import User
from companies.models import Company, Membership

# Every page loads the connection for the expiry banner; it needs the state, never the secrets,
# so they are not even decrypted (and a removed key fails only where credentials are used).
_SECRETS_OF_CONNECTION = (
    "company__netvisor__customer_id",
    "company__netvisor__customer_key",
    "company__netvisor__organisation_id",
)


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("company", "company__netvisor")
        .defer(*_SECRETS_OF_CONNECTION)
        .order_by("company__name", "company_id")
    )


def current_membership(user: User, company_id: object) -> Membership | None:
    """The membership for the session's company, or the user's first one."""
    memberships = list(memberships_of(user))
    for membership in memberships:
        if membership.company_id == company_id:
            return membership
    return memberships[0] if memberships else None


def company_members(company: Company) -> QuerySet[Membership]:
    return Membership.objects.filter(company=company).select_related("user").order_by("user__email")
