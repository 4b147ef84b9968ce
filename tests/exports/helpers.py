"""Reading the sandbox's books and driving a company's lane by hand in export tests."""

from django.utils import timezone

from exports.models import PaymentExport, VoucherExport
from exports.services.lanes import drain
from netvisor_sandbox import calls, faults
from netvisor_sandbox.models import SandboxOrganisation, SandboxVoucher


def organisation(books) -> SandboxOrganisation:
    return SandboxOrganisation.objects.get(business_id=books.sandbox.organisation_id)


def sandbox_vouchers(books):
    return SandboxVoucher.objects.filter(organisation=organisation(books))


def set_fault(books, kind: str, **options) -> None:
    faults.set_fault(organisation(books), kind, **options)


def clear_faults(books) -> None:
    faults.clear(organisation(books))


def posts_of(books, row: VoucherExport) -> int:
    return calls.posts_with_reference(organisation(books), f"[{row.reference}]")


def drain_until_settled(books, rounds: int = 60) -> None:
    """Run the lane until nothing is waiting, making every backoff due at once (no clock in tests)."""
    open_states = ["pending", "unknown", "sending"]
    for _round in range(rounds):
        VoucherExport.objects.filter(state__in=open_states).update(next_attempt_at=timezone.now())
        PaymentExport.objects.filter(state="pending").update(next_attempt_at=timezone.now())
        drain(company_id=books.company.pk)
        waiting = VoucherExport.objects.filter(state__in=open_states).exists()
        if not waiting and not PaymentExport.objects.filter(state__in=["pending", "sending"]).exists():
            return
    raise AssertionError("the export did not settle")
