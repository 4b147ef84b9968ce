"""The weekly reminder: approvals waiting for each approver and each person's drafts older than a week."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.utils import timezone

from companies.models import Membership
from expenses.models import Expense, State
from notifications.models import Kind, Notification
from notifications.recipients import Routing, routing_of
from notifications.services import record_notifications

DRAFT_AGE = timedelta(days=7)
# A second run within this time (a retried or doubled beat) reminds nobody again.
QUIET = timedelta(days=6)

Key = tuple[int, int]  # (company id, user id)


def send_weekly_reminders() -> int:
    """One reminder (an in-app entry, and a mail unless turned off) per person and company with something
    waiting. Safe to repeat within the week. Returns how many were recorded."""
    now = timezone.now()
    pending = _pending_approvals()
    drafts = _old_drafts(now - DRAFT_AGE)
    waiting = set(pending) | set(drafts)
    due = (waiting - _reminded_since(now - QUIET)) & _active_members(waiting)
    recorded = record_notifications(
        Notification(
            company_id=company_id,
            user_id=user_id,
            kind=Kind.REMINDER,
            created_at=now,
            params={"pending": pending.get((company_id, user_id), []), "drafts": drafts.get((company_id, user_id), [])},
        )
        for company_id, user_id in sorted(due)
    )
    return len(recorded)


def _pending_approvals() -> dict[Key, list[int]]:
    """The submitted expenses each approver is asked to approve (see recipients)."""
    found: dict[Key, list[int]] = defaultdict(list)
    routings: dict[int, Routing] = {}
    submitted = Expense.objects.filter(state=State.SUBMITTED).order_by("company_id", "submitted_at", "pk")
    for pk, company_id, owner_id in submitted.values_list("pk", "company_id", "owner_id"):
        if company_id not in routings:
            routings[company_id] = routing_of(company_id)
        for approver_id in routings[company_id].approvers_for(owner_id):
            found[(company_id, approver_id)].append(pk)
    return found


def _old_drafts(before: datetime) -> dict[Key, list[int]]:
    found: dict[Key, list[int]] = defaultdict(list)
    drafts = Expense.objects.filter(state=State.DRAFT, created_at__lt=before).order_by("company_id", "created_at", "pk")
    for pk, company_id, owner_id in drafts.values_list("pk", "company_id", "owner_id"):
        found[(company_id, owner_id)].append(pk)
    return found


def _reminded_since(since: datetime) -> set[Key]:
    recent = Notification.objects.filter(kind=Kind.REMINDER, created_at__gte=since)
    return set(recent.values_list("company_id", "user_id"))


def _active_members(keys: set[Key]) -> set[Key]:
    company_ids = {company_id for company_id, _user in keys}
    members = Membership.objects.filter(company_id__in=company_ids, is_active=True, user__is_active=True)
    return set(members.values_list("company_id", "user_id")) & keys
