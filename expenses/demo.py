"""Demo data for `make run`: an approver for the employee, a bank account and a few expenses.

Everything goes through the same services as the pages, so the demo shows real calculations
(the rates valid on each date) and a real approval inbox.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from companies.models import Company
from expenses import services
from expenses.models import Expense
from expenses.services.inputs import LegInput, LineInput, MileageInput, PerDiemInput, ReceiptInput
from expenses.services.setup import assign_approver, set_iban

DEMO_IBAN = "FI2112345600000785"  # the standard example account of Finnish banks


def seed_demo_expenses(*, company: Company, employee: User, approver: User, admin: User) -> None:
    """Idempotent: does nothing once the employee has expenses in ``company``."""
    assign_approver(company=company, employee=employee, approver=approver, actor=admin)
    if not employee.iban:
        set_iban(user=employee, iban=DEMO_IBAN)
    if Expense.objects.filter(company=company, owner=employee).exists():
        return
    today = timezone.localdate()
    receipt = services.create_receipt(company=company, owner=employee, data=_taxi_receipt(company, today))
    services.submit_expense(expense=receipt, actor=employee)
    trip = services.create_mileage(company=company, owner=employee, data=_customer_visit(today))
    services.submit_expense(expense=trip, actor=employee)
    services.create_per_diem(company=company, owner=employee, data=_trip_to_tampere(today))
    # One already approved, so "Send to accounting now" has something to send on the first try.
    tickets = services.create_receipt(company=company, owner=employee, data=_train_tickets(company, today))
    services.submit_expense(expense=tickets, actor=employee)
    services.approve_expense(expense=tickets, actor=approver)


def _taxi_receipt(company: Company, day: date) -> ReceiptInput:
    travel = company.purchase_types.filter(name="Matkakulut").first()
    own_money = company.payment_methods.filter(kind="own_money").first()
    amount = Decimal("38.60")
    return ReceiptInput(
        date=day,
        description="Taksi asiakastapaamiseen",
        amount=amount,
        payment_method=own_money,
        lines=(LineInput(amount=amount, vat_rate=Decimal("13.5"), purchase_type=travel),),
    )


def _train_tickets(company: Company, day: date) -> ReceiptInput:
    travel = company.purchase_types.filter(name="Matkakulut").first()
    own_money = company.payment_methods.filter(kind="own_money").first()
    amount = Decimal("52.40")
    return ReceiptInput(
        date=day - timedelta(days=1),
        description="Junaliput Tampereelle",
        amount=amount,
        payment_method=own_money,
        lines=(LineInput(amount=amount, vat_rate=Decimal("13.5"), purchase_type=travel),),
    )


def _customer_visit(day: date) -> MileageInput:
    return MileageInput(
        date=day,
        description="Asiakaskäynti Espoossa",
        legs=(LegInput("Helsinki", "Espoo", Decimal("24")), LegInput("Espoo", "Helsinki", Decimal("24"))),
    )


def _trip_to_tampere(day: date) -> PerDiemInput:
    departure = timezone.make_aware(datetime.combine(day - timedelta(days=1), time(7, 0)))
    return PerDiemInput(
        description="Messut Tampereella",
        departure=departure,
        return_at=departure + timedelta(hours=13, minutes=30),
        free_meals=(1,),
    )
