"""The test call every new set of credentials must pass: read voucher types and rights.

A read proves the right to read; Netvisor's answer to the first write is the final word
(spec 13.5), so a right that no harmless read can prove stays "checked at first use".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.views.decorators.debug import sensitive_variables

from companies.integration import gateway
from companies.models.netvisor import DEFAULT_VOUCHER_TYPE, RightState
from netvisor import CustomerCredentials, NetvisorClient, NetvisorError, PermissionMissing


@dataclass(frozen=True)
class Probe:
    """What a test call with some credentials found out."""

    voucher_types: list[str]
    rights: dict[str, str]

    @property
    def accounting_missing(self) -> bool:
        return self.rights.get("accounting") == RightState.MISSING


def probe(client: NetvisorClient) -> Probe:
    """Read voucher types (needs "accounting") and test the other two rights with harmless reads.

    A missing right is a finding, not a failure: the credentials authenticated, and the box
    shows the admin which right to grant. Any other Netvisor error propagates.
    """
    try:
        voucher_types = [voucher_type.name for voucher_type in client.list_voucher_types()]
        rights: dict[str, str] = {"accounting": RightState.GRANTED}
    except PermissionMissing:
        voucher_types, rights = [], {"accounting": RightState.MISSING}
    rights["dimensionlist"] = _probe_right(lambda: next(iter(client.iter_dimensions(show_hidden=False)), None))
    rights["payment"] = _probe_right(lambda: client.get_unprocessed_payments([0]))
    return Probe(voucher_types=voucher_types, rights=rights)


def _probe_right(call: Callable[[], object]) -> str:
    try:
        call()
    except PermissionMissing:
        return RightState.MISSING
    except NetvisorError:
        return RightState.UNCHECKED
    return RightState.GRANTED


@sensitive_variables()  # the key, and the client's frames below that sign with it
def verify_credentials(customer: CustomerCredentials) -> Probe:
    """Run the probe with credentials that are not stored yet. Raises the client's typed errors."""
    return gateway.call_with_credentials(customer, probe)


def default_voucher_type(names: list[str]) -> str:
    return DEFAULT_VOUCHER_TYPE if DEFAULT_VOUCHER_TYPE in names or not names else names[0]
