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
from expenses.models.setup import ApproverAssignment, ExpenseSettings, PaymentMethod, PurchaseType

__all__ = [
    "ApproverAssignment",
    "Attachment",
    "Expense",
    "ExpenseLine",
    "ExpenseSettings",
    "Kind",
    "MileageDetails",
    "MileageLeg",
    "PaymentMethod",
    "PerDiemDetails",
    "PurchaseType",
    "State",
    "Transition",
]
