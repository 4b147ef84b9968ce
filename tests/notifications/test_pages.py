"""The in-app list, the count in the top bar, the links of the mails and the e-mail choices in the profile."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from companies.roles import Role
from notifications.context_processors import unread_notifications
from notifications.models import Kind, Notification, NotificationSetting
from notifications.texts import expense_params
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def notify(user, company, expense, kind=Kind.APPROVED, **names):
    params = expense_params(expense, actor="Eero Laine", reason="", **names)
    return Notification.objects.create(user=user, company=company, kind=kind, expense=expense, params=params)


def test_the_list_shows_the_persons_notifications_in_their_language_and_marks_them_read(team, login):
    notify(team.employee, team.company, team.expense())
    client = login(team.employee)

    page = client.get(reverse("notifications:list")).content.decode()
    assert "Eero Laine approved your expense “Taxi to the airport” (1234.50 €, 2 Mar 2026)." in page
    assert "<strong>Eero Laine approved" in page  # unread until now
    assert not Notification.objects.filter(read_at__isnull=True).exists()

    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    page = client.get(reverse("notifications:list")).content.decode()
    assert "1234,50 €" in page and "2.3.2026" in page and "<strong>" not in page


def test_the_top_bar_counts_unread_notifications(team, login):
    for _ in range(3):
        notify(team.employee, team.company, team.expense())
    client = login(team.employee)

    assert "Notifications <strong" in client.get(reverse("expenses:list")).content.decode()
    assert "(3)</strong>" in client.get(reverse("expenses:list")).content.decode()
    client.get(reverse("notifications:list"))
    assert "(3)</strong>" not in client.get(reverse("expenses:list")).content.decode()


def test_the_count_costs_one_query_however_many_there_are(team, django_assert_num_queries):
    for _ in range(5):
        notify(team.employee, team.company, team.expense())
    request = RequestFactory().get("/")
    request.user = team.employee
    request.membership = team.employee.memberships.select_related("company").get()

    with django_assert_num_queries(0):
        context = unread_notifications(request)  # nothing until a page draws the count
    with django_assert_num_queries(1):
        assert context["unread_notification_count"]() == 5


def test_another_companys_notifications_are_never_listed_or_counted(team, login):
    other = CompanyFactory(name="Zzyzx Toinen Oy")
    MembershipFactory(company=other, user=team.employee)
    from tests.factories import ExpenseFactory

    secret = ExpenseFactory(company=other, owner=team.employee, description="Zzyzx secret trip")
    notify(team.employee, other, secret)
    client = login(team.employee)
    client.post(reverse("companies:switch", args=[team.company.pk]), {"next": "/"})

    page = client.get(reverse("notifications:list")).content.decode()
    assert "Zzyzx secret trip" not in page and "Nothing has happened yet." in page
    assert "Notifications <strong" not in client.get(reverse("expenses:list")).content.decode()
    assert Notification.objects.get().read_at is None  # seeing company A's list reads nothing of B


def test_a_mail_link_opens_the_expense_in_its_company(team, login):
    other = CompanyFactory()
    MembershipFactory(company=other, user=team.employee)
    from tests.factories import ExpenseFactory

    elsewhere = ExpenseFactory(company=other, owner=team.employee)
    notification = notify(team.employee, other, elsewhere)
    client = login(team.employee)
    client.post(reverse("companies:switch", args=[team.company.pk]), {"next": "/"})

    response = client.get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302 and response["Location"] == reverse("expenses:detail", args=[elsewhere.pk])
    assert client.get(response["Location"]).status_code == 200  # the company was switched
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_reminder_link_opens_the_approvals(team, login):
    reminder = Notification.objects.create(
        user=team.approver, company=team.company, kind=Kind.REMINDER, params={"pending": [1], "drafts": []}
    )
    response = login(team.approver).get(reverse("notifications:open", args=[reminder.pk]))
    assert response["Location"] == reverse("expenses:approvals")


def test_someone_elses_notification_link_is_not_found(team, login):
    notification = notify(team.employee, team.company, team.expense())
    assert login(team.approver).get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_the_profile_shows_and_saves_the_email_choices(team, login):
    NotificationSetting.objects.create(user=team.employee, kind=Kind.PAID, email_enabled=False)
    client = login(team.employee)

    page = client.get(reverse("expenses:profile")).content.decode()
    assert 'action="/notifications/email-preferences/"' in page
    assert 'name="paid" id="id_paid"' in page and 'name="approved" id="id_approved" checked' in page

    response = client.post(reverse("notifications:email_preferences"), {"paid": "on", "approved": "on"})

    assert response["Location"] == reverse("expenses:profile") + "#notifications"
    choices = dict(NotificationSetting.objects.filter(user=team.employee).values_list("kind", "email_enabled"))
    assert choices == {"submitted": False, "approved": True, "rejected": False, "paid": True, "reminder": False}
    assert not NotificationSetting.objects.exclude(user=team.employee).exists()


def test_choosing_a_language_in_the_top_bar_remembers_it_for_mails(team, login):
    client = login(team.employee)
    client.post(reverse("set_language"), {"language": "fi", "next": "/"})
    team.employee.refresh_from_db()
    assert team.employee.language == "fi"

    client.post(reverse("set_language"), {"language": "xx", "next": "/"})  # not offered: ignored
    team.employee.refresh_from_db()
    assert team.employee.language == "fi"


def test_choosing_a_language_signed_out_still_works(client):
    response = client.post(reverse("set_language"), {"language": "fi", "next": "/accounts/login/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "fi"


@pytest.mark.parametrize("role", [Role.EMPLOYEE, Role.ADMIN])
def test_every_role_has_the_list(team, login, role):
    user = MembershipFactory(company=team.company, role=role).user
    assert login(user).get(reverse("notifications:list")).status_code == 200


def test_the_list_marks_older_ones_beyond_its_length_read_too(team, login):
    from notifications.selectors import RECENT

    expense = team.expense()
    for _ in range(RECENT + 2):
        notify(team.employee, team.company, expense)

    login(team.employee).get(reverse("notifications:list"))

    assert not Notification.objects.filter(read_at__isnull=True).exists()
