"""Every form of the service, opened and saved unchanged in Finnish and in English, changes nothing stored.

The form is read from the page as a browser would submit it (each input's value, each select's chosen
option), so a value the server writes in a shape its own field cannot read back (a Finnish date in an
``<input type="date">``, which a browser then shows empty; an amount with a decimal comma) shows up
here as a changed or refused value.

Not covered here, on purpose: the Netvisor forms (connect, Change credentials, Check connection), which
talk to Netvisor and never show their secrets again, so there is nothing to save unchanged.
"""

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import lxml.html
import pytest
from django.apps import apps
from django.conf import settings
from django.forms.models import model_to_dict
from django.urls import reverse

from expenses.models import ExpenseSettings, ForeignPerDiemRate
from expenses.services import create_receipt, save_expense
from exports.models import ExportSettings
from tests.expenses.conftest import HELSINKI, mileage_input, per_diem_input, receipt_input

pytestmark = pytest.mark.django_db

# What a save may touch without anything a user entered changing. An edit replaces an expense's lines
# and legs with equal ones, so their ids are not compared either.
VOLATILE = {"updated_at", "modified_at", "last_login", "password"}
REPLACED_ROWS = {"expenses.ExpenseLine", "expenses.MileageLeg"}
STORED = [
    "expenses.Expense",
    "expenses.ExpenseLine",
    "expenses.MileageDetails",
    "expenses.MileageLeg",
    "expenses.PerDiemDetails",
    "expenses.ExpenseSettings",
    "expenses.PurchaseType",
    "expenses.PaymentMethod",
    "expenses.ApproverAssignment",
    "expenses.ForeignPerDiemRate",
    "exports.ExportSettings",
    "companies.Company",
    "accounts.User",
]


def stored() -> dict[str, list[dict[str, Any]]]:
    rows = {}
    for label in STORED:
        model = apps.get_model(label)
        ignored = VOLATILE | ({"id"} if label in REPLACED_ROWS else set())
        found = [
            {key: value for key, value in model_to_dict(row).items() if key not in ignored}
            for row in model.objects.order_by("pk")
        ]
        rows[label] = sorted(found, key=repr) if label in REPLACED_ROWS else found
    return rows


def submit_unchanged(client, url: str, language: str) -> Any:
    """GET ``url`` in ``language`` and POST its main form back with exactly what the page holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(url)
    assert page.status_code == 200, url
    document = lxml.html.fromstring(page.content.decode())
    forms = [form for form in document.forms if form.method.lower() == "post" and form.action in (None, "", url)]
    assert len(forms) == 1, f"{url}: expected one form that posts to the page itself, found {len(forms)}"
    values = [(name, _as_browser_sends(forms[0], name, value)) for name, value in forms[0].form_values() if name]
    return client.post(url, _as_post(values))


# A browser sanitises these input types' values (HTML "value sanitization algorithm"): a value not in
# the type's own format is submitted as an empty string, as the user sees the field empty.
SANITISED = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "number": re.compile(r"-?(\d+|\d*\.\d+)([eE][-+]?\d+)?"),
}


def _as_browser_sends(form, name: str, value: str) -> str:
    element = form.inputs[name]
    kind = element.get("type", "text").lower() if getattr(element, "tag", "") == "input" else ""
    pattern = SANITISED.get(kind)
    return value if pattern is None or pattern.fullmatch(value) else ""


def _as_post(values: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for name, value in values:
        data.setdefault(name, []).append(value)
    return data


@pytest.fixture
def drafts(office):
    receipt = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, "1234.50"))
    in_crowns = receipt_input(
        office,
        "1000.00",
        currency="SEK",
        exchange_rate=Decimal("11.2345"),
        rate_source="Bank statement",
        rate_date=date(2026, 2, 27),
    )
    foreign = save_expense(company=office.company, actor=office.employee, data=in_crowns)
    mileage = save_expense(company=office.company, actor=office.employee, data=mileage_input())
    per_diem = save_expense(
        company=office.company,
        actor=office.employee,
        data=per_diem_input(
            departure=datetime(2026, 3, 2, 7, 15, tzinfo=HELSINKI),
            return_at=datetime(2026, 3, 3, 19, 5, tzinfo=HELSINKI),
        ),
    )
    # A figure an admin entered from the decision, with decimals (a decimal comma in Finnish).
    rate = ForeignPerDiemRate.objects.create(
        company=office.company, year=2026, country="JP", amount=Decimal("85.50"), entered_by=office.admin
    )
    return {"receipt": receipt, "foreign": foreign, "mileage": mileage, "per_diem": per_diem, "rate": rate}


@pytest.fixture
def settings_rows(office):
    ExpenseSettings.objects.filter(company=office.company).update(
        locked_until=date(2026, 1, 31), mileage_account="7010", per_diem_account="7020"
    )
    ExportSettings.objects.get_or_create(company=office.company)
    office.employee.iban = "FI2112345600000785"
    office.employee.save()


PAGES: dict[str, Callable[[Any, dict[str, Any]], tuple[str, str]]] = {
    "edit receipt": lambda office, d: ("employee", reverse("expenses:edit", args=[d["receipt"].pk])),
    "edit foreign receipt": lambda office, d: ("employee", reverse("expenses:edit", args=[d["foreign"].pk])),
    "edit mileage": lambda office, d: ("employee", reverse("expenses:edit", args=[d["mileage"].pk])),
    "edit per diem": lambda office, d: ("employee", reverse("expenses:edit", args=[d["per_diem"].pk])),
    "profile": lambda office, d: ("employee", reverse("expenses:profile")),
    "accounts and checks": lambda office, d: ("admin", reverse("expenses:setup")),
    "purchase type": lambda office, d: (
        "admin",
        reverse("expenses:purchase_type_edit", args=[office.purchase_type.pk]),
    ),
    "payment method": lambda office, d: ("admin", reverse("expenses:payment_method_edit", args=[office.own_money.pk])),
    "company settings": lambda office, d: ("admin", reverse("companies:settings")),
    "accounting export": lambda office, d: ("admin", reverse("exports:settings")),
    "foreign per diem figure": lambda office, d: ("admin", reverse("expenses:foreign_rate_edit", args=[d["rate"].pk])),
}


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("form_page", sorted(PAGES))
def test_saving_a_form_unchanged_changes_nothing(office, drafts, settings_rows, login, form_page, language):
    role, url = PAGES[form_page](office, drafts)
    client = login(getattr(office, role))
    before = stored()

    response = submit_unchanged(client, url, language)

    assert response.status_code == 302, _errors_of(response)
    after = stored()
    assert after == before


def _errors_of(response) -> str:
    document = lxml.html.fromstring(response.content.decode())
    found = document.xpath("//*[contains(@class, 'errorlist') or contains(@class, 'errors')]")
    return "; ".join(element.text_content().strip() for element in found)
