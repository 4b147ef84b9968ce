"""Through a real worker process: the mails of a submission and a rejection leave from the worker, after commit."""

import pytest

from expenses.services import reject_expense, submit_expense
from tests.services import sent_mail, wait_for, worker_env, worker_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def embedded_broker(tmp_path) -> dict[str, object]:
    """The laptop default broker (a folder), so the test needs no broker server."""
    folder = tmp_path / "broker"
    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }


def test_submitting_and_rejecting_mail_through_a_real_worker(tmp_path, publish_for_real, team):
    publish_for_real("filesystem://", embedded_broker(tmp_path))
    team.approver.language = "fi"
    team.approver.save(update_fields=["language"])
    expense = team.expense()

    with worker_process(worker_env(tmp_path, "filesystem://")):
        expense = submit_expense(expense=expense, actor=team.employee)
        wait_for(lambda: team.approver.email in sent_mail(tmp_path))
        reject_expense(expense=expense, actor=team.approver, reason="Kuitti puuttuu")
        wait_for(lambda: len(mails(tmp_path)) == 2)

    to_approver, to_employee = (mail_to(tmp_path, person) for person in (team.approver, team.employee))
    # In Finnish: its formats (its words too once the catalogue is merged, so they are not asserted here).
    assert "Content-Language: fi" in to_approver and "1234,50" in to_approver and "2.3.2026" in to_approver
    assert "Content-Language: en" in to_employee and "Subject: Expense rejected: Taxi to the airport" in to_employee
    assert "Kuitti puuttuu" in to_employee


def mails(tmp_path) -> list[str]:
    """The messages the file backend wrote, each ended by a line of dashes."""
    return [text for text in sent_mail(tmp_path).split("-" * 79) if text.strip()]


def mail_to(tmp_path, person) -> str:
    [found] = [text for text in mails(tmp_path) if f"To: {person.email}" in text]
    return found
