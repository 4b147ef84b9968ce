"""Shared fixtures.

REQUIRE_SERVICES=1 (set by CI) turns a missing PostgreSQL, Redis or browser into a test
failure; without it those tests are skipped with a reason that names the missing service.
"""

import os

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import Client

from companies.roles import Role
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def service_unavailable(reason: str) -> None:
    """Fail under CI, skip on a laptop."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(f"service unavailable: {reason}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests with real worker processes first: they are the longest, and one started last would run alone at
    the end while the other pytest-xdist workers have nothing left. Mostly they wait on those processes, so
    the other workers' tests fill the cores meanwhile."""
    items.sort(key=lambda item: item.get_closest_marker("services") is None)


@pytest.fixture(scope="session", autouse=True)
def _test_database_dropped_cleanly(django_db_setup, django_db_blocker):
    """End the sessions a killed worker process left on the test database, so that it can be dropped.

    PostgreSQL keeps the session of a process killed with SIGKILL until it notices the dead socket; until then
    the test database cannot be dropped at the end of the run.
    """
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def member_factory(db):
    def make(company, role=Role.EMPLOYEE, **user_fields):
        user_kwargs = {f"user__{k}": v for k, v in user_fields.items()}
        return MembershipFactory(company=company, role=role, **user_kwargs).user

    return make


@pytest.fixture
def login():
    def make_client(user) -> Client:
        client = Client()
        assert client.login(username=user.email, password=PASSWORD)
        return client

    return make_client


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Finnish leaves Finnish active in its thread; the next test starts in the default."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login throttling lives in the cache; no test may inherit another's failures."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


from tests.exports.books import books  # noqa: E402, F401 - export tests and browser tests share it
from tests.sandbox import sandbox, seed_the_demo_again  # noqa: E402, F401 - a fixture for every test module
from tests.services import publish_for_real  # noqa: E402, F401 - a fixture for the service tests

post_migrate.connect(seed_the_demo_again, sender=apps.get_app_config("netvisor_sandbox"), dispatch_uid="sandbox-demo")
