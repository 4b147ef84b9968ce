"""The daily run and the sweeper: work starts without anyone pressing a button, and lost task
messages do not lose work."""

import pytest

from exports import tasks as export_tasks
from exports.models import ExportSettings, VoucherExport
from exports.services.queueing import send_now
from jobs.tasks import sweep_background_work
from tests.exports.helpers import sandbox_vouchers

pytestmark = pytest.mark.django_db


def test_the_daily_run_sends_what_companies_that_export_daily_approved(books):
    ExportSettings.objects.filter(company=books.company).update(when=ExportSettings.When.DAILY)
    expense = books.receipt("10.00")

    export_tasks.export_daily()

    expense.refresh_from_db()
    assert expense.state == "exported" and sandbox_vouchers(books).count() == 1


def test_the_daily_run_leaves_manual_companies_alone(books):
    expense = books.receipt("10.00")  # the fixture's company exports only by the button

    export_tasks.export_daily()

    expense.refresh_from_db()
    assert expense.state == "approved" and not sandbox_vouchers(books).exists()


def test_the_sweeper_starts_work_whose_task_message_was_lost(books, monkeypatch):
    books.receipt("10.00")
    monkeypatch.setattr(export_tasks.drain_exports, "delay_on_commit", lambda company_id: None)  # lost
    send_now(company=books.company, actor=books.accountant)
    assert VoucherExport.objects.get().state == "pending"
    monkeypatch.undo()

    sweep_background_work()

    assert VoucherExport.objects.get().state == "sent" and sandbox_vouchers(books).count() == 1
