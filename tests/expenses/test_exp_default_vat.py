"""A purchase type's default VAT is a rate class: a line left at "default" gets the class's percent on
the receipt's date, on the page, in the live preview and in the API."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from expenses.models import Expense
from tests.expenses.test_exp_api import api
from tests.factories import PurchaseTypeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("vat_class", "day", "percent"),
    [
        ("reduced_food", date(2026, 3, 2), Decimal("13.5")),
        ("reduced_food", date(2025, 6, 1), Decimal("14")),
        ("general", date(2024, 8, 31), Decimal("24")),
        ("general", date(2024, 9, 1), Decimal("25.5")),
        ("reduced_other", date(2026, 3, 2), Decimal("10")),
        ("zero", date(2026, 3, 2), Decimal("0")),
    ],
)
def test_an_api_line_without_a_rate_takes_its_class_percent_on_the_date(office, vat_class, day, percent):
    purchase_type = PurchaseTypeFactory(company=office.company, vat_class=vat_class)
    body = {
        "kind": "receipt",
        "description": "Taxi",
        "date": day.isoformat(),
        "amount": "100.00",
        "payment_method": office.own_money.pk,
        "lines": [{"purchase_type": purchase_type.pk, "amount": "100.00"}],
    }

    response = api(office.employee).post("/api/v1/expenses/", body, format="json")

    assert response.status_code == 201, response.json()
    assert Expense.objects.get(pk=response.json()["id"]).lines.get().vat_rate == percent


def test_a_rate_given_explicitly_wins_over_the_default(office):
    travel = PurchaseTypeFactory(company=office.company, vat_class="reduced_food")
    body = {
        "kind": "receipt",
        "description": "Lunch",
        "date": "2026-03-02",
        "amount": "100.00",
        "payment_method": office.own_money.pk,
        "lines": [{"purchase_type": travel.pk, "amount": "100.00", "vat_rate": "25.5"}],
    }

    response = api(office.employee).post("/api/v1/expenses/", body, format="json")

    assert Expense.objects.get(pk=response.json()["id"]).lines.get().vat_rate == Decimal("25.5")


def page_form(office, purchase_type, vat_rate=""):
    return {
        "date": "2026-03-02",
        "description": "Train",
        "amount": "100.00",
        "currency": "EUR",
        "payment_method": office.own_money.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-purchase_type": purchase_type.pk,
        "lines-0-vat_rate": vat_rate,
    }


def test_the_page_saves_the_default_of_the_chosen_purchase_type(office, login):
    entertainment = PurchaseTypeFactory(company=office.company, vat_class="zero")

    response = login(office.employee).post(reverse("expenses:new_receipt"), page_form(office, entertainment))

    assert response.status_code == 302, response.content.decode()[:2000]
    line = Expense.objects.get(description="Train").lines.get()
    assert (line.vat_rate, line.vat_amount, line.net_amount) == (Decimal("0"), Decimal("0"), Decimal("100.00"))


def test_the_preview_tells_each_purchase_types_default_on_the_date(office, login):
    travel = PurchaseTypeFactory(company=office.company, vat_class="reduced_food")
    url = reverse("expenses:preview") + "?kind=receipt"

    in_2025 = login(office.employee).post(url, {**page_form(office, travel), "date": "2025-06-01"}).json()
    in_2026 = login(office.employee).post(url, page_form(office, travel)).json()

    assert in_2025["default_vat_rates"][str(travel.pk)] == "14"
    assert in_2026["default_vat_rates"][str(travel.pk)] == "13.5"
    assert in_2026["lines"][0]["vat"] == "11.89"  # 100.00 × 13.5 / 113.5 = 11.894… → 11.89
