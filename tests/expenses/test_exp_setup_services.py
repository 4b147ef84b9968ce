"""The setup service refuses by itself; the page and the API show its refusal alike."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from bezala.refusals import Refusal
from expenses.models import ApproverAssignment
from expenses.services.setup import assign_approver
from tests.expenses.test_exp_api import api

pytestmark = pytest.mark.django_db

SELF_APPROVAL = "Nobody approves their own expenses; choose someone else."


def test_nobody_is_assigned_as_their_own_approver(office):
    before = ApproverAssignment.objects.count()

    with pytest.raises(Refusal) as refused:
        assign_approver(company=office.company, employee=office.approver, approver=office.approver, actor=office.admin)

    assert (refused.value.field, str(refused.value.text)) == ("approver", SELF_APPROVAL)
    assert refused.value.message_dict == {"approver": [SELF_APPROVAL]}
    assert ApproverAssignment.objects.count() == before
    assert not AuditEntry.objects.filter(action="expenses.approver_assigned").exists()


def test_the_api_shows_the_refusal_on_the_field(office):
    answer = api(office.admin).post(
        "/api/v1/approver-assignments/", {"employee": office.approver.pk, "approver": office.approver.pk}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json() == {"approver": [SELF_APPROVAL]}


def test_the_page_shows_the_refusal_on_the_field(office, login):
    page = login(office.admin).post(
        reverse("expenses:approvers"), {"employee": office.approver.pk, "approver": office.approver.pk}
    )

    assert page.status_code == 200
    assert page.context["form"].errors == {"approver": [SELF_APPROVAL]}
    assert not ApproverAssignment.objects.filter(employee=office.approver).exists()
