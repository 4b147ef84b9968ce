"""A date in the company's locked accounting period is refused on the field, and nothing is saved."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from expenses.models import Expense, ExpenseSettings
from expenses.services import create_mileage, create_per_diem, create_receipt, submit_expense
from tests.expenses.conftest import HELSINKI, mileage_input, per_diem_input, receipt_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def locked(office):
    ExpenseSettings.objects.filter(company=office.company).update(locked_until=date(2026, 3, 2))
    return office


def test_receipt_dated_in_the_locked_period_is_refused(locked):
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=locked.company, owner=locked.employee, data=receipt_input(locked))

    assert "locked until" in excinfo.value.message_dict["date"][0]
    assert not Expense.objects.exists()


def test_the_day_after_the_lock_is_open(locked):
    data = receipt_input(locked, date=date(2026, 3, 3))
    assert create_receipt(company=locked.company, owner=locked.employee, data=data).date == date(2026, 3, 3)


def test_mileage_and_per_diem_are_checked_too(locked):
    with pytest.raises(ValidationError) as mileage:
        create_mileage(company=locked.company, owner=locked.employee, data=mileage_input())
    with pytest.raises(ValidationError) as per_diem:
        create_per_diem(company=locked.company, owner=locked.employee, data=per_diem_input())

    assert "date" in mileage.value.message_dict
    assert "departure" in per_diem.value.message_dict
    assert not Expense.objects.exists()


def test_a_per_diem_departing_just_after_midnight_local_time_counts_as_that_day(locked):
    # 00:30 in Helsinki on 3.3. is still 2.3. in UTC; the local day decides.
    data = per_diem_input(
        departure=datetime(2026, 3, 3, 0, 30, tzinfo=HELSINKI), return_at=datetime(2026, 3, 3, 11, tzinfo=HELSINKI)
    )
    expense = create_per_diem(company=locked.company, owner=locked.employee, data=data)
    assert expense.date == date(2026, 3, 3)


def test_a_draft_cannot_be_submitted_once_its_period_is_locked(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    ExpenseSettings.objects.filter(company=office.company).update(locked_until=date(2026, 3, 31))

    with pytest.raises(ValidationError) as excinfo:
        submit_expense(expense=expense, actor=office.employee)

    assert "locked until" in excinfo.value.message_dict["date"][0]
    expense.refresh_from_db()
    assert expense.state == "draft" and not expense.history.exists()


def test_the_form_shows_the_lock_on_the_date_field(locked, login):
    client = login(locked.employee)
    response = client.post(
        reverse("expenses:new_mileage"),
        {
            "date": "2026-03-01",
            "description": "Customer visit",
            "vehicle": "car",
            "passengers": "0",
            "legs-TOTAL_FORMS": "1",
            "legs-INITIAL_FORMS": "0",
            "legs-0-start": "Helsinki",
            "legs-0-end": "Espoo",
            "legs-0-km": "25",
        },
    )

    assert response.status_code == 400
    assert "locked until" in str(response.context["form"].errors["date"])
    assert not Expense.objects.exists()


def test_an_admin_sets_the_lock_date(office, login):
    client = login(office.admin)
    response = client.post(
        reverse("expenses:setup"),
        {"employee_payable_account": "2940", "locked_until": "2026-01-31", "duplicate_check_enabled": "on"},
    )

    assert response.status_code == 302
    assert ExpenseSettings.objects.get(company=office.company).locked_until == date(2026, 1, 31)


def test_the_live_preview_warns_about_the_lock(locked, login):
    client = login(locked.employee)
    response = client.post(
        reverse("expenses:preview") + "?kind=per_diem",
        {"description": "Fair", "departure": "2026-03-02T08:00", "return_at": "2026-03-02T19:00", "destination": "FI"},
    )

    body = response.json()
    assert body["ok"] is False and "locked until" in body["errors"]["departure"][0]
