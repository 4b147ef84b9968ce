"""Submitting, approving and rejecting each tell the right person, by mail after commit, in their language."""

import pytest
from django.core import mail
from django.db import transaction

from expenses.models import ExpenseSettings
from expenses.services import approve_all, approve_expense, reject_expense, submit_expense
from notifications.models import Kind, Notification, NotificationSetting

pytestmark = pytest.mark.django_db


def submitted(team, django_capture_on_commit_callbacks, **fields):
    expense = team.expense(**fields)
    with django_capture_on_commit_callbacks(execute=True):
        expense = submit_expense(expense=expense, actor=team.employee)
    return expense


def test_submitting_mails_the_assigned_approver_with_a_link(team, django_capture_on_commit_callbacks, settings):
    expense = submitted(team, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [team.approver.email]
    assert message.subject == "Expense to approve: Taxi to the airport"
    notification = Notification.objects.get(user=team.approver)
    assert (notification.kind, notification.expense, notification.company) == (Kind.SUBMITTED, expense, team.company)
    assert "Aino Virta submitted “Taxi to the airport” (1234.50 €, 2 Mar 2026) for your approval." in message.body
    assert f"{settings.SITE_URL}/notifications/{notification.pk}/" in message.body
    assert message.extra_headers["Content-Language"] == "en"


def test_a_finnish_approver_gets_the_mail_in_finnish(team, django_capture_on_commit_callbacks):
    team.approver.language = "fi"
    team.approver.save()

    submitted(team, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.extra_headers["Content-Language"] == "fi"
    # Finnish number and date formats (the words themselves follow once the catalogue is merged).
    assert "1234,50 €" in message.body and "2.3.2026" in message.body


def test_nothing_is_mailed_or_recorded_before_the_submission_commits(team, django_capture_on_commit_callbacks):
    expense = team.expense()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_expense(expense=expense, actor=team.employee)
        assert not Notification.objects.exists() and not mail.outbox
    assert callbacks  # what runs after commit


def test_a_rolled_back_approval_tells_nobody(team, django_capture_on_commit_callbacks):
    expense = submitted(team, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        approve_expense(expense=expense, actor=team.approver)
        raise RuntimeError("the caller's transaction fails after the approval")
    assert not mail.outbox
    assert not Notification.objects.filter(user=team.employee).exists()


def test_without_an_assigned_approver_the_fallback_approver_is_told(team, django_capture_on_commit_callbacks):
    from tests.factories import MembershipFactory

    fallback = MembershipFactory(company=team.company, role="approver").user
    ExpenseSettings.objects.create(company=team.company, fallback_approver=fallback)
    team.approver.memberships.update(is_active=False)  # the assigned approver has left

    submitted(team, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[fallback.email]]


def test_without_any_approver_the_admins_are_told(team, django_capture_on_commit_callbacks):
    team.approver.memberships.update(is_active=False)

    submitted(team, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[team.admin.email]]


def test_approving_mails_the_employee(team, django_capture_on_commit_callbacks):
    expense = submitted(team, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_expense(expense=expense, actor=team.approver)

    [message] = mail.outbox
    assert message.to == [team.employee.email]
    assert message.subject == "Expense approved: Taxi to the airport"
    assert "Eero Laine approved your expense “Taxi to the airport”" in message.body


def test_rejecting_mails_the_employee_with_the_reason(team, django_capture_on_commit_callbacks):
    expense = submitted(team, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reject_expense(expense=expense, actor=team.approver, reason="The receipt is missing & unreadable")

    [message] = mail.outbox
    assert message.to == [team.employee.email]
    assert message.subject == "Expense rejected: Taxi to the airport"
    assert "Reason: The receipt is missing & unreadable" in message.body  # plain text: nothing escaped
    assert Notification.objects.get(user=team.employee).kind == Kind.REJECTED


def test_a_turned_off_kind_is_not_mailed_but_still_listed(team, django_capture_on_commit_callbacks):
    NotificationSetting.objects.create(user=team.employee, kind=Kind.REJECTED, email_enabled=False)
    expense = submitted(team, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reject_expense(expense=expense, actor=team.approver, reason="No")

    assert not mail.outbox
    assert Notification.objects.filter(user=team.employee, kind=Kind.REJECTED).count() == 1


def test_turning_off_one_kind_leaves_the_others(team, django_capture_on_commit_callbacks):
    NotificationSetting.objects.create(user=team.employee, kind=Kind.REJECTED, email_enabled=False)
    expense = submitted(team, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_expense(expense=expense, actor=team.approver)

    assert [m.to for m in mail.outbox] == [[team.employee.email]]


def test_approve_all_sends_one_mail_per_expense(team, django_capture_on_commit_callbacks):
    expenses = [submitted(team, django_capture_on_commit_callbacks, description=f"Lunch {n}") for n in range(3)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_all(expenses=expenses, actor=team.approver)

    assert sorted(m.subject for m in mail.outbox) == [f"Expense approved: Lunch {n}" for n in range(3)]
    assert {tuple(m.to) for m in mail.outbox} == {(team.employee.email,)}


def test_a_mail_is_sent_once_however_often_its_task_runs(team, django_capture_on_commit_callbacks):
    from notifications.tasks import send_notification_email

    submitted(team, django_capture_on_commit_callbacks)
    send_notification_email(Notification.objects.get().pk)

    assert len(mail.outbox) == 1


def test_a_failing_mail_server_leaves_the_mail_for_the_retry(team, monkeypatch):
    from notifications.emails import send_notification_mail
    from notifications.texts import expense_params

    expense = team.expense(state="paid")
    notification = Notification.objects.create(
        user=team.employee, company=team.company, kind=Kind.PAID, expense=expense, params=expense_params(expense)
    )

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        with pytest.raises(OSError):
            send_notification_mail(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None

    assert send_notification_mail(notification_id=notification.pk) is True
    assert len(mail.outbox) == 1


def test_a_fault_in_notifying_neither_undoes_nor_fails_the_submission(
    team, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(company_id):
        raise RuntimeError("notifications are broken")

    monkeypatch.setattr("notifications.services.routing_of", broken)
    expense = submitted(team, django_capture_on_commit_callbacks)

    expense.refresh_from_db()
    assert expense.state == "submitted" and not mail.outbox
