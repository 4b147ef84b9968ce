from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costcenters.models import CostCenter
from expenses.models import Expense
from expenses.rules import rates_on
from expenses.services import create_receipt, update_expense
from expenses.services.inputs import LineInput
from tests.expenses.conftest import receipt_input
from tests.factories import CompanyFactory, PurchaseTypeFactory

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_receipt_is_saved_with_vat_split_lines(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    line = expense.lines.get()
    assert (expense.kind, expense.state, expense.amount, expense.amount_eur) == (
        "receipt",
        "draft",
        Decimal("124.00"),
        Decimal("124.00"),
    )
    # 124.00 × 13.5 / 113.5 = 14.748… → 14.75
    assert (line.vat_amount, line.net_amount) == (Decimal("14.75"), Decimal("109.25"))


def test_lines_split_across_purchase_types_sum_to_total(office):
    lines = (
        LineInput(amount=Decimal("100.00"), vat_rate=Decimal("25.5"), purchase_type=office.purchase_type),
        LineInput(amount=Decimal("24.00"), vat_rate=Decimal("13.5"), purchase_type=office.purchase_type),
    )
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, lines=lines))

    assert sum(line.amount for line in expense.lines.all()) == expense.amount


def test_foreign_currency_stores_rate_source_date_and_euros(office):
    data = receipt_input(
        office,
        "108.50",
        currency="usd",
        exchange_rate=Decimal("1.0850"),
        rate_source="",
        rate_date=date(2026, 3, 1),
        lines=(LineInput(amount=Decimal("108.50"), vat_rate=Decimal("0")),),
    )
    expense = create_receipt(company=office.company, owner=office.employee, data=data)

    assert (expense.currency, expense.amount, expense.amount_eur) == ("USD", Decimal("108.50"), Decimal("100.00"))
    assert (expense.exchange_rate, expense.rate_date, expense.rate_entered_by) == (
        Decimal("1.085"),
        date(2026, 3, 1),
        office.employee,
    )
    assert expense.lines.get().amount_eur == Decimal("100.00")


@pytest.mark.parametrize("amount", ["-5.00", "0", "1000000.01", "12.345"])
def test_bad_amount_is_refused_on_the_amount_field(office, amount):
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, amount))

    assert "amount" in errors_of(excinfo)
    assert not Expense.objects.exists()


def test_foreign_amount_over_a_million_euros_is_refused(office):
    data = receipt_input(
        office,
        "999999.00",
        currency="USD",
        exchange_rate=Decimal("0.5"),
        lines=(LineInput(amount=Decimal("999999.00"), vat_rate=Decimal("0")),),
    )
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=data)

    assert "amount" in errors_of(excinfo)


def test_foreign_currency_needs_a_rate(office):
    data = receipt_input(office, currency="SEK", exchange_rate=Decimal("0"))
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=data)

    assert "exchange_rate" in errors_of(excinfo)


def test_vat_rate_not_in_force_on_the_date_is_refused(office):
    # 24 % ended on 31.8.2024; 13.5 % begins 1.1.2026.
    lines = (LineInput(amount=Decimal("124.00"), vat_rate=Decimal("24")),)
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, lines=lines))

    assert "lines.0.vat_rate" in errors_of(excinfo)
    assert not Expense.objects.exists()


def test_cost_center_of_another_company_is_refused(office):
    foreign = CostCenter.objects.create(company=CompanyFactory(), name="Theirs")
    lines = (LineInput(amount=Decimal("124.00"), vat_rate=Decimal("13.5"), cost_center=foreign),)
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, lines=lines))

    assert "lines.0.cost_center" in errors_of(excinfo)
    assert not Expense.objects.exists()


def test_inactive_cost_center_is_refused(office):
    CostCenter.objects.filter(pk=office.cost_center.pk).update(is_active=False)
    office.cost_center.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))

    assert "lines.0.cost_center" in errors_of(excinfo)


def test_purchase_type_and_payment_method_of_another_company_are_refused(office):
    other = CompanyFactory()
    lines = (
        LineInput(amount=Decimal("124.00"), vat_rate=Decimal("13.5"), purchase_type=PurchaseTypeFactory(company=other)),
    )
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, lines=lines))

    assert "lines.0.purchase_type" in errors_of(excinfo)


def test_lines_that_do_not_sum_to_the_total_are_refused(office):
    lines = (LineInput(amount=Decimal("100.00"), vat_rate=Decimal("13.5")),)
    with pytest.raises(ValidationError) as excinfo:
        create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, lines=lines))

    assert "lines" in errors_of(excinfo)


def test_failed_edit_leaves_the_expense_as_it_was(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    bad = receipt_input(office, "50.00", lines=(LineInput(amount=Decimal("50.00"), vat_rate=Decimal("24")),))

    with pytest.raises(ValidationError):
        update_expense(expense=expense, actor=office.employee, data=bad)

    expense.refresh_from_db()
    assert expense.amount == Decimal("124.00")
    assert expense.lines.get().amount == Decimal("124.00")


def test_only_the_owner_edits(office):
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    with pytest.raises(ValidationError):
        update_expense(
            expense=expense,
            actor=office.approver,
            data=receipt_input(office, "10.00", lines=(LineInput(amount=Decimal("10.00"), vat_rate=Decimal("13.5")),)),
        )


cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("20000"), places=2)
rates = st.decimals(min_value=Decimal("0.2"), max_value=Decimal("200"), places=4)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def dated_lines(draw):
    """A purchase date and 1–6 lines, each with a VAT rate in force on that date."""
    day = draw(days)
    valid = [rate.percent for rate in rates_on(day)]
    amounts = draw(st.lists(cents, min_size=1, max_size=6))
    return day, tuple(LineInput(amount=amount, vat_rate=draw(st.sampled_from(valid))) for amount in amounts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=dated_lines(), rate=st.one_of(st.none(), rates))
def test_lines_always_sum_to_the_total_in_both_currencies(office, case, rate):
    day, lines = case
    total = sum((line.amount for line in lines), Decimal(0))
    currency = "EUR" if rate is None else "SEK"
    data = receipt_input(office, str(total), date=day, currency=currency, exchange_rate=rate, lines=lines)

    expense = create_receipt(company=office.company, owner=office.employee, data=data)

    saved = list(expense.lines.all())
    assert sum(line.amount for line in saved) == expense.amount == total
    assert sum(line.amount_eur for line in saved) == expense.amount_eur
    assert all(line.net_amount + line.vat_amount == line.amount_eur for line in saved)
    assert [line.vat_rate for line in saved] == [line.vat_rate for line in lines]
