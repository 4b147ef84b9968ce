"""What each company setting of the export does to the vouchers that reach the sandbox."""

import re
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from expenses.models import Attachment, ExpenseSettings
from exports.models import ExportSettings, VoucherExport
from exports.services.queueing import send_now
from netvisor_sandbox.models import SandboxVoucherType
from tests.exports.books import DAY
from tests.exports.helpers import organisation, sandbox_vouchers

pytestmark = pytest.mark.django_db
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)", re.IGNORECASE)


def configure(books, **values) -> None:
    ExportSettings.objects.filter(company=books.company).update(**values)


def test_one_voucher_per_employee_carries_all_their_expenses(books):
    configure(books, grouping=ExportSettings.Grouping.PER_EMPLOYEE)
    books.receipt("10.00")
    books.receipt("20.00", description="Taxi")
    books.mileage("50")

    send_now(company=books.company, actor=books.accountant)

    voucher = sandbox_vouchers(books).get()
    assert VoucherExport.objects.get().expenses.count() == 3
    assert sum(line.line_sum for line in voucher.lines.all()) == 0
    assert voucher.voucher_date == DAY


def test_a_date_in_a_locked_period_is_held_with_a_message(books):
    books.receipt("10.00")
    ExpenseSettings.objects.filter(company=books.company).update(locked_until=DAY)  # closed after approval

    send_now(company=books.company, actor=books.accountant)

    row = VoucherExport.objects.get()
    assert row.state == "held" and "2.3.2026" in row.message
    assert not sandbox_vouchers(books).exists()


def test_a_locked_period_can_be_posted_on_the_first_open_date(books):
    configure(books, locked_period=ExportSettings.LockedPeriod.FIRST_OPEN_DATE)
    org = organisation(books)
    org.accounting_lock_date = DAY
    org.save()
    books.receipt("10.00")

    send_now(company=books.company, actor=books.accountant)

    assert sandbox_vouchers(books).get().voucher_date == DAY + timedelta(days=1)


def test_the_export_date_may_be_the_voucher_date(books):
    configure(books, voucher_date=ExportSettings.VoucherDate.EXPORT_DATE)
    books.receipt("10.00")

    send_now(company=books.company, actor=books.accountant)

    assert sandbox_vouchers(books).get().voucher_date == date.today()


def test_a_voucher_type_removed_in_netvisor_stops_the_run_with_a_clear_message(books):
    SandboxVoucherType.objects.filter(organisation=organisation(books), name="Muut").update(name="Muut tositteet")
    books.receipt("10.00")

    send_now(company=books.company, actor=books.accountant)

    row = VoucherExport.objects.get()
    assert row.state == "failed" and "Muut" in row.message and "Change credentials" in row.message
    assert not sandbox_vouchers(books).exists()


def test_receipts_go_with_the_voucher_when_the_company_wants_them(books):
    configure(books, attach_receipts=True)
    expense = books.receipt("10.00")
    data = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
    attachment = Attachment(expense=expense, original_name="kuitti.pdf", content_type="application/pdf",
                            size=len(data), sha256="0" * 64)  # fmt: skip
    attachment.file.save("kuitti.pdf", ContentFile(data))

    send_now(company=books.company, actor=books.accountant)

    stored = sandbox_vouchers(books).get().attachments.get()
    assert (stored.filename, bytes(stored.data)) == ("kuitti.pdf", data)


def test_automatic_export_sends_right_after_approval(books):
    configure(books, when=ExportSettings.When.AFTER_APPROVAL)

    expense = books.receipt("10.00")  # approved by the fixture

    expense.refresh_from_db()
    assert expense.state == "exported" and sandbox_vouchers(books).count() == 1


def test_manual_export_waits_for_the_button(books):
    expense = books.receipt("10.00")

    expense.refresh_from_db()
    assert expense.state == "approved" and not sandbox_vouchers(books).exists()


VOUCHERS = 40


# Over HTTP, so the sandbox's own queries (in process they would share the connection) are not counted.
@pytest.mark.django_db(transaction=True)
def test_sql_queries_stay_within_ten_per_voucher(books, settings):
    settings.EXPORTS_PAYMENT_CHECK_SECONDS = 3600
    configure(books, payments_enabled=False)
    for index in range(VOUCHERS):
        books.receipt(f"{10 + index}.00", description=f"Bus {index}")

    with CaptureQueriesContext(connection) as queries:
        send_now(company=books.company, actor=books.accountant)

    # The test thread's queries only: the sandbox answers from its own thread and connection.
    # Transaction control (BEGIN, COMMIT, savepoints) is not counted.
    assert sandbox_vouchers(books).count() == VOUCHERS
    statements = [q["sql"] for q in queries.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])]
    assert len(statements) <= 10 * VOUCHERS, "\n".join(sql[:150] for sql in statements)
