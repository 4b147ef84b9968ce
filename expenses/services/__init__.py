"""Writes. Views, forms and serializers call these; reads live in ``expenses.selectors``."""

from expenses.services.attachments import add_attachment, delete_attachment
from expenses.services.correction import correct_amount
from expenses.services.duplicates import dismiss_duplicate
from expenses.services.errors import StateConflict
from expenses.services.recording import (
    calculate_expense,
    create_mileage,
    create_per_diem,
    create_receipt,
    delete_draft,
    kept_when_editing,
    save_expense,
    update_expense,
)
from expenses.services.transitions import (
    approve_all,
    approve_expense,
    move_in_bulk,
    reject_expense,
    submit_expense,
)

__all__ = [
    "StateConflict",
    "add_attachment",
    "approve_all",
    "approve_expense",
    "calculate_expense",
    "correct_amount",
    "create_mileage",
    "create_per_diem",
    "create_receipt",
    "delete_attachment",
    "delete_draft",
    "dismiss_duplicate",
    "kept_when_editing",
    "move_in_bulk",
    "reject_expense",
    "save_expense",
    "submit_expense",
    "update_expense",
]
