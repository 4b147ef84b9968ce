"""Content-Security-Policy: on every HTML page, strict, and the pages need nothing it forbids."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from bezala.csp import DOCS_POLICY, POLICY
from expenses.services import add_attachment, create_receipt
from tests.expenses import files
from tests.expenses.conftest import office, receipt_input  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


class InlineCode(HTMLParser):
    """Collects what a strict policy would block: inline scripts, style elements and attributes, handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") != "application/json":
            self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> at line {self.getpos()[0]}")
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'{name}="…" on <{tag}> at line {self.getpos()[0]}')


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_policy_allows_no_inline_code_and_no_other_origin():
    directives = dict(part.split(" ", 1) for part in POLICY.split("; "))

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in POLICY


def test_the_login_page_carries_the_policy(client):
    response = client.get(reverse("accounts:login"))

    assert response["Content-Security-Policy"] == POLICY


@pytest.fixture
def draft_with_file(office):  # noqa: F811
    draft = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    add_attachment(expense=draft, actor=office.employee, upload=files.png())
    return draft


PAGES = [
    ("dashboard", {}),
    ("expenses:list", {}),
    ("expenses:new_receipt", {}),
    ("expenses:new_mileage", {}),
    ("expenses:new_per_diem", {}),
    ("expenses:detail", {"expense_id": "draft"}),
    ("expenses:edit", {"expense_id": "draft"}),
    ("expenses:profile", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[name for name, _ in PAGES])
def test_pages_carry_the_policy_and_need_no_inline_code(office, login, draft_with_file, name, kwargs):  # noqa: F811
    url = reverse(name, kwargs={key: draft_with_file.pk for key in kwargs})

    response = login(office.employee).get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert inline_code(response.content.decode()) == []


ADMIN_PAGES = [
    "expenses:approvals",
    "expenses:all",
    "expenses:setup",
    "expenses:purchase_types",
    "expenses:payment_methods",
    "expenses:approvers",
    "expenses:foreign_rates",
    "companies:settings",
    "companies:members",
    "companies:reimbursement_accounting",
    "costcenters:list",
    "exports:page",
    "exports:settings",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_need_no_inline_code(office, login, name):  # noqa: F811
    who = office.approver if name == "expenses:approvals" else office.admin
    response = login(who).get(reverse(name))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert inline_code(response.content.decode()) == []


def test_a_receipt_download_keeps_its_own_sandbox_policy(office, login, draft_with_file):  # noqa: F811
    attachment = draft_with_file.attachments.get()

    response = login(office.employee).get(reverse("expenses:download_attachment", args=[attachment.pk]))

    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_api_docs_get_their_own_policy(office, login):  # noqa: F811
    response = login(office.employee).get(reverse("api-docs"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == DOCS_POLICY


def test_json_answers_carry_no_page_policy(office, login):  # noqa: F811
    response = login(office.employee).get("/api/v1/expenses/")

    assert "Content-Security-Policy" not in response
