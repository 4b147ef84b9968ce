"""The service tests: real PostgreSQL, a real Redis broker and real worker processes.

Under CI (REQUIRE_SERVICES=1) each of these fails when its service is missing; on a
laptop they skip with the service named.
"""

import pytest
from django.db import connection

from companies.roles import Role
from companies.services import invite_member
from tests.conftest import REQUIRE_SERVICES, service_unavailable
from tests.services import require_redis, sent_mail, wait_for, worker_env, worker_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_suite_runs_on_postgresql_under_ci():
    if not REQUIRE_SERVICES and connection.vendor != "postgresql":
        service_unavailable("PostgreSQL (the suite ran on SQLite; set DATABASE_URL to a PostgreSQL database)")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("select current_setting('server_version_num')::int")
        assert cursor.fetchone()[0] >= 140000


def test_invitation_email_is_sent_by_a_worker_over_redis(tmp_path, publish_for_real, company, member_factory):
    broker = require_redis()
    publish_for_real(broker)
    admin = member_factory(company, Role.ADMIN)
    with worker_process(worker_env(tmp_path, broker)):
        invitation = invite_member(company=company, email="queued@example.com", role=Role.EMPLOYEE, invited_by=admin)
        text = wait_for(lambda: sent_mail(tmp_path))
    assert "queued@example.com" in text
    assert f"/accounts/invitations/{invitation.token}/" in text


def test_embedded_filesystem_broker_runs_tasks_in_a_real_worker(tmp_path, publish_for_real, company, member_factory):
    """The laptop default: no broker server, yet the work happens in another process."""
    broker_dir = tmp_path / "broker"
    options = {
        "data_folder_in": str(broker_dir / "queue"),
        "data_folder_out": str(broker_dir / "queue"),
        "processed_folder": str(broker_dir / "processed"),
        "control_folder": str(broker_dir / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
    for folder in ("queue", "processed", "control"):
        (broker_dir / folder).mkdir(parents=True)
    publish_for_real("filesystem://", options)
    admin = member_factory(company, Role.ADMIN)
    with worker_process(worker_env(tmp_path, "filesystem://")):
        invite_member(company=company, email="embedded@example.com", role=Role.EMPLOYEE, invited_by=admin)
        assert "embedded@example.com" in wait_for(lambda: sent_mail(tmp_path))
