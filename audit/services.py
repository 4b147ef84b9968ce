from collections.abc import Iterable

from django.db import models

from audit.models import AuditEntry


def record_audit(
    *,
    action: str,
    actor: models.Model | None = None,
    company: models.Model | None = None,
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
