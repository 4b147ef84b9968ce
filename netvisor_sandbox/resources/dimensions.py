"""dimensionlist.nv (spec 6.8) and dimensionitem.nv add/edit (6.9)."""

from lxml import etree

from netvisor_sandbox import dimtree, xmlio
from netvisor_sandbox.envelope import sub
from netvisor_sandbox.errors import DUPLICATE_DATA, NetvisorError, invalid
from netvisor_sandbox.models import SandboxDimension, SandboxDimensionItem
from netvisor_sandbox.resources.base import Call, Resource, check_length, parse_bool
from netvisor_sandbox.tree import Placed
from netvisor_sandbox.xmlio import Field, Node

ITEM_FIELDS = (
    "name", "item", "olditem", "code", "label", "oldcode", "oldlabel", "fatherid", "fatheritem",
    "fathercode", "fatherlabel", "activityperiodstart", "activityperiodend", "ishidden",
)  # fmt: skip
SCHEMA = (
    Field(
        "dimensionitem",
        children=tuple(Field(name, 1 if name in ("name", "item") else 0) for name in ITEM_FIELDS),
    ),
)


def bool_text(value: bool) -> str:
    return "True" if value else "False"


def dimension_list(call: Call) -> list[etree._Element]:
    show_hidden = call.query.get("showhidden", "") == "1"
    root = etree.Element("DimensionNameList")
    for dimension in SandboxDimension.objects.filter(organisation=call.organisation):
        if dimension.is_hidden and not show_hidden:
            continue
        root.append(_dimension_element(dimension, show_hidden))
    return [root]


def _dimension_element(dimension: SandboxDimension, show_hidden: bool) -> etree._Element:
    element = etree.Element("DimensionName")
    sub(element, "Netvisorkey", dimension.pk)
    sub(element, "Name", dimension.name)
    sub(element, "IsHidden", bool_text(dimension.is_hidden))
    sub(element, "LinkType", 0)
    details = sub(element, "DimensionDetails")
    for row in dimtree.tree(dimension):
        # Without showhidden a hidden item takes its whole subtree with it, so no FatherID dangles.
        if row.hidden_path and not show_hidden:
            continue
        details.append(_detail_element(row))
    return element


def _detail_element(row: Placed[SandboxDimensionItem]) -> etree._Element:
    item = row.node
    element = etree.Element("DimensionDetail")
    sub(element, "Netvisorkey", item.pk)
    sub(element, "Name", item.name)
    if item.code:
        sub(element, "Code", item.code)
    if item.label:
        sub(element, "Label", item.label)
    sub(element, "IsHidden", bool_text(item.is_hidden))
    sub(element, "Level", row.level)
    sub(element, "Sort", row.sort)
    sub(element, "EndSort", row.end_sort)
    sub(element, "FatherID", item.parent_id or 0)
    return element


def dimension_item(call: Call) -> list[etree._Element]:
    assert call.body is not None
    xmlio.check(call.body, SCHEMA)
    node = call.body.one("dimensionitem")
    assert node is not None
    method = call.query.get("method", "").lower()
    dimension = dimtree.find_dimension(call.organisation, node.value("name"))
    if dimension is None:
        raise invalid(
            f"Laskentakohdeotsikkoa ei löydy: {node.value('name')}", f"Dimension not found: {node.value('name')}"
        )
    if method == "add":
        _add(dimension, node)
    elif method == "edit":
        _edit(dimension, node, call.query.get("updateparentreference", "").lower() == "true")
    else:
        raise invalid("Parametrin method pitää olla add tai edit", "Parameter method must be add or edit")
    return []


def _add(dimension: SandboxDimension, node: Node) -> None:
    name = check_length(node.value("item"), 200, "item")
    if dimtree.find_item(dimension, name) is not None:
        raise NetvisorError(
            DUPLICATE_DATA, "data", fi=f"Laskentakohde on jo olemassa: {name}", en=f"Item exists: {name}"
        )
    dimtree.add_item(
        dimension,
        name,
        _father(dimension, node),
        code=node.value("code"),
        label=node.value("label"),
        is_hidden=parse_bool(node.value("ishidden"), "ishidden"),
    )


def _edit(dimension: SandboxDimension, node: Node, update_parent: bool) -> None:
    item = _existing(dimension, node)
    item.name = check_length(node.value("item"), 200, "item")
    for element in ("code", "label"):
        if node.one(element) is not None:
            setattr(item, element, node.value(element))
    if node.one("ishidden") is not None:
        item.is_hidden = parse_bool(node.value("ishidden"), "ishidden")
    item.save()
    if update_parent:
        dimtree.move(item, _father(dimension, node))


def _existing(dimension: SandboxDimension, node: Node) -> SandboxDimensionItem:
    items = dimension.items.all()
    if node.value("olditem"):
        found = dimtree.find_item(dimension, node.value("olditem"))
    elif node.value("oldcode"):
        found = items.filter(code=node.value("oldcode")).first()
    elif node.value("oldlabel"):
        found = items.filter(label=node.value("oldlabel")).first()
    else:
        raise invalid("Muokkaus vaatii elementin <olditem>", "Editing needs <olditem>")
    if found is None:
        raise invalid("Muokattavaa laskentakohdetta ei löydy", "The dimension item to edit was not found")
    return found


def _father(dimension: SandboxDimension, node: Node) -> SandboxDimensionItem | None:
    items = dimension.items.all()
    father_id, father_item = node.value("fatherid"), node.value("fatheritem")
    if father_id in ("", "0") and not (father_item or node.value("fathercode") or node.value("fatherlabel")):
        return None
    if father_id.isdigit() and father_id != "0":
        found = items.filter(pk=int(father_id)).first()
        if found is not None and father_item and found.name != father_item:
            found = None
    elif father_item:
        found = dimtree.find_item(dimension, father_item)
    elif node.value("fathercode"):
        found = items.filter(code=node.value("fathercode")).first()
    else:
        found = items.filter(label=node.value("fatherlabel")).first()
    if found is None:
        raise invalid("Isälaskentakohdetta ei löydy", "The parent dimension item was not found")
    return found


LIST = Resource("dimensionlist.nv", "GET", "dimensionlist", dimension_list)
ITEM = Resource("dimensionitem.nv", "POST", "dimensionlist", dimension_item)
