from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

from audit.models import AuditEntry

if TYPE_CHECKING:
    from accounts.models import User
    from companies.models import Company


def record_audit(
    *,
    action: str,
    actor: User | None = None,
    company: Company | None = None,
    obj: models.Model | None = None,
    changed_fields: Iterable[str] = (),
) -> AuditEntry:
    """Write one audit entry; call it inside the transaction of the change it describes."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        company=company,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        changed_fields=sorted(changed_fields),
    )


def record_audits(
    *,
    action: str,
    objects: Iterable[tuple[int, str, object]],
    actor: User | None = None,
    changed_fields: Iterable[str] = (),
) -> None:
    """One audit entry per (company id, object label, object id), in one INSERT, for bulk changes."""
    fields = sorted(changed_fields)
    actor = actor if actor is not None and actor.pk else None
    AuditEntry.objects.bulk_create(
        AuditEntry(
            actor=actor,
            company_id=company_id,
            action=action,
            object_type=label,
            object_id=str(pk),
            changed_fields=fields,
        )
        for company_id, label, pk in objects
    )
