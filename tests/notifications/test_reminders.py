"""The weekly reminder: approvals waiting for each approver, drafts older than a week for their owners."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from expenses.models import Expense
from notifications.models import Kind, Notification, NotificationSetting
from notifications.reminders import send_weekly_reminders
from notifications.tasks import send_weekly_reminders as weekly_task
from tests.factories import CompanyFactory, ExpenseFactory

pytestmark = pytest.mark.django_db


def aged(expense, days):
    Expense.objects.filter(pk=expense.pk).update(created_at=timezone.now() - timedelta(days=days))
    return expense


def remind(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return send_weekly_reminders()


def mail_to(user):
    [message] = [m for m in mail.outbox if m.to == [user.email]]
    return message


def test_an_approver_is_reminded_of_each_expense_waiting_for_them(team, django_capture_on_commit_callbacks):
    team.expense(state="submitted", description="Taxi")
    team.expense(state="submitted", description="Hotel Torni")
    team.expense(state="approved", description="Already decided")

    remind(django_capture_on_commit_callbacks)

    message = mail_to(team.approver)
    assert message.subject == "Weekly reminder: expenses waiting for you"
    assert "2 expenses are waiting for your approval." in message.body
    assert "Waiting for your approval:" in message.body
    assert "- Aino Virta: Taxi, 1234.50 €, 2 Mar 2026" in message.body
    assert "Hotel Torni" in message.body and "Already decided" not in message.body
    assert "drafts" not in message.body


def test_an_employee_is_reminded_of_drafts_older_than_a_week_only(team, django_capture_on_commit_callbacks):
    aged(team.expense(description="Forgotten lunch"), days=8)
    aged(team.expense(description="Yesterday's parking"), days=1)

    remind(django_capture_on_commit_callbacks)

    message = mail_to(team.employee)
    assert "You have 1 draft older than a week." in message.body
    assert "Your drafts older than a week:\n- Forgotten lunch, 1234.50 €, 2 Mar 2026" in message.body
    assert "parking" not in message.body
    assert not [m for m in mail.outbox if m.to != [team.employee.email]]  # nothing waits for approval


def test_nobody_with_nothing_waiting_is_reminded(team, django_capture_on_commit_callbacks):
    aged(team.expense(description="Fresh"), days=2)

    assert remind(django_capture_on_commit_callbacks) == 0
    assert not mail.outbox and not Notification.objects.exists()


def test_a_second_run_in_the_same_week_reminds_nobody_again(team, django_capture_on_commit_callbacks):
    team.expense(state="submitted")
    assert remind(django_capture_on_commit_callbacks) == 1
    assert remind(django_capture_on_commit_callbacks) == 0
    Notification.objects.update(created_at=timezone.now() - timedelta(days=7))
    assert remind(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 2


def test_each_company_reminds_its_own_people_of_its_own_expenses(team, django_capture_on_commit_callbacks):
    other = CompanyFactory(name="Toinen Oy")
    aged(ExpenseFactory(company=other, description="Secret draft of another company"), days=9)
    aged(team.expense(description="Own draft"), days=9)

    remind(django_capture_on_commit_callbacks)

    message = mail_to(team.employee)
    assert "Own draft" in message.body and "Secret draft" not in message.body
    reminder = Notification.objects.get(user=team.employee)
    assert reminder.company == team.company and reminder.kind == Kind.REMINDER


def test_reminders_can_be_turned_off_but_are_still_listed(team, django_capture_on_commit_callbacks):
    NotificationSetting.objects.create(user=team.approver, kind=Kind.REMINDER, email_enabled=False)
    team.expense(state="submitted")

    remind(django_capture_on_commit_callbacks)

    assert not mail.outbox
    assert Notification.objects.filter(user=team.approver, kind=Kind.REMINDER).count() == 1


def test_people_who_left_the_company_are_not_reminded(team, django_capture_on_commit_callbacks):
    aged(team.expense(), days=10)
    team.employee.memberships.update(is_active=False)

    assert remind(django_capture_on_commit_callbacks) == 0


def test_an_expense_dealt_with_before_the_mail_goes_out_is_left_out(team, django_capture_on_commit_callbacks):
    expense = team.expense(state="submitted")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        send_weekly_reminders()
    Expense.objects.filter(pk=expense.pk).update(state="approved")
    for callback in queued:
        callback()

    assert not mail.outbox  # the only thing it was about is done


def test_the_weekly_task_runs_the_reminders(team, django_capture_on_commit_callbacks):
    team.expense(state="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        weekly_task.delay()

    assert mail_to(team.approver).subject == "Weekly reminder: expenses waiting for you"


def test_the_beat_runs_it_on_monday_mornings_in_helsinki(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["notifications-weekly-reminder"]
    assert entry["task"] == weekly_task.name
    schedule = entry["schedule"]
    assert (schedule.hour, schedule.minute, schedule.day_of_week) == ({7}, {0}, {1})
    assert settings.CELERY_TIMEZONE == "Europe/Helsinki"
