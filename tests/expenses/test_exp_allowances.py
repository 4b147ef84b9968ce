from datetime import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from expenses.models import Expense
from expenses.rules import calculate_mileage, calculate_per_diem
from expenses.services import create_mileage, create_per_diem, update_expense
from tests.expenses.conftest import DAY, HELSINKI, mileage_input, per_diem_input

pytestmark = pytest.mark.django_db


def test_mileage_amount_is_the_rules_calculation(office):
    expense = create_mileage(company=office.company, owner=office.employee, data=mileage_input())

    expected = calculate_mileage(DAY, [Decimal("25"), Decimal("25.5")], "car", passengers=1)
    assert expense.amount == expense.amount_eur == expected.total
    assert expense.calculation_lines[: len(expected.lines)] == [line.text for line in expected.lines]
    assert expense.mileage.total_km == Decimal("50.5")
    assert [leg.start for leg in expense.legs.all()] == ["Helsinki", "Espoo"]
    assert expense.lines.get().amount == expected.total


def test_motorcycle_with_trailer_is_refused_on_the_field(office):
    with pytest.raises(ValidationError) as excinfo:
        create_mileage(
            company=office.company,
            owner=office.employee,
            data=mileage_input(vehicle="motorcycle", passengers=0, trailer=True),
        )

    assert "trailer" in excinfo.value.message_dict
    assert not Expense.objects.exists()


def test_leg_without_kilometres_is_refused(office):
    from expenses.services.inputs import LegInput

    with pytest.raises(ValidationError) as excinfo:
        create_mileage(
            company=office.company, owner=office.employee, data=mileage_input(legs=(LegInput("A", "B", Decimal("-3")),))
        )

    assert "legs" in excinfo.value.message_dict


def test_per_diem_amount_and_explanation_are_the_rules_calculation(office):
    data = per_diem_input()
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)

    expected = calculate_per_diem(data.departure, data.return_at, "FI", [1])
    # 6 h 40 min, one travel day → partial per diem 25.00 €; 1 free meal → 12.50 €
    assert expense.amount == expected.total == Decimal("12.50")
    assert expense.calculation_lines == expected.lines
    assert expense.date == DAY
    assert expense.per_diem.free_meals == [1]


def test_foreign_per_diem(office):
    data = per_diem_input(
        departure=datetime(2026, 3, 2, 6, 0, tzinfo=HELSINKI),
        return_at=datetime(2026, 3, 3, 20, 0, tzinfo=HELSINKI),
        destination="SE",
        free_meals=(),
    )
    expense = create_per_diem(company=office.company, owner=office.employee, data=data)

    assert expense.amount == calculate_per_diem(data.departure, data.return_at, "SE", []).total


def test_return_before_departure_is_refused_on_the_return_field(office):
    data = per_diem_input(return_at=datetime(2026, 3, 2, 7, 0, tzinfo=HELSINKI))

    with pytest.raises(ValidationError) as excinfo:
        create_per_diem(company=office.company, owner=office.employee, data=data)

    assert "return_at" in excinfo.value.message_dict
    assert not Expense.objects.exists()


def test_trip_without_any_per_diem_is_refused(office):
    data = per_diem_input(return_at=datetime(2026, 3, 2, 11, 0, tzinfo=HELSINKI))

    with pytest.raises(ValidationError) as excinfo:
        create_per_diem(company=office.company, owner=office.employee, data=data)

    assert "not over 6 h" in str(excinfo.value.message_dict["return_at"])


def test_editing_a_per_diem_recalculates(office):
    expense = create_per_diem(company=office.company, owner=office.employee, data=per_diem_input())

    update_expense(
        expense=expense,
        actor=office.employee,
        data=per_diem_input(return_at=datetime(2026, 3, 2, 19, 0, tzinfo=HELSINKI), free_meals=(0,)),
    )

    expense.refresh_from_db()
    assert expense.amount == Decimal("54.00")
    assert expense.lines.get().amount == Decimal("54.00")


def test_kind_cannot_change_on_edit(office):
    expense = create_per_diem(company=office.company, owner=office.employee, data=per_diem_input())

    with pytest.raises(ValidationError):
        update_expense(expense=expense, actor=office.employee, data=mileage_input())
