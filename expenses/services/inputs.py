"""Parsed, typed input of the expense services: forms and serializers build these."""

import datetime as dt
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from costcenters.models import CostCenter
from expenses.ecb import EcbRate
from expenses.models import PaymentMethod, PurchaseType


@dataclass(frozen=True)
class LineInput:
    amount: Decimal
    # None: the percent of the purchase type's VAT class on the receipt's date.
    vat_rate: Decimal | None
    purchase_type: PurchaseType | None = None
    cost_center: CostCenter | None = None
    description: str = ""


@dataclass(frozen=True)
class ReceiptInput:
    date: date
    description: str
    amount: Decimal
    lines: tuple[LineInput, ...]
    payment_method: PaymentMethod | None = None
    currency: str = "EUR"
    # None on a foreign-currency receipt: the ECB reference rate is fetched, when reachable.
    exchange_rate: Decimal | None = None
    # With a typed rate: the user's note of where it comes from (stored as "Entered by NAME: note").
    rate_source: str = ""
    rate_date: dt.date | None = None  # dt.: inside the class, ``date`` is the field above
    # Who typed the input; set by the services from the signed-in user, never from the input itself.
    entered_by: str = ""
    # Set only by ``resolve_exchange_rate``, never from what a user typed: the ECB rate fetched before
    # the saving transaction, so that no network call holds the database's write lock.
    fetched_rate: EcbRate | None = None


@dataclass(frozen=True)
class LegInput:
    start: str
    end: str
    km: Decimal


@dataclass(frozen=True)
class MileageInput:
    date: date
    description: str
    legs: tuple[LegInput, ...]
    vehicle: str = "car"
    passengers: int = 0
    trailer: bool = False
    heavy_load: bool = False
    cost_center: CostCenter | None = None


@dataclass(frozen=True)
class PerDiemInput:
    description: str
    departure: datetime
    return_at: datetime
    destination: str = "FI"
    city: str = ""
    free_meals: tuple[int, ...] = field(default_factory=tuple)
    cost_center: CostCenter | None = None
    # 1 or 2: a meal allowance instead of a per diem, when the trip gives none.
    meal_allowance_meals: int = 0
    # Abroad: the foreign per diem the traveller read in the decision, used only for a country and year
    # that have no figure (built in or entered by the company); the expense is then flagged for the approver.
    day_rate: Decimal | None = None
