"""The "All expenses" download: the CSV and the Excel workbook accountants open, in their language."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from companies.roles import Role
from costcenters.models import CostCenter
from expenses.models import ExpenseLine, ExpenseSettings
from expenses.services import approve_expense, create_mileage, create_per_diem, create_receipt, submit_expense
from expenses.services.inputs import LineInput
from expenses.spreadsheet.csv_file import ENGLISH, FINNISH, format_cell
from expenses.spreadsheet.rows import COLUMNS, CellType
from tests.expenses.conftest import DAY, mileage_input, per_diem_input, receipt_input
from tests.factories import CompanyFactory, ExpenseFactory, MembershipFactory, PaymentMethodFactory, PurchaseTypeFactory

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
HEADERS = [str(column.header) for column in COLUMNS]  # English: no language is active at import


def col(header: str) -> int:
    return HEADERS.index(header)


def download(client, name, language="en", **filters):
    return client.get(reverse(f"expenses:{name}"), filters, HTTP_ACCEPT_LANGUAGE=language)


def csv_table(response, delimiter):
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def workbook_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return sheet, list(sheet.iter_rows())


def name(user, first, last):
    user.first_name, user.last_name = first, last
    user.save()
    return user


@pytest.fixture
def split_receipt(office):
    """124.00 € in two lines at different VAT rates, the second on a cost center with a code."""
    name(office.employee, "Aino", "Äijälä")
    travel = PurchaseTypeFactory(company=office.company, name="Travel", account_number="7600")
    project = CostCenter.objects.create(company=office.company, name="Project X", code="410")
    lines = (
        LineInput(
            amount=Decimal("100.00"),
            vat_rate=Decimal("25.5"),
            purchase_type=office.purchase_type,
            cost_center=office.cost_center,
        ),
        LineInput(amount=Decimal("24.00"), vat_rate=Decimal("13.5"), purchase_type=travel, cost_center=project),
    )
    data = receipt_input(office, description="Hotel Tammer", lines=lines)
    return create_receipt(company=office.company, owner=office.employee, data=data)


def test_finnish_csv_has_bom_semicolons_decimal_commas_and_finnish_dates(office, login, split_receipt):
    response = download(login(office.accountant), "export_csv", "fi")

    header, first, second = csv_table(response, ";")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert len(header) == len(COLUMNS)
    assert header[col("Date")] == "Päivämäärä"  # an existing translation
    assert first[col("Date")] == "2.3.2026"
    assert first[col("Amount EUR")] == "100,00" and second[col("Amount EUR")] == "24,00"
    assert second[col("VAT rate %")] == "13,5" and first[col("VAT rate %")] == "25,5"
    assert first[col("Kind")] == "Kuitti"
    assert first[col("Employee")] == "Aino Äijälä"


def test_english_csv_has_commas_decimal_points_and_iso_dates(office, login, split_receipt):
    header, first, second = csv_table(download(login(office.accountant), "export_csv", "en"), ",")

    assert header == HEADERS
    assert first[col("Date")] == "2026-03-02"
    assert first[col("Amount in currency")] == "100.00"
    assert second[col("VAT rate %")] == "13.5"
    assert first[col("Kind")] == "Receipt" and first[col("State")] == "Draft"


def test_one_row_per_line_with_names_and_net_plus_vat_equal_to_the_amount(office, login, split_receipt):
    _, *rows = csv_table(download(login(office.accountant), "export_csv"), ",")

    lines = list(ExpenseLine.objects.filter(expense=split_receipt).order_by("position"))
    assert [row[col("Line")] for row in rows] == ["1", "2"]
    for row, line in zip(rows, lines, strict=True):
        assert row[col("Expense ID")] == str(split_receipt.pk)
        assert Decimal(row[col("Net EUR")]) == line.net_amount and Decimal(row[col("VAT EUR")]) == line.vat_amount
        assert Decimal(row[col("Net EUR")]) + Decimal(row[col("VAT EUR")]) == Decimal(row[col("Amount EUR")])
    assert [row[col("Purchase type")] for row in rows] == ["Meals", "Travel"]
    assert [row[col("Cost center")] for row in rows] == ["Sales", "Project X (410)"]
    assert rows[1][col("Expense account")] == "7600"
    assert rows[0][col("Payment method")] == "Own money" and rows[0][col("Reimbursed to the employee")] == "Yes"


def test_mileage_and_per_diem_have_their_line_and_allowance_account(office, login):
    ExpenseSettings.objects.filter(company=office.company).update(mileage_account="7010", per_diem_account="7020")
    mileage = create_mileage(company=office.company, owner=office.employee, data=mileage_input())
    per_diem = create_per_diem(company=office.company, owner=office.employee, data=per_diem_input())

    _, *rows = csv_table(download(login(office.accountant), "export_csv"), ",")

    by_kind = {row[col("Kind")]: row for row in rows}
    assert len(rows) == 2
    assert by_kind["Kilometre allowance"][col("Amount EUR")] == str(mileage.amount_eur)
    assert by_kind["Kilometre allowance"][col("Expense account")] == "7010"
    assert by_kind["Per diem"][col("Net EUR")] == str(per_diem.amount_eur)
    assert by_kind["Per diem"][col("VAT EUR")] == "0.00"
    assert by_kind["Per diem"][col("Expense account")] == "7020"


def test_an_expense_without_lines_still_has_its_row(office, login):
    ExpenseFactory(company=office.company, owner=office.employee, amount="10.00", amount_eur="10.00")

    _, row = csv_table(download(login(office.accountant), "export_csv"), ",")

    assert row[col("Amount EUR")] == "10.00"
    assert row[col("Line")] == row[col("Net EUR")] == row[col("VAT EUR")] == ""


def test_approver_and_approval_time_are_shown(office, login):
    name(office.approver, "Olli", "Esimies")
    expense = create_receipt(company=office.company, owner=office.employee, data=receipt_input(office))
    submit_expense(expense=expense, actor=office.employee)
    approved = approve_expense(expense=expense, actor=office.approver)

    _, row = csv_table(download(login(office.accountant), "export_csv", "fi"), ";")

    local = timezone.localtime(approved.decided_at)
    assert row[col("Approver")] == "Olli Esimies"
    assert row[col("Approved at")] == f"{local.day}.{local.month}.{local.year} {local:%H:%M}"


def test_text_cells_are_guarded_against_formulas_and_numbers_are_not():
    assert format_cell("=HYPERLINK()", CellType.TEXT, FINNISH) == "'=HYPERLINK()"
    assert format_cell("-5 € refund", CellType.TEXT, ENGLISH) == "'-5 € refund"
    assert format_cell(Decimal("-5.00"), CellType.MONEY, FINNISH) == "-5,00"
    assert format_cell(Decimal("24.00"), CellType.NUMBER, FINNISH) == "24"
    assert format_cell(Decimal("1.085000"), CellType.NUMBER, FINNISH) == "1,085"


def test_formula_in_a_description_is_not_run(office, login):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, description="=cmd"))
    client = login(office.accountant)

    _, row = csv_table(download(client, "export_csv"), ",")
    _, (_, cells) = workbook_rows(download(client, "export_xlsx"))

    assert row[col("Description")] == "'=cmd"
    assert cells[col("Description")].value == "=cmd" and cells[col("Description")].data_type == "s"


def test_page_filters_are_honoured(office, login):
    create_receipt(company=office.company, owner=office.employee, data=receipt_input(office, description="March"))
    later = receipt_input(office, description="April", date=date(2026, 4, 2))
    submit_expense(
        expense=create_receipt(company=office.company, owner=office.employee, data=later), actor=office.employee
    )
    create_mileage(company=office.company, owner=office.employee, data=mileage_input(description="Drive"))
    client = login(office.accountant)

    def described(**filters):
        return [row[col("Description")] for row in csv_table(download(client, "export_csv", **filters), ",")[1:]]

    assert described(state="submitted") == ["April"]
    assert described(kind="mileage") == ["Drive"]
    assert described(date_from="2026-04-01") == ["April"]
    assert sorted(described(date_to="2026-03-31")) == ["Drive", "March"]


def test_another_companys_expenses_are_never_exported(office, login):
    other = CompanyFactory()
    stranger = MembershipFactory(company=other, role=Role.EMPLOYEE).user
    other_data = receipt_input(
        office,
        payment_method=PaymentMethodFactory(company=other),
        lines=(
            LineInput(
                amount=Decimal("124.00"), vat_rate=Decimal("25.5"), purchase_type=PurchaseTypeFactory(company=other)
            ),
        ),
    )
    create_receipt(company=other, owner=stranger, data=other_data)

    rows = csv_table(download(login(office.accountant), "export_csv"), ",")

    assert rows == [HEADERS]


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.APPROVER])
@pytest.mark.parametrize("export", ["export_csv", "export_xlsx"])
def test_export_is_refused_to_those_who_do_not_see_all_expenses(office, login, role, export):
    person = {Role.EMPLOYEE: office.employee, Role.APPROVER: office.approver}[role]

    assert download(login(person), export).status_code == 404


def test_workbook_has_a_bold_frozen_header_and_real_numbers_and_dates(office, login, split_receipt):
    response = download(login(office.accountant), "export_xlsx", "fi")

    sheet, (header, first, second) = workbook_rows(response)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert len(header) == len(COLUMNS) and header[col("Date")].value == "Päivämäärä"
    assert all(cell.font.b for cell in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width > 0
    assert first[col("Date")].value == datetime(2026, 3, 2) and first[col("Date")].number_format == "d.m.yyyy"
    lines = list(ExpenseLine.objects.filter(expense=split_receipt).order_by("position"))
    for cells, line in zip((first, second), lines, strict=True):
        for header_name, expected in (("Amount EUR", line.amount_eur), ("Net EUR", line.net_amount),
                                      ("VAT EUR", line.vat_amount), ("VAT rate %", line.vat_rate)):  # fmt: skip
            cell = cells[col(header_name)]
            assert cell.data_type == "n" and isinstance(cell.value, int | float)
            assert Decimal(str(cell.value)).quantize(Decimal("0.01")) == expected
        assert cells[col("Expense ID")].value == split_receipt.pk
    assert first[col("Amount EUR")].number_format == "0.00"
    assert second[col("Cost center")].value == "Project X (410)"


def test_english_workbook_uses_iso_dates(office, login, split_receipt):
    _, (header, first, _) = workbook_rows(download(login(office.accountant), "export_xlsx", "en"))

    assert [cell.value for cell in header] == HEADERS
    assert first[col("Date")].number_format == "yyyy-mm-dd"


def test_filenames_name_the_company_and_the_day(office, login):
    office.company.name = "Äijä & Co Oy"
    office.company.save()
    client = login(office.accountant)
    today = timezone.localdate().isoformat()

    csv_response = download(client, "export_csv")
    xlsx_response = download(client, "export_xlsx")

    assert csv_response["Content-Disposition"] == f'attachment; filename="expenses-aija-co-oy-{today}.csv"'
    assert xlsx_response["Content-Disposition"] == f'attachment; filename="expenses-aija-co-oy-{today}.xlsx"'


def test_all_expenses_page_links_both_downloads_with_its_filters(office, login):
    page = login(office.accountant).get(reverse("expenses:all"), {"state": "approved"}).content.decode()

    assert f"{reverse('expenses:export_xlsx')}?state=approved" in page
    assert f"{reverse('expenses:export_csv')}?state=approved" in page


def _add_receipts(office, count, start):
    for i in range(count):
        data = receipt_input(office, description=f"Receipt {start + i}", date=DAY + timedelta(days=i))
        expense = create_receipt(company=office.company, owner=office.employee, data=data)
        submit_expense(expense=expense, actor=office.employee)
        approve_expense(expense=expense, actor=office.approver)


@pytest.mark.parametrize("export", ["export_csv", "export_xlsx"])
def test_queries_do_not_grow_with_expenses(office, login, export):
    client = login(office.accountant)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = download(client, export)
            rows = b"".join(response.streaming_content)
        return len(captured), rows

    _add_receipts(office, 1, start=0)
    with_one, _ = queries()
    _add_receipts(office, 29, start=1)
    with_thirty, body = queries()

    assert with_thirty == with_one
    if export == "export_csv":
        assert body.count(b"Receipt ") == 30
