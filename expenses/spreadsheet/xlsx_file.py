"""The export as an Excel workbook: numbers and dates as real cells, so that sums and filters just work.

Written with openpyxl in write-only mode, row by row into a temporary file, so that a large export
never holds the whole workbook in memory.
"""

import tempfile
from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.cell import Cell as WorkbookCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from expenses.rules.money import quantize_cents
from expenses.spreadsheet.rows import Cell, CellType, Column, ExpenseSheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "0.00"
DATE_FORMATS = {
    # (Finnish, type): Excel number formats; Excel shows them as written whatever its own language.
    (True, CellType.DATE): "d.m.yyyy",
    (True, CellType.DATETIME): "d.m.yyyy hh:mm",
    (False, CellType.DATE): "yyyy-mm-dd",
    (False, CellType.DATETIME): "yyyy-mm-dd hh:mm",
}


def workbook_file(sheet: ExpenseSheet) -> IO[bytes]:
    """The workbook in a temporary file, rewound; the caller closes it (a FileResponse does)."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - it outlives this call: the response streams and closes it
    try:
        _write(sheet, file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _write(sheet: ExpenseSheet, file: IO[bytes]) -> None:
    with translation.override(sheet.language):
        workbook = Workbook(write_only=True)
        worksheet = workbook.create_sheet(title=_("Expenses")[:31])
        _lay_out(worksheet, sheet.columns)
        worksheet.append([_header(worksheet, column) for column in sheet.columns])
        for row in sheet.rows:
            cells = zip(sheet.columns, row, strict=True)
            worksheet.append([_cell(worksheet, column, value, sheet.is_finnish) for column, value in cells])
        workbook.save(file)


def _lay_out(worksheet: WriteOnlyWorksheet, columns: tuple[Column, ...]) -> None:
    # A write-only sheet takes its layout before the first row.
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        # Made by Worksheet._setup, which the write-only sheet runs too; types-openpyxl leaves it out.
        worksheet.column_dimensions[get_column_letter(index)].width = column.width  # type: ignore[attr-defined]


def _header(worksheet: WriteOnlyWorksheet, column: Column) -> WorkbookCell:
    cell = _text(worksheet, str(column.header))
    cell.font = Font(bold=True)
    return cell


def _cell(worksheet: WriteOnlyWorksheet, column: Column, value: Cell, finnish: bool) -> WorkbookCell | None:
    if value is None:
        return None
    if column.type is CellType.TEXT:
        return _text(worksheet, str(value))
    if column.type is CellType.MONEY:
        # The value is set apart, as WriteOnlyCell would: its stub leaves out Decimal and date, the setter not.
        cell = WriteOnlyCell(worksheet)
        cell.value = quantize_cents(value)  # type: ignore[arg-type]  # a MONEY column's values are Decimals
        cell.number_format = MONEY_FORMAT
        return cell
    cell = WriteOnlyCell(worksheet)
    cell.value = value
    if column.type in (CellType.DATE, CellType.DATETIME):
        cell.number_format = DATE_FORMATS[(finnish, column.type)]
    return cell


def _text(worksheet: WriteOnlyWorksheet, text: str) -> WorkbookCell:
    # openpyxl stores a string starting with "=" as a formula; a string cell is shown as typed, never run.
    cell = WriteOnlyCell(worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    return cell
