"""The company the load test works in: people in every role, their API tokens and some history.

Runs in the orchestrating process against the load database, before gunicorn starts.
"""

import secrets
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.tokens import issue_api_token
from companies.models import Company, Membership
from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ApproverAssignment, Expense, ExpenseSettings, PaymentMethod, PurchaseType

EXPENSES_PER_PERSON = 40
COST_CENTERS = 30


@dataclass(frozen=True)
class Account:
    """What one locust user needs to act as one person."""

    email: str
    password: str
    token: str
    role: str
    company_id: int
    purchase_type_id: int
    payment_method_id: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def roles_for(people: int) -> list[str]:
    """One admin, a tenth accountants and a tenth approvers (at least one each), the rest employees."""
    share = max(1, people // 10)
    roles = [Role.ADMIN] + [Role.ACCOUNTANT] * share + [Role.APPROVER] * share
    return [str(role) for role in (roles + [Role.EMPLOYEE] * people)[:people]]


@transaction.atomic
def seed_company(*, people: int) -> list[Account]:
    """A company with ``people`` members, each with a token and EXPENSES_PER_PERSON past expenses."""
    company = Company.objects.create(name="Load Oy", business_id="7654321-0")
    ExpenseSettings.objects.create(company=company, employee_payable_account="2940")
    purchase_type = PurchaseType.objects.create(
        company=company, name="Meals", account_number="7600", vat_class="general"
    )
    own_money = PaymentMethod.objects.create(
        company=company, name="Own money", kind="own_money", counter_account="2940"
    )
    CostCenter.objects.bulk_create(CostCenter(company=company, name=f"Team {n}") for n in range(COST_CENTERS))
    password = secrets.token_urlsafe(16)
    # One hash for everyone: each hashing costs most of a second of CPU here, on purpose.
    password_hash = make_password(password)
    accounts = []
    approvers: list[User] = []
    for number, role in enumerate(roles_for(people)):
        user = User.objects.create(
            email=f"load{number}@example.com", password=password_hash, first_name=f"Load{number}"
        )
        Membership.objects.create(company=company, user=user, role=role)
        if role == Role.APPROVER:
            approvers.append(user)
        elif role == Role.EMPLOYEE and approvers:
            ApproverAssignment.objects.create(
                company=company, employee=user, approver=approvers[number % len(approvers)]
            )
        _past_expenses(company, user)
        token = issue_api_token(user=user, label="load test").key
        accounts.append(Account(user.email, password, token, role, company.pk, purchase_type.pk, own_money.pk))
    return accounts


def _past_expenses(company: Company, owner: User) -> None:
    """Drafts, and every fourth one submitted, so that approvers have an inbox."""
    now = timezone.now()
    Expense.objects.bulk_create(
        Expense(
            company=company,
            owner=owner,
            kind="receipt",
            state="submitted" if n % 4 == 0 else "draft",
            submitted_at=now if n % 4 == 0 else None,
            date=date(2026, 1, 1) + timedelta(days=n * 7 % 300),
            description=f"Earlier receipt {n}",
            amount=Decimal("12.50") + n,
            amount_eur=Decimal("12.50") + n,
        )
        for n in range(EXPENSES_PER_PERSON)
    )
