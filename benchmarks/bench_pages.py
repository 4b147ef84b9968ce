"""The dashboard as a signed-in member sees it, against rendering its template from a plain dict.

The ratio is the cost of Django's request handling, our middleware (the company lookup),
the session and the context processors on top of the template itself.
"""

from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from benchmarks.harness import Result, compare
from companies.roles import Role

ROUNDS_OF = 50


def run() -> list[Result]:
    from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

    membership = MembershipFactory(company=CompanyFactory(), role=Role.ADMIN)
    client = Client()
    client.login(username=membership.user.email, password=PASSWORD)
    request = RequestFactory().get("/")
    request.user = membership.user
    context = {"company": membership.company, "membership": membership, "user": membership.user}

    def dashboard() -> None:
        for _ in range(ROUNDS_OF):
            assert client.get("/").status_code == 200

    def template_only() -> None:
        for _ in range(ROUNDS_OF):
            render_to_string("companies/dashboard.html", context, request=request)

    return [compare(f"dashboard_page_x{ROUNDS_OF}", dashboard, template_only)]
