"""A payment marked paid (read back from Netvisor or by hand) tells each employee their expense is paid."""

import pytest
from django.core import mail

from exports.models import PaymentExport
from exports.services.payments import mark_paid
from notifications.models import Kind, Notification, NotificationSetting

pytestmark = pytest.mark.django_db


def sent_payment(team, *expenses):
    row = PaymentExport.objects.create(
        company=team.company,
        employee=team.employee,
        amount=sum(e.amount_eur for e in expenses),
        recipient_name="Aino Virta",
        iban="FI2112345600000785",
        source_iban="FI4950009420028730",
        due_date="2026-03-02",
        state=PaymentExport.State.SENT,
    )
    row.expenses.set(expenses)
    return row


def test_marking_a_payment_paid_mails_the_employee_once_per_expense(team, django_capture_on_commit_callbacks):
    taxi = team.expense(state="exported")
    hotel = team.expense(state="exported", description="Hotel Torni")
    row = sent_payment(team, taxi, hotel)

    with django_capture_on_commit_callbacks(execute=True):
        assert mark_paid(row, actor=team.admin)

    assert sorted(m.subject for m in mail.outbox) == ["Expense paid: Hotel Torni", "Expense paid: Taxi to the airport"]
    assert {tuple(m.to) for m in mail.outbox} == {(team.employee.email,)}
    body = next(m.body for m in mail.outbox if "Hotel" in m.subject)
    assert "Your expense “Hotel Torni” (1234.50 €, 2 Mar 2026) has been paid." in body
    assert "FI2112345600000785" not in body  # nothing of the bank details


def test_a_payment_already_marked_paid_tells_nobody_again(team, django_capture_on_commit_callbacks):
    row = sent_payment(team, team.expense(state="exported"))
    with django_capture_on_commit_callbacks(execute=True):
        mark_paid(row, actor=None)
        mark_paid(row, actor=None)

    assert Notification.objects.filter(kind=Kind.PAID).count() == 1 and len(mail.outbox) == 1


def test_paid_mails_can_be_turned_off(team, django_capture_on_commit_callbacks):
    NotificationSetting.objects.create(user=team.employee, kind=Kind.PAID, email_enabled=False)
    row = sent_payment(team, team.expense(state="exported"))
    with django_capture_on_commit_callbacks(execute=True):
        mark_paid(row, actor=None)

    assert not mail.outbox
    assert Notification.objects.filter(user=team.employee, kind=Kind.PAID).exists()
