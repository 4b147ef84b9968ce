"""The accountants' "All expenses" export: the same rows as CSV or as an Excel workbook."""

from datetime import date

from django.utils.text import slugify

from companies.models import Company
from expenses.spreadsheet.csv_file import csv_lines
from expenses.spreadsheet.rows import ExpenseSheet, expense_sheet
from expenses.spreadsheet.xlsx_file import CONTENT_TYPE as XLSX_CONTENT_TYPE
from expenses.spreadsheet.xlsx_file import workbook_file


def export_filename(*, company: Company, day: date, extension: str) -> str:
    """``expenses-<company>-<day>.<extension>``: several companies' downloads stay apart in a folder."""
    parts = ["expenses", slugify(company.name), day.isoformat()]
    return "-".join(part for part in parts if part) + "." + extension


__all__ = ["XLSX_CONTENT_TYPE", "ExpenseSheet", "csv_lines", "expense_sheet", "export_filename", "workbook_file"]
