"""A company's voucher types ("Tositelajit"): add its own, delete its own; the 12 system types stay.

accounting.nv finds a voucher type by its full Name (spec 6.1), so names are unique per company as
well as abbreviations, both regardless of letter case; otherwise a voucherclass could mean two types.
"""

import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from netvisor_sandbox.models import SandboxOrganisation, SandboxVoucherType

ABBREVIATION_MAX = SandboxVoucherType._meta.get_field("abbreviation").max_length or 10
NAME_MAX = SandboxVoucherType._meta.get_field("name").max_length or 100


class VoucherTypeRefused(ValueError):
    """The change was not made; the text says why, in words for the person on the page."""


def add_voucher_type(*, organisation: SandboxOrganisation, abbreviation: str, name: str) -> SandboxVoucherType:
    """Add an own voucher type. Raises VoucherTypeRefused for bad input or a taken abbreviation or name."""
    abbreviation, name = abbreviation.strip(), name.strip()
    _check_abbreviation(abbreviation)
    _check_name(name)
    types = organisation.voucher_types
    if types.filter(abbreviation__iexact=abbreviation).exists():
        raise VoucherTypeRefused(f"There is already a voucher type with the abbreviation {abbreviation}.")
    if types.filter(name__iexact=name).exists():
        raise VoucherTypeRefused(f"There is already a voucher type called {name}.")
    try:
        with transaction.atomic():
            return SandboxVoucherType.objects.create(organisation=organisation, abbreviation=abbreviation, name=name)
    except IntegrityError as exc:  # someone added the same abbreviation a moment ago
        raise VoucherTypeRefused(f"There is already a voucher type with the abbreviation {abbreviation}.") from exc


def delete_voucher_type(*, organisation: SandboxOrganisation, pk: int) -> SandboxVoucherType:
    """Delete one of the company's own voucher types; system types and types in use stay."""
    voucher_type = organisation.voucher_types.filter(pk=pk).first()
    if voucher_type is None:
        raise VoucherTypeRefused("That voucher type does not exist any more.")
    if voucher_type.is_system:
        raise VoucherTypeRefused(f"{voucher_type.name} is a system voucher type and cannot be deleted.")
    in_use = f"{voucher_type.name} has vouchers and cannot be deleted."
    if voucher_type.sandboxvoucher_set.exists():
        raise VoucherTypeRefused(in_use)
    try:
        with transaction.atomic():
            voucher_type.delete()
    except ProtectedError as exc:  # a voucher was posted with it a moment ago
        raise VoucherTypeRefused(in_use) from exc
    return voucher_type


def _check_abbreviation(abbreviation: str) -> None:
    if not abbreviation:
        raise VoucherTypeRefused("Abbreviation is required.")
    if len(abbreviation) > ABBREVIATION_MAX:
        raise VoucherTypeRefused(f"Abbreviation can be at most {ABBREVIATION_MAX} characters.")
    if not abbreviation.isalnum():
        raise VoucherTypeRefused("Abbreviation can contain only letters and digits.")


def _check_name(name: str) -> None:
    if not name:
        raise VoucherTypeRefused("Name is required.")
    if len(name) > NAME_MAX:
        raise VoucherTypeRefused(f"Name can be at most {NAME_MAX} characters.")
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise VoucherTypeRefused("Name cannot contain control characters such as line breaks.")
