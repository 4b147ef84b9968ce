"""Bulk reads and writes of a company's cost center rows for the fetch upsert.

The upsert touches thousands of rows in a few statements. Reading and updating go through
plain SQL on the model's own table and columns: building a model instance and compiling
every value through the ORM cost more than the database work itself (half the time of a
10,000-item fetch). New rows still go through ``bulk_create``, which returns their ids.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from django.db import connection, models

from costcenters.models import CostCenter

BATCH_SIZE = 500


class Stored(NamedTuple):
    """One existing row, as the upsert compares it (``is_active`` may read 0/1 on SQLite)."""

    id: int
    source: str
    dimension_name: str
    netvisor_key: int | None
    name: str
    netvisor_name: str
    code: str
    label: str
    level: int
    sort: int
    parent_id: int | None
    is_active: bool


# Written on every fetched row, in this order, followed by updated_at and the row's id.
UPDATED_FIELDS = (
    "name", "netvisor_name", "code", "label", "source", "dimension_name", "netvisor_key",
    "level", "sort", "is_active", "parent",
)  # fmt: skip


def _column(field_name: str) -> str:
    """The quoted column of a field, by name or attname ("parent" or "parent_id")."""
    field = CostCenter._meta.get_field(field_name)
    assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
    assert field.column is not None  # set for every concrete field
    return connection.ops.quote_name(field.column)


def _table() -> str:
    return connection.ops.quote_name(CostCenter._meta.db_table)


def read_stored(company_id: int) -> list[Stored]:
    """Every cost center row of the company (active or not, fetched or local). One query."""
    columns = ", ".join(_column(name) for name in Stored._fields)
    with connection.cursor() as cursor:
        # Only identifiers from the model's own metadata are formatted in; values are parameters.
        sql = f"SELECT {columns} FROM {_table()} WHERE {_column('company')} = %s"  # noqa: S608
        cursor.execute(sql, [company_id])
        return list(map(Stored._make, cursor.fetchall()))


def update_rows(rows: list[tuple[Any, ...]], *, now: datetime) -> None:
    """Overwrite existing rows by id. Each row holds the values of UPDATED_FIELDS, then the id.

    One ``executemany`` per call (one statement prepared once, run per row).
    """
    if not rows:
        return
    assignments = ", ".join(f"{_column(name)} = %s" for name in (*UPDATED_FIELDS, "updated_at"))
    sql = f"UPDATE {_table()} SET {assignments} WHERE {_column('id')} = %s"  # noqa: S608 (as above)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*row[:-1], stamp, row[-1]) for row in rows])


def insert_rows(objects: list[CostCenter]) -> None:
    """INSERT new rows in batches; each object gets its id."""
    CostCenter.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def deactivate_rows(ids: list[int], *, now: datetime) -> None:
    for offset in range(0, len(ids), BATCH_SIZE):
        CostCenter.objects.filter(pk__in=ids[offset : offset + BATCH_SIZE]).update(is_active=False, updated_at=now)
