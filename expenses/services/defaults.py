"""The expense setup a new company starts with, so that its people can record expenses on day one.

Account numbers follow the common Finnish chart of accounts (the one Netvisor's default chart is
based on); an admin changes them under Expense setup when the company's own chart differs. A
purchase type's VAT class pre-fills its lines with the percent of that class on the receipt's date.
"""

from django.db import transaction

from audit.services import record_audit
from companies.models import Company
from expenses.models import ExpenseSettings, PaymentMethod, PurchaseType, VatClass

# (name, expense account, default VAT class)
PURCHASE_TYPES = (
    ("Matkakulut", "7000", VatClass.REDUCED_FOOD),  # passenger transport and accommodation: 14 % / 13.5 %
    ("Edustuskulut", "7600", VatClass.ZERO),  # entertainment: no VAT deduction in Finland
    ("Toimistotarvikkeet", "7700", VatClass.GENERAL),
    ("ATK-kulut", "7800", VatClass.GENERAL),
    ("Puhelinkulut", "6800", VatClass.GENERAL),
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
    if company.purchase_types.exists() or company.payment_methods.exists():
        return
    with transaction.atomic():
        PurchaseType.objects.bulk_create(
            PurchaseType(company=company, name=name, account_number=account, vat_class=vat_class)
            for name, account, vat_class in PURCHASE_TYPES
        )
        PaymentMethod.objects.bulk_create(
            PaymentMethod(company=company, name=name, kind=kind, counter_account=account)
            for name, kind, account in PAYMENT_METHODS
        )
        ExpenseSettings.objects.update_or_create(company=company, defaults=ACCOUNTS)
        record_audit(action="expenses.default_setup_created", company=company, obj=company)
