"""The expense setup a new company starts with, so that its people can record expenses on day one.

Account numbers follow the common Finnish chart of accounts (the one Netvisor's default chart is
based on); an admin changes them under Expense setup when the company's own chart differs. VAT
rates are only the pre-filled choice of a line: the rate valid on the receipt's date is checked
when it is saved.
"""

from decimal import Decimal

from django.db import transaction

from audit.services import record_audit
from companies.models import Company
from expenses.models import ExpenseSettings, PaymentMethod, PurchaseType

# (name, expense account, default VAT %)
PURCHASE_TYPES = (
    ("Matkakulut", "7000", Decimal("13.5")),
    ("Edustuskulut", "7600", Decimal("0")),  # entertainment: no VAT deduction in Finland
    ("Toimistotarvikkeet", "7700", Decimal("25.5")),
    ("ATK-kulut", "7800", Decimal("25.5")),
    ("Puhelinkulut", "6800", Decimal("25.5")),
)
# (name, kind, counter account)
PAYMENT_METHODS = (
    ("Omat rahat", PaymentMethod.Kind.OWN_MONEY, "2940"),
    ("Yrityskortti", PaymentMethod.Kind.COMPANY_CARD, "2871"),
)
ACCOUNTS = {"employee_payable_account": "2940", "mileage_account": "7010", "per_diem_account": "7020"}


def create_default_setup(*, company: Company) -> None:
    """Give ``company`` default purchase types, payment methods and accounts.

    Does nothing for a company that already has purchase types or payment methods, so it is
    safe to repeat and never overrides an admin's choices.
    """
    if company.purchase_types.exists() or company.payment_methods.exists():  # type: ignore[attr-defined]
        return
    with transaction.atomic():
        PurchaseType.objects.bulk_create(
            PurchaseType(company=company, name=name, account_number=account, default_vat_rate=vat)
            for name, account, vat in PURCHASE_TYPES
        )
        PaymentMethod.objects.bulk_create(
            PaymentMethod(company=company, name=name, kind=kind, counter_account=account)
            for name, kind, account in PAYMENT_METHODS
        )
        ExpenseSettings.objects.update_or_create(company=company, defaults=ACCOUNTS)
        record_audit(action="expenses.default_setup_created", company=company, obj=company)
