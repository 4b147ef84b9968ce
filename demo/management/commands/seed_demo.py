"""``manage.py seed_demo``: create the demo company and its people, and print their logins.

When DEMO_NETVISOR holds the Netvisor sandbox's JSON line (``make run`` sets it), the demo company
is also connected to the sandbox with the sandbox's demo API identifier.
"""

import json
import os

from django.core.management.base import BaseCommand

from demo.seeding import seed_demo


class Command(BaseCommand):
    help = "Create the demo company and its people (idempotent) and print their logins."

    def handle(self, *args: object, **options: object) -> None:
        sandbox = json.loads(os.environ["DEMO_NETVISOR"]) if os.environ.get("DEMO_NETVISOR") else None
        company, logins = seed_demo(netvisor_sandbox=sandbox)
        if sandbox:
            self.stdout.write(f"Demo company connected to the Netvisor sandbox at {sandbox['base_url']}")
        self.stdout.write(self.style.SUCCESS(f"Demo company: {company.name}"))
        for login in logins:
            self.stdout.write(f"  {login.role:<9} {login.email}  password: {login.password}")
