"""Which apps each settings module installs; read in a fresh process, as each runs."""

import os
import subprocess
import sys

import pytest

PRODUCTION_SECRETS = {  # throw-away values of the right shape, as scripts/check_deploy.py uses
    "SECRET_KEY": "settings-test-" + "x7Gq2pLm9Vz4Rt8Kw1Ny5Bc3Hd6Jf0Sa" * 2,
    "FIELD_ENCRYPTION_KEYS": "Y2hlY2stZGVwbG95LWZpZWxkLWtleS0wMTIzNDU2Nzg=",
    "DATABASE_URL": "postgres://bezala@127.0.0.1:5432/bezala",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "expenses.example.com",
}


def installed_apps(module: str) -> list[str]:
    env = {**os.environ, **PRODUCTION_SECRETS, "DJANGO_SETTINGS_MODULE": module}
    code = "import django; django.setup(); from django.conf import settings; print(*settings.INSTALLED_APPS)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_production_does_not_install_the_netvisor_sandbox():
    apps = installed_apps("bezala.settings.production")
    assert "expenses" in apps and "netvisor_sandbox" not in apps


@pytest.mark.parametrize("module", ["bezala.settings.local", "bezala.settings.test"])
def test_make_run_and_the_tests_have_the_sandbox(module):
    assert "netvisor_sandbox" in installed_apps(module)
