from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_errors(
    error: ValidationError, form: forms.Form, formset: forms.BaseFormSet[forms.Form] | None = None
) -> None:
    """Put a service's field-keyed errors next to the fields they are about.

    ``lines.<i>.<field>`` / ``legs.<i>.<field>`` go to row ``i`` of the formset; a name the form does
    not have becomes a form-wide error.
    """
    for key, messages in error.message_dict.items():
        target, field = _target(key, form, formset)
        for message in messages:
            target.add_error(field, message)


def _target(key: str, form: forms.Form, formset: forms.BaseFormSet[forms.Form] | None) -> tuple[forms.Form, str | None]:
    parts = key.split(".")
    if formset is not None and len(parts) == 3 and parts[1].isdigit():
        rows = [row for row in formset.forms if row.has_changed() and row not in formset.deleted_forms]
        if int(parts[1]) < len(rows):
            row = rows[int(parts[1])]
            return row, parts[2] if parts[2] in row.fields else None
    return form, key if key != NON_FIELD_ERRORS and key in form.fields else None
