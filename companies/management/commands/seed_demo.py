"""Seed the demo company "Demo Oy" with an admin, an approver and an employee, and print their logins.

Safe to run again: existing users keep their data and get the demo password back.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from companies.models import Company
from companies.roles import Role
from companies.services import add_member, create_company

DEMO_COMPANY = "Demo Oy"
DEMO_BUSINESS_ID = "1234567-8"
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
        self.stdout.write(self.style.SUCCESS(f"Demo company: {company.name}"))
        for email, _first, _last, role in DEMO_PEOPLE:
            self.stdout.write(f"  {role:<9} {email}  password: {DEMO_PASSWORD}")
