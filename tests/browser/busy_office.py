"""A company with a few expenses in every state, for the page-wide browser checks (layouts, accessibility).

Descriptions are long on purpose: a long unbroken word is what pushes a phone's page sideways.
"""

import pytest
from django.urls import reverse

from expenses.models import Expense
from expenses.services import approve_expense, create_receipt, submit_expense
from tests.expenses.conftest import Office, office, receipt_input  # noqa: F401 - the fixture
from tests.factories import PASSWORD

DESCRIPTIONS = [
    "Asiakaslounas ravintola Savoyssa Helsingissä",
    "Taksimatka lentokentältä hotelliin ja takaisin",
    "Konferenssilippu Tietoturvapäivät2026Helsinginmessukeskus",
    "Toimistotarvikkeet",
]

# (role the page is checked as, URL name) for the lists each role has
LISTS = {
    "employee": ["expenses:list"],
    "approver": ["expenses:list", "expenses:approvals"],
    "admin": ["expenses:list", "expenses:approvals", "expenses:all"],
}


@pytest.fixture
def busy_office(office: Office) -> Office:  # noqa: F811 - pytest's fixture injection
    """Receipts of the employee: two waiting for approval, one approved, one draft."""
    for index, description in enumerate(DESCRIPTIONS):
        expense = create_receipt(
            company=office.company,
            owner=office.employee,
            data=receipt_input(office, amount=f"{12 + index * 31}.40", description=description),
        )
        if index < 3:
            submit_expense(expense=expense, actor=office.employee)
        if index == 2:
            approve_expense(expense=Expense.objects.get(pk=expense.pk), actor=office.approver)
    return office


def person(people: Office, role: str):
    return getattr(people, role)


def url(live_server, name: str, **kwargs) -> str:
    return f"{live_server.url}{reverse(name, kwargs=kwargs)}"


def log_in_as(log_in, people: Office, role: str) -> None:
    log_in(person(people, role).email, PASSWORD)
