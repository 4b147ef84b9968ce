"""Exactly once under Netvisor's faults: lost answers are read back, never re-posted blindly."""

import pytest
from django.utils import timezone

from companies.models import NetvisorConnection
from costcenters.models import CostCenter
from expenses.models import Expense
from exports.models import PaymentExport, VoucherExport
from exports.services import resolution, sending
from exports.services.queueing import send_now
from jobs.models import Attempt
from netvisor_sandbox.models import SandboxApiIdentifier, SandboxPayment
from tests.costcenters.cc_helpers import update_credentials
from tests.exports.helpers import (
    clear_faults,
    drain_until_settled,
    organisation,
    posts_of,
    sandbox_vouchers,
    set_fault,
)
from tests.factories import PurchaseTypeFactory

pytestmark = pytest.mark.django_db


def test_a_voucher_stored_but_unanswered_is_read_back_not_posted_again(books, settings):
    settings.NETVISOR_READ_TIMEOUT = 2
    expense = books.receipt("50.00")
    set_fault(books, "drop", resource="accounting.nv")

    send_now(company=books.company, actor=books.accountant)

    row = VoucherExport.objects.get()
    assert row.state == "sent" and row.netvisor_key == sandbox_vouchers(books).get().pk
    assert posts_of(books, row) == 1
    assert row.voucher_number == sandbox_vouchers(books).get().number
    expense.refresh_from_db()
    assert expense.state == "exported"
    outcomes = list(Attempt.objects.filter(job_kind="voucher", job_id=row.pk).values_list("outcome", flat=True))
    assert outcomes == ["read_back"]


def test_ten_percent_dropped_answers_give_no_duplicate_and_no_missing_voucher(books, settings):
    settings.NETVISOR_READ_TIMEOUT = 2
    for index in range(30):
        books.receipt(f"{10 + index}.00", description=f"Taxi {index}")
    set_fault(books, "drop", resource="accounting.nv", share=0.1, seed="drop-10")

    send_now(company=books.company, actor=books.accountant)
    drain_until_settled(books)

    rows = list(VoucherExport.objects.all())
    assert {row.state for row in rows} == {"sent"}
    assert sandbox_vouchers(books).count() == 30
    assert all(posts_of(books, row) == 1 for row in rows)
    assert Attempt.objects.filter(job_kind="voucher", outcome="read_back").exists()


def test_thirty_percent_5xx_answers_deliver_every_voucher_once_within_the_bound(books):
    for index in range(20):
        books.receipt(f"{20 + index}.00", description=f"Hotel {index}")
    set_fault(books, "http_5xx", resource="accounting.nv", share=0.3, seed="5xx-30")

    send_now(company=books.company, actor=books.accountant)
    drain_until_settled(books)

    rows = list(VoucherExport.objects.all())
    assert {row.state for row in rows} == {"sent"}
    assert sandbox_vouchers(books).count() == 20
    assert max(row.attempt_count for row in rows) <= 8
    assert Attempt.objects.filter(job_kind="voucher").exclude(outcome="ok").exists()
    assert all(posts_of(books, row) <= row.attempt_count for row in rows)


def test_an_account_netvisor_lacks_fails_that_expense_alone_with_netvisors_text(books):
    unknown = PurchaseTypeFactory(company=books.company, name="Väärä tili", account_number="9999")
    bad = books.receipt("40.00", description="Wrong account")
    from decimal import Decimal

    from expenses.services.inputs import LineInput

    bad_line = LineInput(amount=Decimal("40.00"), vat_rate=Decimal("13.5"), purchase_type=unknown)
    Expense.objects.filter(pk=bad.pk).delete()
    bad = books.receipt("40.00", description="Wrong account", lines=(bad_line,))
    good = books.receipt("60.00", description="Right account")

    send_now(company=books.company, actor=books.accountant)

    failed = VoucherExport.objects.get(expenses=bad)
    assert failed.state == "failed" and "9999" in failed.netvisor_text
    assert VoucherExport.objects.get(expenses=good).state == "sent"
    assert sandbox_vouchers(books).count() == 1
    bad.refresh_from_db()
    assert bad.state == "queued"  # waits for the fix and a retry, never lost

    unknown.account_number = "7000"
    unknown.save()
    resolution.retry_voucher(row=failed, actor=books.accountant)
    failed.refresh_from_db()
    assert failed.state == "sent" and sandbox_vouchers(books).count() == 2


def test_credentials_expiring_mid_run_pause_the_rest_and_update_completes_it(books, monkeypatch):
    for index in range(5):
        books.receipt(f"{30 + index}.00", description=f"Lunch {index}")
    real_send, sent = sending.send_voucher, []

    def send_then_revoke(row, context, *, token):
        sent.append(row.pk)
        if len(sent) == 3:  # Netvisor stops accepting the keys in the middle of the run
            SandboxApiIdentifier.objects.filter(customer_id=books.sandbox.customer_id).update(revoked_at=timezone.now())
        return real_send(row, context, token=token)

    monkeypatch.setattr("exports.services.work.sending.send_voucher", send_then_revoke)
    send_now(company=books.company, actor=books.accountant)

    states = sorted(VoucherExport.objects.values_list("state", flat=True))
    assert states == ["paused", "paused", "paused", "sent", "sent"]
    assert NetvisorConnection.objects.get(company=books.company).is_paused
    assert not VoucherExport.objects.filter(state="failed").exists()

    monkeypatch.undo()
    update_credentials(books.sandbox, books.company)  # resumes paused work after the commit

    assert sorted(VoucherExport.objects.values_list("state", flat=True)) == ["sent"] * 5
    assert sandbox_vouchers(books).count() == 5


def test_a_payment_whose_answer_is_lost_is_held_for_an_admin_and_never_sent_twice(books, settings):
    settings.NETVISOR_READ_TIMEOUT = 2
    books.receipt("80.00")
    set_fault(books, "drop", resource="payment.nv")

    send_now(company=books.company, actor=books.accountant)
    drain_until_settled(books)
    send_now(company=books.company, actor=books.accountant)

    row = PaymentExport.objects.get()
    assert row.state == "check" and row.reference in row.message
    assert SandboxPayment.objects.filter(organisation=organisation(books)).count() == 1
    clear_faults(books)

    stored = SandboxPayment.objects.get(organisation=organisation(books))
    resolution.resolve_held_payment(row=row, actor=books.accountant, found=True, payment_id=stored.pk)
    row.refresh_from_db()
    assert row.state == "sent" and row.netvisor_payment_id == stored.pk
    assert SandboxPayment.objects.filter(organisation=organisation(books)).count() == 1


def test_an_admin_who_finds_no_payment_has_it_sent_once_more(books, settings):
    settings.NETVISOR_READ_TIMEOUT = 2
    books.receipt("80.00")
    set_fault(books, "http_5xx", resource="payment.nv", share=1.0)
    # A 5xx stores nothing, but pretend its answer was lost: the row waits for an admin.
    send_now(company=books.company, actor=books.accountant)
    row = PaymentExport.objects.get()
    PaymentExport.objects.filter(pk=row.pk).update(state="check")
    clear_faults(books)

    resolution.resolve_held_payment(row=row, actor=books.accountant, found=False)

    row.refresh_from_db()
    assert row.state == "sent"
    assert SandboxPayment.objects.filter(organisation=organisation(books)).count() == 1


def test_a_worker_killed_while_sending_leaves_a_row_that_is_read_back(books):
    expense = books.receipt("45.00")

    send_now(company=books.company, actor=books.accountant)
    monkey_row = VoucherExport.objects.get(expenses=expense)
    # As if the worker died after Netvisor stored the voucher and before the row said so.
    VoucherExport.objects.filter(pk=monkey_row.pk).update(
        state="sending", netvisor_key=None, voucher_number=None, claim_token="dead", claimed_until=timezone.now()
    )

    drain_until_settled(books)

    monkey_row.refresh_from_db()
    assert monkey_row.state == "sent" and sandbox_vouchers(books).count() == 1
    assert posts_of(books, monkey_row) == 1


def test_the_cost_center_keeps_netvisors_exact_item_name(books):
    CostCenter.objects.filter(pk=books.cost_center.pk).update(name="Myynti (tidied)", netvisor_name="Myynti")
    books.receipt("20.00")

    send_now(company=books.company, actor=books.accountant)

    line = sandbox_vouchers(books).get().lines.get(account_number="7000")
    assert line.dimensions == [["Kustannuspaikka", "Myynti"]]


def test_admins_get_one_digest_for_everything_that_needs_them_not_one_per_failure(books, mailoutbox):
    from exports.services.digest import send_attention_digests

    unknown = PurchaseTypeFactory(company=books.company, name="Väärä tili", account_number="9999")
    from decimal import Decimal

    from expenses.services.inputs import LineInput

    for index in range(3):
        line = LineInput(amount=Decimal("40.00"), vat_rate=Decimal("13.5"), purchase_type=unknown)
        books.receipt("40.00", description=f"Wrong account {index}", lines=(line,))
    send_now(company=books.company, actor=books.accountant)
    mailoutbox.clear()  # approval mails, if any

    assert send_attention_digests() == 1
    assert send_attention_digests() == 0  # listed once

    (mail,) = mailoutbox
    admins_and_accountants = books.company.memberships.filter(role__in=["admin", "accountant"])
    assert sorted(mail.to) == sorted(admins_and_accountants.values_list("user__email", flat=True))
    assert mail.body.count("Voucher BZ-") == 3
    assert "/accounting-export/" in mail.body
