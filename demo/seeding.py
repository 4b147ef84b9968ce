"""Seed the demo company "Demo Oy" with an admin, an approver and an employee.

The employee has an approver, a bank account and three expenses (a submitted receipt and kilometre
allowance waiting in the approver's inbox, and a per diem draft), on the company's default setup.
With the Netvisor sandbox's identifiers the demo company is also connected to the sandbox, after a
real test call.

This lives in an app of its own because it reaches into every domain (companies, expenses,
exports, Netvisor); ``companies`` must not import the apps built on top of it.
"""

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from companies.integration import services as netvisor_services
from companies.models import Company, NetvisorConnection
from companies.roles import Role
from companies.services import add_member, create_company
from expenses.demo import seed_demo_expenses
from expenses.services.defaults import create_default_setup
from exports.services.settings import settings_of
from netvisor import CustomerCredentials

DEMO_COMPANY = "Demo Oy"
DEMO_BUSINESS_ID = "1234567-8"
DEMO_COMPANY_IBAN = "FI4950009420028730"
DEMO_PASSWORD = "demo-password-1"  # noqa: S105 - printed to the person running the demo on purpose
DEMO_PEOPLE = [
    ("admin@demo.example", "Aino", "Admin", Role.ADMIN),
    ("approver@demo.example", "Antti", "Approver", Role.APPROVER),
    ("employee@demo.example", "Eeva", "Employee", Role.EMPLOYEE),
]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def seed_demo(*, netvisor_sandbox: dict[str, str] | None = None) -> tuple[Company, list[DemoLogin]]:
    """Create (or bring back) the demo company and its people; return it and the logins to print.

    Safe to run again: existing users keep their data and get the demo password back. With
    ``netvisor_sandbox`` (the sandbox's JSON line: customer_id, customer_key, organisation_id)
    the company is connected to it after a real test call, which raises the Netvisor client's
    errors when the sandbox refuses.
    """
    with transaction.atomic():
        company = _demo_company()
        people = _demo_people(company)
        create_default_setup(company=company)  # a demo company made before the defaults existed
        seed_demo_expenses(
            company=company,
            employee=people[Role.EMPLOYEE],
            approver=people[Role.APPROVER],
            admin=people[Role.ADMIN],
        )
        _set_source_iban(company)
    if netvisor_sandbox:
        connect_demo_to_sandbox(company=company, sandbox=netvisor_sandbox, admin=people[Role.ADMIN])
    return company, [DemoLogin(role, email, DEMO_PASSWORD) for email, _first, _last, role in DEMO_PEOPLE]


def connect_demo_to_sandbox(*, company: Company, sandbox: dict[str, str], admin: User) -> None:
    """Store the sandbox's demo API identifier as the company's connection, after a real test call."""
    customer = CustomerCredentials(sandbox["customer_id"], sandbox["customer_key"], sandbox["organisation_id"])
    found = netvisor_services.verify_credentials(customer)
    NetvisorConnection.objects.update_or_create(
        company=company,
        defaults=netvisor_services.tested_connection_values(
            customer,
            found,
            netvisor_company_name=company.name,
            set_by=admin,  # "set … by Aino Admin"
        ),
    )


def _demo_company() -> Company:
    company = Company.objects.filter(name=DEMO_COMPANY).first()
    if company is None:
        company = create_company(name=DEMO_COMPANY, business_id=DEMO_BUSINESS_ID)
    return company


def _demo_people(company: Company) -> dict[str, User]:
    people: dict[str, User] = {}
    for email, first, last, role in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.first_name, user.last_name = first, last
        user.set_password(DEMO_PASSWORD)
        user.save()
        add_member(company=company, user=user, role=role)
        people[role] = user
    return people


def _set_source_iban(company: Company) -> None:
    export_settings = settings_of(company)
    if not export_settings.source_iban:
        # Reimbursements are paid from here; "Send to accounting now" works on the first press.
        export_settings.source_iban = DEMO_COMPANY_IBAN
        export_settings.save(update_fields=["source_iban", "updated_at"])
