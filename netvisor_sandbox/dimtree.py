"""Dimension items: hierarchy (Level, Sort/EndSort, FatherID from parent links) and find-or-create."""

from django.db.models import Max

from netvisor_sandbox.errors import invalid
from netvisor_sandbox.models import SandboxDimension, SandboxDimensionItem, SandboxOrganisation
from netvisor_sandbox.tree import Placed, preorder


def tree(dimension: SandboxDimension) -> list[Placed[SandboxDimensionItem]]:
    return preorder(dimension.items.all())


def descendants(item: SandboxDimensionItem) -> set[int]:
    rows = tree(item.dimension)
    mine = next(row for row in rows if row.node.pk == item.pk)
    return {row.node.pk for row in rows if mine.sort < row.sort <= mine.end_sort}


def next_position(dimension: SandboxDimension, parent: SandboxDimensionItem | None) -> int:
    current = dimension.items.filter(parent=parent).aggregate(top=Max("position"))["top"]
    return 0 if current is None else current + 1


def add_item(
    dimension: SandboxDimension, name: str, parent: SandboxDimensionItem | None = None, **fields: object
) -> SandboxDimensionItem:
    return SandboxDimensionItem.objects.create(
        dimension=dimension, name=name, parent=parent, position=next_position(dimension, parent), **fields
    )


def move(item: SandboxDimensionItem, parent: SandboxDimensionItem | None) -> None:
    if parent is not None and (parent.pk == item.pk or parent.pk in descendants(item)):
        raise invalid("Laskentakohdetta ei voi siirtää itsensä alle", "A dimension item cannot be moved under itself")
    item.parent = parent
    item.position = next_position(item.dimension, parent)
    item.save(update_fields=["parent", "position"])


def find_item(dimension: SandboxDimension, name: str) -> SandboxDimensionItem | None:
    items = dimension.items.all()
    return items.filter(name=name).first() or items.filter(name__iexact=name).first()


def find_dimension(organisation: SandboxOrganisation, name: str) -> SandboxDimension | None:
    dimensions = organisation.dimensions.all()
    return dimensions.filter(name=name).first() or dimensions.filter(name__iexact=name).first()


def ensure_item(organisation: SandboxOrganisation, dimension_name: str, item_name: str, father_id: str = "") -> None:
    """Vouchers create unknown dimension headers and items on the fly (Netvisor's default behaviour)."""
    dimension = find_dimension(organisation, dimension_name)
    if dimension is None:
        dimension = SandboxDimension.objects.create(organisation=organisation, name=dimension_name)
    if find_item(dimension, item_name) is not None:
        return
    parent = None
    if father_id.strip() and father_id.strip() != "0":
        parent = dimension.items.filter(pk=int(father_id)).first() if father_id.strip().isdigit() else None
        if parent is None:
            raise invalid(
                f"Isälaskentakohdetta {father_id} ei löydy laskentakohteelle {dimension_name}",
                f"Parent dimension item {father_id} not found in {dimension_name}",
            )
    add_item(dimension, item_name, parent)
