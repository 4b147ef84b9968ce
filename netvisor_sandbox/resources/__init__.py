"""The simulated Netvisor resources, looked up case-insensitively by file name (`Accounting.nv`)."""

from netvisor_sandbox.resources import accounting, connection, dimensions, ledger, lists, payments
from netvisor_sandbox.resources.base import Call, Resource

RESOURCES: dict[str, Resource] = {
    resource.name: resource
    for resource in (
        accounting.RESOURCE,
        ledger.RESOURCE,
        ledger.ATTACHMENTS,
        lists.VOUCHER_TYPES,
        lists.ACCOUNTS,
        lists.PERIODS,
        dimensions.LIST,
        dimensions.ITEM,
        payments.PAYMENT,
        payments.UNPROCESSED,
        connection.RESOURCE,
    )
}


def lookup(name: str) -> Resource | None:
    return RESOURCES.get(name.lower())


__all__ = ["RESOURCES", "Call", "Resource", "lookup"]
