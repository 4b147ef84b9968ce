"""`manage.py seed_demo`: the demo company, its people, and (with DEMO_NETVISOR) a tested sandbox connection."""

import json

from django.core.management import call_command

from accounts.models import User
from companies.models import Company, NetvisorConnection


def test_seed_demo_connects_to_the_sandbox_and_can_run_twice(sandbox, monkeypatch):
    monkeypatch.setenv(
        "DEMO_NETVISOR",
        json.dumps(
            {
                "base_url": sandbox.base_url,
                "customer_id": sandbox.customer_id,
                "customer_key": sandbox.customer_key,
                "organisation_id": sandbox.organisation_id,
            }
        ),
    )
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    company = Company.objects.get(name="Demo Oy")
    assert company.memberships.count() == 3
    assert User.objects.get(email="admin@demo.example").check_password("demo-password-1")
    connection = NetvisorConnection.objects.get(company=company)
    assert connection.is_connected and connection.voucher_type == "Muut"
    assert connection.rights == {"accounting": "granted", "dimensionlist": "granted", "payment": "granted"}
    assert connection.credentials_set_at is not None  # the box can say "set on <date>"
    assert connection.credentials_set_by.email == "admin@demo.example"  # not "by Netvisor Store"


def test_the_demo_is_exported_by_pressing_one_button(sandbox, monkeypatch, settings, tmp_path):
    from exports.models import PaymentExport
    from exports.services.queueing import send_now
    from netvisor_sandbox.models import SandboxVoucher

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("DEMO_NETVISOR", json.dumps({"base_url": sandbox.base_url, **{
        key: getattr(sandbox, key) for key in ("customer_id", "customer_key", "organisation_id")}}))  # fmt: skip
    call_command("seed_demo", verbosity=0)
    company = Company.objects.get(name="Demo Oy")

    queued = send_now(company=company, actor=User.objects.get(email="admin@demo.example"))

    assert queued == 1
    voucher = SandboxVoucher.objects.get(description__contains="[BZ-")
    assert "Junaliput Tampereelle" in voucher.description
    assert PaymentExport.objects.get(company=company).state == "sent"
