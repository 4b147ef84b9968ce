from expenses.models.attachment import Attachment
from expenses.models.expense import (
    Expense,
    ExpenseLine,
    Kind,
    MileageDetails,
    MileageLeg,
    PerDiemDetails,
    State,
    Transition,
)
from expenses.models.foreign_rates import ForeignPerDiemRate
from expenses.models.setup import ApproverAssignment, ExpenseSettings, PaymentMethod, PurchaseType, VatClass

__all__ = [
    "ApproverAssignment",
    "Attachment",
    "Expense",
    "ExpenseLine",
    "ExpenseSettings",
    "ForeignPerDiemRate",
    "Kind",
    "MileageDetails",
    "MileageLeg",
    "PaymentMethod",
    "PerDiemDetails",
    "PurchaseType",
    "State",
    "Transition",
    "VatClass",
]
