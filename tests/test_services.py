"""The service tests: real PostgreSQL, a real Redis broker and real worker processes.

Under CI (REQUIRE_SERVICES=1) each of these fails when its service is missing; on a
laptop they skip with the service named.
"""

from pathlib import Path

import pytest
from django.db import connection

from bezala.celery import app as celery_app
from companies.roles import Role
from companies.services import invite_member
from tests.conftest import REQUIRE_SERVICES, service_unavailable
from tests.services import require_redis, wait_for, worker_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publish_for_real(tmp_path):
    """Send tasks to a broker instead of running them inline, for the length of a test."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: celery_app.conf[key] for key in keys}

    def configure(broker_url: str, transport_options: dict | None = None) -> None:
        for key, value in zip(keys, (False, broker_url, transport_options or {}), strict=True):
            celery_app.conf[key] = value
        _drop_connections()

    yield configure
    for key, value in saved.items():
        celery_app.conf[key] = value
    _drop_connections()


def _drop_connections() -> None:
    """Forget pooled broker connections so the next publish uses the broker configured now."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


def worker_env(tmp_path: Path, broker_url: str) -> dict[str, str]:
    return {
        "BEZALA_DATA_DIR": str(tmp_path),
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "DEBUG": "false",
    }


def sent_mail(tmp_path: Path) -> str:
    folder = tmp_path / "mail"
    return "".join(p.read_text() for p in folder.glob("*.log")) if folder.exists() else ""


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
