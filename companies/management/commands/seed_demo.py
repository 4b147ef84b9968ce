"""Seed the demo company "Demo Oy" with an admin, an approver and an employee, and print their logins.

The employee has an approver, a bank account and three expenses (a submitted receipt and kilometre
allowance waiting in the approver's inbox, and a per diem draft), on the company's default setup.

When DEMO_NETVISOR holds the Netvisor sandbox's JSON line (``make run`` sets it), the demo
company is also connected to the sandbox with the sandbox's demo API identifier, after a
real test call. Safe to run again: existing users keep their data and get the demo password back.
"""

import json
import os

from django.core.management.base import BaseCommand
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


class Command(BaseCommand):
    help = "Create the demo company and its people (idempotent) and print their logins."

    def handle(self, *args: object, **options: object) -> None:
        with transaction.atomic():
            company = Company.objects.filter(name=DEMO_COMPANY).first()
            if company is None:
                company = create_company(name=DEMO_COMPANY, business_id=DEMO_BUSINESS_ID)
            for email, first, last, role in DEMO_PEOPLE:
                user = User.objects.filter(email=email).first() or User(email=email)
                user.first_name, user.last_name = first, last
                user.set_password(DEMO_PASSWORD)
                user.save()
                add_member(company=company, user=user, role=role)
            create_default_setup(company=company)  # a demo company made before the defaults existed
            people = {role: User.objects.get(email=email) for email, _first, _last, role in DEMO_PEOPLE}
            seed_demo_expenses(
                company=company,
                employee=people[Role.EMPLOYEE],
                approver=people[Role.APPROVER],
                admin=people[Role.ADMIN],
            )
            export_settings = settings_of(company)
            if not export_settings.source_iban:
                # Reimbursements are paid from here; "Send to accounting now" works on the first press.
                export_settings.source_iban = DEMO_COMPANY_IBAN
                export_settings.save(update_fields=["source_iban", "updated_at"])
        if os.environ.get("DEMO_NETVISOR"):
            self._connect(company, json.loads(os.environ["DEMO_NETVISOR"]), admin=people[Role.ADMIN])
        self.stdout.write(self.style.SUCCESS(f"Demo company: {company.name}"))
        for email, _first, _last, role in DEMO_PEOPLE:
            self.stdout.write(f"  {role:<9} {email}  password: {DEMO_PASSWORD}")

    def _connect(self, company: Company, sandbox: dict[str, str], *, admin: User) -> None:
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
        self.stdout.write(f"Demo company connected to the Netvisor sandbox at {sandbox['base_url']}")
