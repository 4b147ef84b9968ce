"""The export as a CSV file that Excel opens by double-click, in the user's language.

Excel reads a CSV with the separators of the computer's regional settings: a Finnish Excel expects
``;`` between cells and a decimal comma, an English one ``,`` and a decimal point. The byte order mark
makes it read UTF-8 (ä, ö, €) instead of the Windows code page.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

from expenses.rules.money import quantize_cents
from expenses.spreadsheet.rows import Cell, CellType, ExpenseSheet

BYTE_ORDER_MARK = "\ufeff"
# A text cell starting with one of these would run as a formula in a spreadsheet (tab and carriage
# return too: some spreadsheets drop them and read what follows).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class CsvStyle:
    delimiter: str
    decimal_separator: str
    finnish_dates: bool


FINNISH = CsvStyle(delimiter=";", decimal_separator=",", finnish_dates=True)
ENGLISH = CsvStyle(delimiter=",", decimal_separator=".", finnish_dates=False)


def csv_lines(sheet: ExpenseSheet) -> Iterator[str]:
    """The lines of the CSV file, the first one starting with the byte order mark; for a streamed response."""
    style = FINNISH if sheet.is_finnish else ENGLISH
    writer = csv.writer(_Echo(), delimiter=style.delimiter)
    with translation.override(sheet.language):
        yield BYTE_ORDER_MARK + writer.writerow([safe_text(str(column.header)) for column in sheet.columns])
        for row in sheet.rows:
            cells = zip(sheet.columns, row, strict=True)
            yield writer.writerow([format_cell(value, column.type, style) for column, value in cells])


def format_cell(value: Cell, cell_type: CellType, style: CsvStyle) -> str:
    """One cell as text; only text cells are guarded against formulas, so numbers stay numbers."""
    if value is None:
        return ""
    if cell_type is CellType.TEXT:
        return safe_text(str(value))
    # A column's type says what its values are (rows.COLUMNS); Cell is the union of them all.
    if cell_type is CellType.MONEY:
        return _number(quantize_cents(value), style)  # type: ignore[arg-type]  # a Decimal
    if cell_type is CellType.NUMBER:
        return _number(_without_trailing_zeros(value), style)  # type: ignore[arg-type]  # a Decimal
    if cell_type in (CellType.DATE, CellType.DATETIME):
        return _date(value, style)  # type: ignore[arg-type]  # a date or datetime
    return str(value)


def safe_text(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: Decimal, style: CsvStyle) -> str:
    # No thousands separator: Excel reads "1234,50" as a number in every Finnish setup, "1 234,50" not always.
    return format(value, "f").replace(".", style.decimal_separator)


def _without_trailing_zeros(value: Decimal) -> Decimal:
    """25.50 → 25.5, 24.00 → 24, 1.085000 → 1.085: a rate as people write it."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _date(value: date, style: CsvStyle) -> str:
    if not style.finnish_dates:
        return value.strftime("%Y-%m-%d %H:%M" if isinstance(value, datetime) else "%Y-%m-%d")
    day = f"{value.day}.{value.month}.{value.year}"
    # A colon, not the Finnish full stop, between hours and minutes: Excel reads "14:05" as a time.
    return f"{day} {value:%H:%M}" if isinstance(value, datetime) else day


class _Echo:
    """A file for csv.writer that hands back each line instead of storing it."""

    def write(self, value: str) -> str:
        return value
