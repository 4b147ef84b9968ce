"""Finnish money, VAT, kilometre allowance and per diem rules (plain Python, no Django; only
``wording.localized()`` reads the active Django language, to render explanations in it).

Public API::

    from expenses.rules import calculate_mileage, calculate_per_diem, split_gross, ...
"""

from .errors import InvalidAmount, InvalidTrip, RateNotAvailable, RuleError
from .mileage import ExplanationLine, MileageResult, calculate_mileage
from .money import (
    ConvertedAmount,
    VatSplit,
    allocate,
    convert_to_eur,
    ensure_decimal,
    quantize_cents,
    split_gross,
    to_eur,
)
from .per_diem import (
    MealAllowanceResult,
    PerDiemResult,
    TravelDayResult,
    calculate_meal_allowance,
    calculate_per_diem,
)
from .tables import (
    Allowance,
    AllowanceTable,
    DayRateMissing,
    EnteredRate,
    ForeignRate,
    allowance,
    foreign_per_diem,
    has_figure,
    table_for,
)
from .vat import (
    NETVISOR_VAT_CODE_DOMESTIC_PURCHASE,
    NETVISOR_VAT_CODE_NONE,
    VatRate,
    is_valid_rate,
    rate_on,
    rates_on,
)

__all__ = [
    "NETVISOR_VAT_CODE_DOMESTIC_PURCHASE",
    "NETVISOR_VAT_CODE_NONE",
    "Allowance",
    "AllowanceTable",
    "ConvertedAmount",
    "DayRateMissing",
    "EnteredRate",
    "ExplanationLine",
    "ForeignRate",
    "InvalidAmount",
    "InvalidTrip",
    "MealAllowanceResult",
    "MileageResult",
    "PerDiemResult",
    "RateNotAvailable",
    "RuleError",
    "TravelDayResult",
    "VatRate",
    "VatSplit",
    "allocate",
    "allowance",
    "calculate_meal_allowance",
    "calculate_mileage",
    "calculate_per_diem",
    "convert_to_eur",
    "ensure_decimal",
    "foreign_per_diem",
    "has_figure",
    "is_valid_rate",
    "quantize_cents",
    "rate_on",
    "rates_on",
    "split_gross",
    "table_for",
    "to_eur",
]
