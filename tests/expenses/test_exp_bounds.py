"""Bounds on the work one expense can cause: lines, legs and list sizes, on the page, in the API and in the service."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from expenses.models import Expense
from expenses.services import create_mileage, create_receipt
from expenses.services.inputs import LegInput, LineInput
from expenses.services.recording import MAX_LEGS, MAX_LINES
from tests.expenses.conftest import mileage_input, receipt_input
from tests.expenses.test_exp_api import api, receipt_body
from tests.expenses.test_exp_pages import receipt_post

pytestmark = pytest.mark.django_db


def lines(office, count: int) -> tuple[LineInput, ...]:
    return tuple(
        LineInput(amount=Decimal("1.00"), vat_rate=Decimal("13.5"), purchase_type=office.purchase_type)
        for _ in range(count)
    )


def test_the_service_refuses_more_lines_than_the_bound(office):
    data = receipt_input(office, amount=f"{MAX_LINES + 1}.00", lines=lines(office, MAX_LINES + 1))

    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=data)

    assert excinfo.value.message_dict["lines"] == [f"An expense can have at most {MAX_LINES} lines."]
    assert not Expense.objects.exists()


def test_the_service_accepts_exactly_the_bound(office):
    data = receipt_input(office, amount=f"{MAX_LINES}.00", lines=lines(office, MAX_LINES))

    expense = create_receipt(company=office.company, owner=office.employee, data=data)

    assert expense.lines.count() == MAX_LINES


def test_the_service_refuses_more_legs_than_the_bound(office):
    legs = tuple(LegInput("Helsinki", "Espoo", Decimal("1")) for _ in range(MAX_LEGS + 1))

    with pytest.raises(ValidationError) as excinfo:
        create_mileage(company=office.company, owner=office.employee, data=mileage_input(legs=legs))

    assert excinfo.value.message_dict["legs"] == [f"A kilometre allowance can have at most {MAX_LEGS} legs."]
    assert not Expense.objects.exists()


def test_the_api_refuses_a_body_with_too_many_lines(office):
    line = {"purchase_type": office.purchase_type.pk, "amount": "1.00", "vat_rate": "13.5"}
    body = receipt_body(office, amount=f"{MAX_LINES + 1}.00", lines=[line] * (MAX_LINES + 1))

    response = api(office.employee).post("/api/v1/expenses/", body, format="json")

    assert response.status_code == 400
    assert "lines" in response.json()
    assert not Expense.objects.exists()


def test_the_api_refuses_too_many_legs(office):
    body = {
        "kind": "mileage",
        "date": "2026-03-02",
        "description": "Customer visit",
        "legs": [{"start": "Helsinki", "end": "Espoo", "km": "1"}] * (MAX_LEGS + 1),
    }

    response = api(office.employee).post("/api/v1/expenses/", body, format="json")

    assert response.status_code == 400
    assert "legs" in response.json()
    assert not Expense.objects.exists()


def test_the_api_refuses_free_meals_for_more_days_than_a_trip_has(office):
    body = {
        "kind": "per_diem",
        "description": "Trade fair",
        "departure": "2026-03-02T08:00:00+02:00",
        "return_at": "2026-03-02T18:00:00+02:00",
        "free_meals": [0] * 20_000,
    }

    response = api(office.employee).post("/api/v1/expenses/", body, format="json")

    assert response.status_code == 400
    assert "free_meals" in response.json()


def receipt_rows(office, count: int) -> dict[str, object]:
    data = receipt_post(office, amount=f"{count}.00", **{"lines-TOTAL_FORMS": str(count)})
    for index in range(count):
        data[f"lines-{index}-purchase_type"] = office.purchase_type.pk
        data[f"lines-{index}-amount"] = "1.00"
        data[f"lines-{index}-vat_rate"] = "13.5"
    return data


def test_the_page_refuses_more_rows_than_the_bound(office, login):
    response = login(office.employee).post(reverse("expenses:new_receipt"), receipt_rows(office, MAX_LINES + 1))

    assert response.status_code == 400
    assert response.context["formset"].non_form_errors()
    assert not Expense.objects.exists()


def test_the_page_refuses_a_huge_row_count_without_building_the_rows(office, login):
    data = receipt_rows(office, 2)
    data["lines-TOTAL_FORMS"] = "20000"

    response = login(office.employee).post(reverse("expenses:new_receipt"), data)

    assert response.status_code == 400
    assert len(response.context["formset"].forms) <= MAX_LINES
    assert not Expense.objects.exists()


def test_the_page_saves_exactly_the_bound_and_edits_it(office, login):
    client = login(office.employee)

    saved = client.post(reverse("expenses:new_receipt"), receipt_rows(office, MAX_LINES))

    expense = Expense.objects.get()
    assert saved.status_code == 302 and expense.lines.count() == MAX_LINES
    edit_page = client.get(reverse("expenses:edit", kwargs={"expense_id": expense.pk}))
    assert edit_page.status_code == 200
    assert len(edit_page.context["formset"].forms) == MAX_LINES
