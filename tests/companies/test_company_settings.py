"""The basic settings page saves through one service: the company and its audit entry together."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from companies.roles import Role

pytestmark = pytest.mark.django_db


def test_the_audit_entry_names_only_what_changed(company, member_factory, login):
    admin = member_factory(company, Role.ADMIN)

    response = login(admin).post(
        reverse("companies:settings"), {"name": "Uusi Nimi Oy", "business_id": company.business_id}
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.name == "Uusi Nimi Oy"
    entry = AuditEntry.objects.get(action="company.settings_changed")
    assert (entry.actor, entry.company, entry.changed_fields) == (admin, company, ["name"])
