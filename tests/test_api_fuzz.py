"""Property-based fuzzing of the REST API from its own OpenAPI schema (/api/schema/).

Schemathesis generates requests for every operation the schema lists, valid and invalid ones alike,
sends them through the Django WSGI application, and checks three things of every answer: no 5xx, a
documented content type, and a body that matches what the schema promises for that status (answers
with a status the schema does not list, such as most 400s and 404s, are not held to a body schema;
they only must not be 5xx). No operation is left out. The caller is an admin of a company
that has every role, purchase types, payment methods, a cost center and expenses in several states,
so that the operations get past authentication and the company lookup and reach our code.

Bounded: a few examples per operation and no per-example deadline (2-core machines), about a
minute in all on SQLite.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from accounts.tokens import issue_api_token
from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ApproverAssignment, ExpenseSettings
from expenses.services import add_attachment, create_receipt, submit_expense
from expenses.services.inputs import LineInput, ReceiptInput
from tests.expenses import files
from tests.factories import CompanyFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

EXAMPLES_PER_OPERATION = 10
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@dataclass(frozen=True)
class Seeded:
    """The caller's token and the ids that path parameters are pointed at."""

    company_id: int
    token: str
    path_ids: dict[str, int]


@pytest.fixture
def seeded(db, settings, tmp_path) -> Seeded:
    settings.MEDIA_ROOT = tmp_path / "media"
    company = CompanyFactory()
    people = {role: MembershipFactory(company=company, role=role).user for role in Role.values}
    admin, employee = people[Role.ADMIN], people[Role.EMPLOYEE]
    assignment = ApproverAssignment.objects.create(company=company, employee=employee, approver=people[Role.APPROVER])
    ExpenseSettings.objects.create(company=company, employee_payable_account="2940")
    purchase_type = PurchaseTypeFactory(company=company, name="Meals")
    own_money = PaymentMethodFactory(company=company, name="Own money")
    cost_center = CostCenter.objects.create(company=company, name="Sales")
    line = LineInput(amount=Decimal("36.90"), vat_rate=Decimal("13.5"), purchase_type=purchase_type)
    receipt = ReceiptInput(
        date=date(2026, 3, 2), description="Taxi", amount=Decimal("36.90"), payment_method=own_money, lines=(line,)
    )
    draft = create_receipt(company=company, owner=admin, data=receipt)
    attachment = add_attachment(expense=draft, actor=admin, upload=files.png())
    submitted = create_receipt(company=company, owner=employee, data=receipt)
    submit_expense(expense=submitted, actor=employee)
    return Seeded(
        company_id=company.pk,
        token=issue_api_token(user=admin, label="fuzz").key,
        path_ids={
            "expense_id": draft.pk,
            "attachment_id": attachment.pk,
            "assignment_id": assignment.pk,
            "purchase_type_id": purchase_type.pk,
            "payment_method_id": own_money.pk,
            "cost_center_id": cost_center.pk,
        },
    )


@pytest.fixture
def wsgi_in_test_transaction():
    """Keep Django from closing the test's connection at the end of each request, as its test client does."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture],
)
def test_fuzzed_requests_get_no_server_error_and_a_documented_answer(case, seeded, wsgi_in_test_transaction):
    # Random ids would only ever meet 404; the seeded ones reach the operation itself. X-Company is the
    # seeded company's for the same reason (malformed and foreign ones: tests/expenses/test_exp_strict_input.py).
    for name in case.path_parameters or {}:
        if name in seeded.path_ids:
            case.path_parameters[name] = seeded.path_ids[name]
    # Each example starts from the seeded data (a DELETE or a submit must not starve the next ones),
    # and on PostgreSQL a failed statement must not spoil the test's transaction for them either.
    savepoint = transaction.savepoint()
    try:
        case.call_and_validate(
            headers={"Authorization": f"Token {seeded.token}", "X-Company": str(seeded.company_id)},
            checks=CHECKS,
        )
    finally:
        transaction.savepoint_rollback(savepoint)


# --- What the fuzzing found, one case each ---------------------------------------------------------


def _called_as_documented(seeded: Seeded, path: str, method: str = "GET") -> None:
    case = schema[path][method].Case(path_parameters={k: v for k, v in seeded.path_ids.items() if f"{{{k}}}" in path})
    case.call_and_validate(
        headers={"Authorization": f"Token {seeded.token}", "X-Company": str(seeded.company_id)},
        checks=CHECKS,
    )


def test_cost_center_without_parent_matches_schema(seeded, wsgi_in_test_transaction):
    _called_as_documented(seeded, "/api/v1/cost-centers/{cost_center_id}/")


def test_export_timeline_matches_schema(seeded, wsgi_in_test_transaction):
    _called_as_documented(seeded, "/api/v1/exports/timeline/{expense_id}/")


def test_attachment_download_has_a_documented_content_type(seeded, wsgi_in_test_transaction):
    _called_as_documented(seeded, "/api/v1/attachments/{attachment_id}/download/")


@pytest.mark.parametrize("path", ["/api/v1/profile/", "/api/v1/expense-settings/"])
def test_options_describes_a_single_resource(seeded, path):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {seeded.token}")

    response = client.options(path)

    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]
