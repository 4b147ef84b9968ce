from expenses.forms.actions import AttachmentForm, CorrectAmountForm, FilterForm, RejectForm
from expenses.forms.allowances import LegFormSet, MileageForm, PerDiemForm
from expenses.forms.errors import apply_errors
from expenses.forms.receipt import LineFormSet, ReceiptForm

__all__ = [
    "AttachmentForm",
    "CorrectAmountForm",
    "FilterForm",
    "LegFormSet",
    "LineFormSet",
    "MileageForm",
    "PerDiemForm",
    "ReceiptForm",
    "RejectForm",
    "apply_errors",
]
