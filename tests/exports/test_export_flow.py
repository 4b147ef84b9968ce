"""Approved expenses reach the sandbox's books as vouchers and payments, and come back "Paid"."""

from decimal import Decimal

import pytest

from exports.models import PaymentExport, VoucherExport
from exports.services.queueing import send_now
from netvisor_sandbox.models import SandboxOrganisation, SandboxPayment, SandboxVoucher

pytestmark = pytest.mark.django_db


def organisation(books) -> SandboxOrganisation:
    return SandboxOrganisation.objects.get(business_id=books.sandbox.organisation_id)


def test_send_now_posts_one_balanced_voucher_per_expense(books):
    receipt = books.receipt("124.00")
    trip = books.mileage("50")

    assert send_now(company=books.company, actor=books.accountant) == 2

    vouchers = SandboxVoucher.objects.filter(organisation=organisation(books)).order_by("pk")
    assert vouchers.count() == 2
    for voucher in vouchers:
        assert sum(line.line_sum for line in voucher.lines.all()) == Decimal("0.00")
    rows = {row.expenses.get().pk: row for row in VoucherExport.objects.all()}
    receipt_voucher = vouchers.get(pk=rows[receipt.pk].netvisor_key)
    assert f"[BZ-{rows[receipt.pk].pk}]" in receipt_voucher.description
    assert receipt_voucher.voucher_type.name == "Muut"
    cost = receipt_voucher.lines.get(account_number="7000")
    assert (cost.vat_code, cost.vat_percent, cost.dimensions) == (
        "KOOS",
        Decimal("13.50"),
        [["Kustannuspaikka", "Myynti"]],
    )
    assert receipt_voucher.lines.get(account_number="2940").line_sum == Decimal("-124.00")
    trip_voucher = vouchers.get(pk=rows[trip.pk].netvisor_key)
    assert trip_voucher.lines.get(account_number="7010").vat_code == "NONE"
    receipt.refresh_from_db()
    assert receipt.state == "exported"
    assert rows[receipt.pk].voucher_number is None or rows[receipt.pk].voucher_number > 0
    rows[receipt.pk].refresh_from_db()
    assert rows[receipt.pk].voucher_number == receipt_voucher.number


def test_money_owed_becomes_one_payment_per_employee_and_paid_when_netvisor_says_so(books):
    first, second = books.receipt("124.00"), books.mileage("50")
    card = books.receipt("30.00", card=True)

    send_now(company=books.company, actor=books.accountant)

    payment = SandboxPayment.objects.get(organisation=organisation(books))
    row = PaymentExport.objects.get()
    assert payment.amount == first.amount_eur + second.amount_eur
    assert payment.message.startswith(f"BZ-P-{row.pk} ")
    assert payment.destination_iban == "FI2112345600000785"
    assert (payment.bic, payment.bank_name) == ("NDEAFIHH", "NORDEA BANK FINLAND PLC")  # derived from the IBAN
    assert set(row.expenses.values_list("pk", flat=True)) == {first.pk, second.pk}
    assert row.state == "sent"

    payment.status = SandboxPayment.Status.OK
    payment.save()
    send_now(company=books.company, actor=books.accountant)

    first.refresh_from_db()
    card.refresh_from_db()
    assert first.state == "paid"
    assert card.state == "exported"  # a company card's purchase is never reimbursed
