"""Approvals: search and pages, "Approve all" after a confirmation that says how many and how much,
and approving the ticked rows."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from companies.roles import Role
from expenses.models import Expense
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db


def submitted(office, description, amount="10.00", owner=None, **fields):
    return Expense.objects.create(
        company=office.company,
        owner=owner or office.employee,
        kind="receipt",
        state="submitted",
        submitted_at=timezone.now(),
        date=date(2026, 3, 2),
        description=description,
        amount=Decimal(amount),
        amount_eur=Decimal(amount),
        payment_method=office.own_money,
        **fields,
    )


def states():
    return dict(Expense.objects.values_list("description", "state"))


def confirm(client, **query):
    return client.get(reverse("expenses:approve_all"), query)


def test_inbox_search_and_a_page_beyond_the_end(office, login):
    for index in range(30):
        submitted(office, f"Lounas {index}")
    submitted(office, "Hotelli Kämp")
    client = login(office.approver)

    found = client.get(reverse("expenses:approvals"), {"q": "KÄMP"}).content.decode()
    last = client.get(reverse("expenses:approvals"), {"per_page": "25", "page": "7"}).content.decode()

    assert "Hotelli Kämp" in found and "Lounas" not in found
    assert "Showing 26–31 of 31" in last


def test_confirmation_says_how_many_and_how_much(office, login):
    submitted(office, "Taxi", "10.00")
    submitted(office, "Hotel", "20.05")
    submitted(office, "Lunch", "30.10")
    submitted(office, "Lunch again", "30.10", duplicate_reason="Same date and amount as Lunch")
    stranger = MembershipFactory(company=office.company, role=Role.EMPLOYEE).user
    submitted(office, "Not for this approver", "1000.00", owner=stranger)

    response = confirm(login(office.approver))

    html = unescape(response.content.decode())
    assert "Approve 3 expenses, total 60.15 €?" in html
    assert "1 possible duplicate is left for a closer look." in html
    assert states()["Taxi"] == "submitted"  # asking changes nothing


def test_confirmed_approve_all_approves_exactly_what_was_shown(office, login):
    submitted(office, "Taxi")
    submitted(office, "Lunch again", duplicate_reason="Same date and amount as Lunch")
    client = login(office.approver)
    fingerprint = confirm(client).context["preview"].fingerprint

    response = client.post(reverse("expenses:approve_all"), {"fingerprint": fingerprint}, follow=True)

    assert states() == {"Taxi": "approved", "Lunch again": "submitted"}
    assert "1 approved, 0 left for a closer look." in response.content.decode()


def test_approve_all_with_a_search_covers_only_what_it_finds(office, login):
    submitted(office, "Taksi Turku", "12.00")
    submitted(office, "Hotel", "99.00")
    client = login(office.approver)
    shown = confirm(client, q="taksi")

    client.post(reverse("expenses:approve_all"), {"q": "taksi", "fingerprint": shown.context["preview"].fingerprint})

    assert "Approve 1 expense, total 12.00 €?" in unescape(shown.content.decode())
    assert states() == {"Taksi Turku": "approved", "Hotel": "submitted"}


@pytest.mark.parametrize("change", ["new expense", "amount corrected", "approved by someone else"])
def test_nothing_is_approved_when_the_inbox_changed_after_the_confirmation(office, login, change):
    taxi = submitted(office, "Taxi")
    client = login(office.approver)
    fingerprint = confirm(client).context["preview"].fingerprint
    if change == "new expense":
        submitted(office, "Late arrival", "500.00")
    elif change == "amount corrected":
        Expense.objects.filter(pk=taxi.pk).update(amount_eur=Decimal("900.00"), updated_at=timezone.now())
    else:
        submitted(office, "Approved meanwhile")
        fingerprint = confirm(client).context["preview"].fingerprint
        Expense.objects.filter(description="Approved meanwhile").update(state="approved")

    response = client.post(reverse("expenses:approve_all"), {"fingerprint": fingerprint}, follow=True)

    assert states()["Taxi"] == "submitted"
    assert "changed meanwhile" in response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("expenses:approve_all"))


def test_approve_all_without_a_confirmation_approves_nothing(office, login):
    submitted(office, "Taxi")

    login(office.approver).post(reverse("expenses:approve_all"))

    assert states() == {"Taxi": "submitted"}


def test_approve_selected_skips_a_row_the_approver_may_not_approve(office, login):
    taxi = submitted(office, "Taxi")
    hotel = submitted(office, "Hotel")
    submitted(office, "Not ticked")
    stranger = MembershipFactory(company=office.company, role=Role.EMPLOYEE).user
    foreign = submitted(office, "Not for this approver", owner=stranger)
    ids = [taxi.pk, hotel.pk, foreign.pk]

    response = login(office.approver).post(reverse("expenses:approve_selected"), {"expense": ids}, follow=True)

    assert states() == {
        "Taxi": "approved",
        "Hotel": "approved",
        "Not ticked": "submitted",
        "Not for this approver": "submitted",
    }
    assert "2 approved, 1 skipped." in response.content.decode()


def test_approve_selected_never_approves_ones_own_expense(office, login):
    own = submitted(office, "Own", owner=office.admin)
    other = submitted(office, "Employee's")

    login(office.admin).post(reverse("expenses:approve_selected"), {"expense": [own.pk, other.pk]})

    assert states() == {"Own": "submitted", "Employee's": "approved"}


def test_approve_selected_goes_back_to_the_same_search(office, login):
    taxi = submitted(office, "Taxi")
    back = reverse("expenses:approvals") + "?q=taxi&page=1"

    response = login(office.approver).post(reverse("expenses:approve_selected"), {"expense": [taxi.pk], "next": back})

    assert response.url == back


def test_approve_selected_refuses_nonsense_ids(office, login):
    taxi = submitted(office, "Taxi")

    login(office.approver).post(reverse("expenses:approve_selected"), {"expense": [taxi.pk, "x"]})

    assert states() == {"Taxi": "submitted"}


def test_the_rows_tick_boxes_belong_to_the_approve_selected_form(office, login):
    taxi = submitted(office, "Taxi")

    html = login(office.approver).get(reverse("expenses:approvals")).content.decode()

    assert re.search(rf'name="expense" value="{taxi.pk}" form="approve-selected"', html)
    assert re.search(r'<form method="post" action="/expenses/approvals/approve-selected/" id="approve-selected"', html)


def test_bulk_approvals_need_the_csrf_token(office):
    taxi = submitted(office, "Taxi")
    client = Client(enforce_csrf_checks=True)
    client.login(username=office.approver.email, password=PASSWORD)

    refused_selected = client.post(reverse("expenses:approve_selected"), {"expense": [taxi.pk]})
    fingerprint = client.get(reverse("expenses:approve_all")).context["preview"].fingerprint
    refused_all = client.post(reverse("expenses:approve_all"), {"fingerprint": fingerprint})
    page = client.get(reverse("expenses:approvals")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = client.post(reverse("expenses:approve_selected"), {"expense": [taxi.pk], "csrfmiddlewaretoken": token})

    assert (refused_selected.status_code, refused_all.status_code, accepted.status_code) == (403, 403, 302)
    assert states() == {"Taxi": "approved"}


def test_employees_have_no_bulk_approval(office, login):
    taxi = submitted(office, "Taxi", owner=office.approver)
    client = login(office.employee)

    assert client.get(reverse("expenses:approve_all")).status_code == 404
    assert client.post(reverse("expenses:approve_selected"), {"expense": [taxi.pk]}).status_code == 404
    assert states() == {"Taxi": "submitted"}


def test_approve_selected_with_nothing_ticked_says_so(office, login):
    submitted(office, "Taxi")

    response = login(office.approver).post(reverse("expenses:approve_selected"), follow=True)

    assert "Choose the expenses to approve first." in response.content.decode()
    assert states() == {"Taxi": "submitted"}
