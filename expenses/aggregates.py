"""Sums of money columns that are exact on every database.

SQLite keeps a decimal column as a floating-point number and sums it as one: 1,000 amounts of
9,999,999,999.99 and three of 0.01 sum to …990.209 there instead of …990.03. Summing whole cents
(each rounded back to an integer first) is exact on SQLite up to 2^53 cents and on PostgreSQL always.
"""

from decimal import Decimal
from typing import Any

from django.db.models import F, IntegerField, Sum, Value
from django.db.models.functions import Coalesce, Round


def cents_sum(field: str) -> Coalesce:
    """An aggregate of ``field`` in whole cents; read it with :func:`from_cents`."""
    return Coalesce(Sum(Round(F(field) * 100)), Value(0), output_field=IntegerField())


def from_cents(value: Any) -> Decimal:
    """The euro amount of a :func:`cents_sum` result (an int, a Decimal or an integral float)."""
    return Decimal(int(value)).scaleb(-2)
