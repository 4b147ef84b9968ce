"""Dimension data for cost center tests: generated items, the sandbox's demo dimension, new credentials."""

from companies.integration import services as connection_services
from companies.models import NetvisorConnection
from netvisor.models import Dimension, DimensionItem
from netvisor_sandbox.models import SandboxDimension, SandboxDimensionItem, SandboxOrganisation
from tests.companies.netvisor_helpers import new_api_identifier
from tests.factories import MembershipFactory

HEADER = Dimension(netvisor_key=1, name="Kustannuspaikka", is_hidden=False)


def item(key: int, name: str, *, father: int | None = None, sort: int | None = None, level: int = 1, **fields):
    values = {"code": None, "label": None, "is_hidden": False, "end_sort": None}
    values.update(fields)
    return DimensionItem(
        netvisor_key=key,
        name=name,
        level=level,
        sort=key if sort is None else sort,
        father_id=father,
        dimension_key=HEADER.netvisor_key,
        dimension_name=HEADER.name,
        **values,
    )


def records(*items, header: Dimension = HEADER):
    return [header, *items]


def generated(count: int, *, renamed_every: int = 0, first_key: int = 1) -> list:
    """``count`` items in a two-level tree: every 10th item is a parent of the nine after it."""
    items = []
    for index in range(count):
        key = first_key + index
        parent = key - key % 10 if key % 10 else None
        name = f"Kustannuspaikka {key}"
        if renamed_every and index % renamed_every == 0:
            name += " (uusi)"
        items.append(item(key, name, father=parent, sort=index + 1, level=2 if parent else 1, code=f"K{key}"))
    return items


def demo_dimension(sandbox) -> SandboxDimension:
    organisation = SandboxOrganisation.objects.get(business_id=sandbox.organisation_id)
    return SandboxDimension.objects.get(organisation=organisation, name="Kustannuspaikka")


def demo_item(sandbox, name: str) -> SandboxDimensionItem:
    return demo_dimension(sandbox).items.get(name=name)


def update_credentials(sandbox, company) -> None:
    """An admin enters a fresh API identifier under Change credentials (this resumes paused work)."""
    admin = MembershipFactory(company=company, role="admin").user
    fresh = new_api_identifier(sandbox)
    expired = NetvisorConnection.objects.get(company=company)
    connection_services.change_credentials(
        company=company, user_id=fresh.customer_id, user_secret=fresh.customer_key,
        voucher_type=expired.voucher_type, actor=admin, version=expired.version,
    )  # fmt: skip


def dimension_answer(items, *, header: str = "Kustannuspaikka") -> bytes:
    """A ``dimensionlist.nv`` answer as Netvisor sends it; ``items`` are (key, name, father key) tuples."""
    from xml.sax.saxutils import escape

    details = "".join(
        f"<DimensionDetail><Netvisorkey>{key}</Netvisorkey><Name>{escape(name)}</Name>"
        f"<IsHidden>False</IsHidden><Level>{2 if father else 1}</Level><Sort>{position}</Sort>"
        f"<EndSort>{position}</EndSort><FatherID>{father or 0}</FatherID></DimensionDetail>"
        for position, (key, name, father) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><Root><ResponseStatus><Status>OK</Status>'
        "<TimeStamp>2026-01-02 06:20:00</TimeStamp></ResponseStatus><DimensionNameList><DimensionName>"
        f"<Netvisorkey>14</Netvisorkey><Name>{escape(header)}</Name><IsHidden>False</IsHidden>"
        f"<DimensionDetails>{details}</DimensionDetails></DimensionName></DimensionNameList></Root>"
    ).encode()
