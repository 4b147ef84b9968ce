"""The dimension list editor: add an item under a parent, rename, hide/unhide, delete, move."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from netvisor_sandbox import dimtree
from netvisor_sandbox.errors import NetvisorError
from netvisor_sandbox.models import SandboxDimension, SandboxDimensionItem, SandboxOrganisation
from netvisor_sandbox.views_pages import get_organisation, render_page


def dimensions(request: HttpRequest, business_id: str) -> HttpResponse:
    organisation = get_organisation(business_id)
    if request.method == "POST":
        try:
            _apply(request, organisation)
        except NetvisorError as error:
            messages.error(request, error.text("EN"))
        return redirect("nvsandbox-dimensions", business_id=business_id)
    listing = [(dimension, dimtree.tree(dimension)) for dimension in organisation.dimensions.all()]
    return render_page(request, "dimensions.html", organisation, "nvsandbox-dimensions", listing=listing)


def _apply(request: HttpRequest, organisation: SandboxOrganisation) -> None:
    action = request.POST.get("action", "")
    if action == "add_dimension":
        name = request.POST.get("name", "").strip()[:50]
        if name:
            SandboxDimension.objects.get_or_create(organisation=organisation, name=name)
        return
    if action == "toggle_dimension":
        dimension = organisation.dimensions.filter(pk=_pk(request, "dimension")).first()
        if dimension is not None:
            dimension.is_hidden = not dimension.is_hidden
            dimension.save(update_fields=["is_hidden"])
        return
    if action == "add_item":
        _add_item(request, organisation)
        return
    item = SandboxDimensionItem.objects.filter(dimension__organisation=organisation, pk=_pk(request, "item")).first()
    if item is not None:
        _change_item(request, item, action)


def _pk(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0


def _parent(request: HttpRequest, dimension: SandboxDimension) -> SandboxDimensionItem | None:
    return dimension.items.filter(pk=_pk(request, "parent")).first()


def _add_item(request: HttpRequest, organisation: SandboxOrganisation) -> None:
    dimension = organisation.dimensions.filter(pk=_pk(request, "dimension")).first()
    name = request.POST.get("name", "").strip()[:200]
    if dimension is None or not name:
        return
    if dimtree.find_item(dimension, name) is not None:
        messages.error(request, f"{dimension.name} already has an item called {name}.")
        return
    dimtree.add_item(dimension, name, _parent(request, dimension))
    messages.success(request, f"Added {name} to {dimension.name}.")


def _change_item(request: HttpRequest, item: SandboxDimensionItem, action: str) -> None:
    if action == "rename":
        item.name = request.POST.get("name", "").strip()[:200] or item.name
        item.save(update_fields=["name"])
    elif action == "toggle_hidden":
        item.is_hidden = not item.is_hidden
        item.save(update_fields=["is_hidden"])
    elif action == "move":
        dimtree.move(item, _parent(request, item.dimension))
    elif action == "delete":
        with transaction.atomic():
            # Children move up to the deleted item's parent instead of disappearing with it.
            for child in item.children.all():
                dimtree.move(child, item.parent)
            item.delete()
