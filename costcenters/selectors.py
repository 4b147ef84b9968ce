"""Reads of cost centers for pages, the API, expense forms and the voucher export."""

from django.db.models import Q, QuerySet

from companies.models import Company
from costcenters.models import DEFAULT_DIMENSION_NAME, CostCenter, CostCenterFetch, CostCenterSettings
from netvisor.models import VoucherDimension


def cost_centers_for_list(company: Company, *, query: str = "", include_inactive: bool = False) -> QuerySet[CostCenter]:
    found = CostCenter.objects.filter(company=company)
    if not include_inactive:
        found = found.filter(is_active=True)
    query = " ".join(query.split())
    if query:
        found = found.filter(Q(name__icontains=query) | Q(code__icontains=query) | Q(label__icontains=query))
    return found.order_by("dimension_name", "sort", "name", "pk")


def voucher_dimension(cost_center: CostCenter, *, default_dimension: str | None = None) -> tuple[str, str]:
    """(Netvisor dimension name, item name) for a voucher line of an expense with this cost center.

    A fetched item is named exactly as Netvisor spells it (Netvisor matches the name literally; a
    tidied spelling would make it create a twin item). Local cost centers go under the company's
    first chosen header (pass ``default_dimension`` when naming many, to read it once); Netvisor
    creates the item there on the first voucher that names it.
    """
    if cost_center.dimension_name:
        return cost_center.dimension_name, cost_center.netvisor_name or cost_center.name
    return default_dimension or local_dimension(cost_center.company_id), cost_center.name


def voucher_line_dimensions(cost_center: CostCenter | None) -> tuple[VoucherDimension, ...]:
    """What an expense line's cost center puts on its voucher line (``VoucherLine.dimensions``)."""
    if cost_center is None:
        return ()
    return (VoucherDimension(*voucher_dimension(cost_center)),)


def local_dimension(company_id: int) -> str:
    """The Netvisor header that local cost centers go under on vouchers."""
    settings = CostCenterSettings.objects.filter(company_id=company_id).first()
    return settings.chosen_dimensions[0] if settings is not None else DEFAULT_DIMENSION_NAME


def latest_fetch(company: Company) -> CostCenterFetch | None:
    return CostCenterFetch.objects.filter(company=company).first()


def fetch_of(company: Company, fetch_id: int) -> CostCenterFetch | None:
    return CostCenterFetch.objects.filter(company=company, pk=fetch_id).first()


def cost_center_paths(company_id: int) -> dict[int, str]:
    """Each cost center's name after its parents' ("Sales › Helsinki"), by id.

    Netvisor allows two items of the same name under different parents or dimensions; a
    choice list showing the bare names would offer two identical lines. One query for the tree.
    """
    tree: dict[int, tuple[str, int | None]] = {
        pk: (name, parent_id)
        for pk, name, parent_id in CostCenter.objects.filter(company_id=company_id).values_list(
            "pk", "name", "parent_id"
        )
    }
    return {pk: " › ".join(_ancestry(tree, pk)) for pk in tree}


def _ancestry(tree: dict[int, tuple[str, int | None]], pk: int) -> list[str]:
    names: list[str] = []
    current: int | None = pk
    while current in tree and len(names) < len(tree):  # the bound guards against a cycle in bad data
        name, current = tree[current]
        names.append(name)
    return names[::-1]
