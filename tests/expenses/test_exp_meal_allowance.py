"""Meal allowance (ateriakorvaus): only for a working day that gives no per diem.

2025: one meal 13.25 €, two meals 26.50 €; 2026: one meal 13.50 €, two meals 27.00 €.
"""

from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from expenses.models import Expense
from expenses.services import create_per_diem
from tests.expenses.conftest import HELSINKI, per_diem_input
from tests.expenses.test_exp_api import api

pytestmark = pytest.mark.django_db


def short_trip(year, meals):
    # 08:00–13:00: 5 h, not over 6 h, so no per diem.
    return per_diem_input(
        departure=datetime(year, 3, 2, 8, tzinfo=HELSINKI),
        return_at=datetime(year, 3, 2, 13, tzinfo=HELSINKI),
        free_meals=(),
        meal_allowance_meals=meals,
    )


@pytest.mark.parametrize(
    ("year", "meals", "amount"),
    [(2025, 1, "13.25"), (2025, 2, "26.50"), (2026, 1, "13.50"), (2026, 2, "27.00")],
)
def test_meal_allowance_for_a_short_trip(office, year, meals, amount):
    expense = create_per_diem(company=office.company, owner=office.employee, data=short_trip(year, meals))

    assert expense.amount == Decimal(amount)
    label = "one meal" if meals == 1 else "two meals"
    assert expense.calculation_lines == [
        "5 h, one travel day → no per diem (not over 6 h)",
        f"2 Mar {year}: meal allowance, {label}, no per diem paid → {amount} €",
    ]
    assert expense.per_diem.meal_allowance_meals == meals


def test_no_meal_allowance_next_to_a_per_diem(office):
    data = per_diem_input(meal_allowance_meals=1)  # 6 h 40 min: a partial per diem is paid

    with pytest.raises(ValidationError) as excinfo:
        create_per_diem(company=office.company, owner=office.employee, data=data)

    assert "only when no per diem is paid" in excinfo.value.message_dict["meal_allowance_meals"][0]
    assert not Expense.objects.exists()


def test_a_short_trip_without_meal_allowance_is_still_refused(office):
    with pytest.raises(ValidationError) as excinfo:
        create_per_diem(company=office.company, owner=office.employee, data=short_trip(2026, 0))

    assert "gives no per diem" in excinfo.value.message_dict["return_at"][0]


def test_meal_allowance_through_the_api(office):
    body = {
        "kind": "per_diem",
        "description": "Customer workshop",
        "departure": "2026-03-02T08:00:00+02:00",
        "return_at": "2026-03-02T13:00:00+02:00",
        "meal_allowance_meals": 2,
    }

    response = api(office.employee).post("/api/v1/expenses/", body, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == "27.00"
    assert response.json()["per_diem"]["meal_allowance_meals"] == 2
    assert response.json()["mileage"] is None


def test_the_per_diem_form_offers_the_meal_allowance(office, login):
    from django.urls import reverse

    client = login(office.employee)
    response = client.post(
        reverse("expenses:new_per_diem"),
        {
            "description": "Customer workshop",
            "departure": "2026-03-02T08:00",
            "return_at": "2026-03-02T13:00",
            "destination": "FI",
            "meal_allowance_meals": "1",
        },
    )

    assert response.status_code == 302
    assert Expense.objects.get().amount == Decimal("13.50")
