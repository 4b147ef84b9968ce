"""Upsert of Netvisor dimension items into a company's cost centers.

Two halves, so that a failed read can never change what is stored:

* :func:`read_snapshot` consumes the whole dimension stream into small tuples (no database);
  a network error or broken XML raises before anything is written.
* :func:`apply_snapshot` writes the difference inside one transaction with bulk statements:
  one read of the existing rows, then per wave (rows whose parent is known; then the children
  of rows just inserted, and so on down the new levels) one UPDATE statement executed for all
  changed rows and batched INSERTs for new ones, and one UPDATE per 500 rows that disappeared
  upstream. The number of statements grows with batches and levels, never per item.

Matching: by (dimension, Netvisor key) first, then by name (case-insensitive, whitespace
normalised) among the rows left over: rows of the same dimension whose key vanished, then cost
centers added by hand. With duplicate names the first unmatched row in sort order wins, so two
"Myynti" items pair up with two old "Myynti" rows in the order Netvisor lists them.

Counting: "updated" means a person-visible change (name, code, label, parent, reactivation);
renumbered Sort/Level alone is written but counted as unchanged, because deleting one item
renumbers every item after it; so is a new spelling of the same tidied name (kept for vouchers in
``netvisor_name``). Going inactive (hidden upstream or under a hidden parent or header, or gone)
counts as deactivated.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company
from costcenters.models import DEFAULT_DIMENSION_NAME, CostCenter
from costcenters.services.gcpause import cycle_collection_paused
from costcenters.services.rows import Stored, deactivate_rows, insert_rows, read_stored, update_rows
from netvisor.dimensions import DimensionRecord
from netvisor.models import Dimension, DimensionItem

NAME_LENGTH = CostCenter._meta.get_field("name").max_length or 200
CODE_LENGTH = CostCenter._meta.get_field("code").max_length or 50
LABEL_LENGTH = CostCenter._meta.get_field("label").max_length or 200
DIMENSION_LENGTH = CostCenter._meta.get_field("dimension_name").max_length or 50


class SnapshotRefused(Exception):
    """The answer cannot be used as cost centers; the message is for the admin.

    ``headers`` are the dimension headers Netvisor returned, when they were read.
    """

    def __init__(self, message: str, *, headers: list[str] | None = None) -> None:
        super().__init__(message)
        self.headers = headers


class Incoming(NamedTuple):
    """One dimension item as it should be stored (names normalised, hidden subtrees inactive)."""

    dimension_name: str
    netvisor_key: int
    name: str
    netvisor_name: str
    code: str
    label: str
    level: int
    sort: int
    father_key: int | None
    is_active: bool


@dataclass
class Snapshot:
    headers: list[str]  # every dimension header Netvisor returned
    dimension_names: list[str]  # the chosen headers that were found
    items: list[Incoming] = field(default_factory=list)


@dataclass(frozen=True)
class Counts:
    added: int = 0
    updated: int = 0
    deactivated: int = 0
    unchanged: int = 0


def normalise(text: str | None, limit: int) -> str:
    """Strip and collapse whitespace (also no-break spaces), compose ä/ö/å, cut to the column size."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())[:limit]


def fold(text: str) -> str:
    return normalise(text, 10_000).casefold()


# --- reading ---------------------------------------------------------------------------------


@cycle_collection_paused()
def read_snapshot(records: Iterable[DimensionRecord], wanted: Sequence[str]) -> Snapshot:
    """Consume a ``dimensionlist.nv`` stream, keeping the items of the wanted headers.

    Raises SnapshotRefused when none of the wanted headers exists or a key repeats, and whatever
    the stream raises (MalformedResponse, TransportError...) when the answer breaks off.
    """
    wanted_folded = {fold(name) for name in wanted}
    snapshot = Snapshot(headers=[], dimension_names=[])
    chosen: dict[int, tuple[str, bool]] = {}  # header key -> (name, hidden)
    hidden: dict[tuple[str, int], bool] = {}
    items = snapshot.items
    in_order = True
    for record in records:
        if isinstance(record, Dimension):
            name = normalise(record.name, DIMENSION_LENGTH)
            snapshot.headers.append(name)
            if fold(name) in wanted_folded:
                chosen[record.netvisor_key] = (name, bool(record.is_hidden))
                snapshot.dimension_names.append(name)
        elif record.dimension_key in chosen:
            incoming = _incoming(record, *chosen[record.dimension_key], hidden)
            if items and (incoming.dimension_name, incoming.sort) < (items[-1].dimension_name, items[-1].sort):
                in_order = False
            items.append(incoming)
    if not snapshot.dimension_names:
        raise SnapshotRefused(_missing_dimensions_message(wanted, snapshot.headers), headers=snapshot.headers)
    if not in_order:  # Netvisor lists items in tree order; anything else is put in order here
        snapshot.items = _in_tree_order(items, hidden)
    return snapshot


def _missing_dimensions_message(wanted: Sequence[str], headers: list[str]) -> str:
    """What the admin does next: choose among Netvisor's dimensions, or create one there when it has none."""
    if not headers:  # nothing to choose here: the way on is in Netvisor
        return _(
            "Netvisor has no dimensions yet. In Netvisor, create a dimension (laskentakohde) for cost centers, "
            "for example “%(wanted)s”, and add its items; then press Fetch data again."
        ) % {"wanted": wanted[0] if wanted else DEFAULT_DIMENSION_NAME}
    return _("Netvisor has no dimension “%(wanted)s”. Choose which dimensions hold cost centers: %(found)s.") % {
        "wanted": ", ".join(wanted),
        "found": ", ".join(headers),
    }


def _incoming(
    item: DimensionItem, dimension_name: str, header_hidden: bool, hidden: dict[tuple[str, int], bool]
) -> Incoming:
    """Convert one item; an item under a hidden parent or header is hidden in Netvisor too, so inactive here."""
    key = (dimension_name, item.netvisor_key)
    if key in hidden:
        raise SnapshotRefused(
            _("Netvisor listed the item key %(key)s twice in “%(dimension)s”. Nothing was changed.")
            % {"key": item.netvisor_key, "dimension": dimension_name}
        )
    father = item.father_id or None
    is_hidden = header_hidden or item.is_hidden or (father is not None and hidden.get((dimension_name, father), False))
    hidden[key] = is_hidden
    return Incoming(
        dimension_name,
        item.netvisor_key,
        normalise(item.name, NAME_LENGTH) or str(item.netvisor_key),
        (item.name or "")[:NAME_LENGTH],
        normalise(item.code, CODE_LENGTH),
        normalise(item.label, LABEL_LENGTH),
        max(1, min(item.level or 1, 32767)),
        item.sort or 0,
        father,
        not is_hidden,
    )


def _in_tree_order(items: list[Incoming], hidden: dict[tuple[str, int], bool]) -> list[Incoming]:
    """Sort by (dimension, Sort) and pass hidden parents down again now that parents come first."""
    items.sort(key=lambda incoming: (incoming.dimension_name, incoming.sort))
    for index, incoming in enumerate(items):
        key = (incoming.dimension_name, incoming.netvisor_key)
        if incoming.father_key is None:
            continue
        father = (incoming.dimension_name, incoming.father_key)
        if hidden.get(father, False) and not hidden[key]:
            hidden[key] = True
            items[index] = incoming._replace(is_active=False)
    return items


# --- writing ---------------------------------------------------------------------------------


@cycle_collection_paused()
def apply_snapshot(company: Company, snapshot: Snapshot) -> Counts:
    """Make the company's Netvisor cost centers equal to ``snapshot``; returns what changed.

    Runs in one transaction: either every change is stored or none. Never deletes a row.
    """
    with transaction.atomic():
        pairs, leftovers = match(snapshot.items, read_stored(company.pk))
        plan = _Plan(company.pk, pairs)
        plan.write()
        gone = [row.id for row in leftovers if row.source == CostCenter.Source.NETVISOR and row.is_active]
        deactivate_rows(gone, now=plan.now)
        counts = plan.counts
        return Counts(counts["added"], counts["updated"], counts["deactivated"] + len(gone), counts["unchanged"])


def match(items: list[Incoming], stored: list[Stored]) -> tuple[list[tuple[Incoming, Stored | None]], list[Stored]]:
    """Pair incoming items with stored rows: by key, then by name. Returns pairs and unpaired rows."""
    by_key = {
        (row.dimension_name, row.netvisor_key): row
        for row in stored
        if row.source == CostCenter.Source.NETVISOR and row.netvisor_key is not None
    }
    found: dict[int, Stored] = {}
    for index, item in enumerate(items):
        row = by_key.pop((item.dimension_name, item.netvisor_key), None)
        if row is not None:
            found[index] = row
    if len(found) < len(items):
        by_name = _name_queues(row for row in by_key.values())
        local = _name_queues(row for row in stored if row.source == CostCenter.Source.LOCAL)
        for index, item in enumerate(items):
            if index not in found:
                row = _pop(by_name, (item.dimension_name, fold(item.name))) or _pop(local, ("", fold(item.name)))
                if row is not None:
                    found[index] = row
    used = {row.id for row in found.values()}
    pairs = [(item, found.get(index)) for index, item in enumerate(items)]
    return pairs, [row for row in stored if row.id not in used]


def _name_queues(rows: Iterable[Stored]) -> dict[tuple[str, str], deque[Stored]]:
    queues: dict[tuple[str, str], list[Stored]] = defaultdict(list)
    for row in rows:
        dimension = row.dimension_name if row.source == CostCenter.Source.NETVISOR else ""
        queues[(dimension, fold(row.name))].append(row)
    return {key: deque(sorted(rows, key=lambda r: (r.sort, r.id))) for key, rows in queues.items()}


def _pop(queues: dict[tuple[str, str], deque[Stored]], key: tuple[str, str]) -> Stored | None:
    queue = queues.get(key)
    return queue.popleft() if queue else None


class _Write:
    """One row to write: a new one (``pk`` None until inserted) or an existing one to overwrite."""

    __slots__ = ("item", "parent_id", "pk")

    def __init__(self, item: Incoming, pk: int | None, parent_id: int | None) -> None:
        self.item, self.pk, self.parent_id = item, pk, parent_id


class _Plan:
    """Decides per pair what to write and how to count it, then writes in batches.

    Only rows that change are written. A row whose parent is new waits until the parent's
    INSERT has given it an id, so rows are written in waves, one per level of new parents,
    each row exactly once (a second pass for parent links cost as much as the INSERT).
    """

    def __init__(self, company_id: int, pairs: list[tuple[Incoming, Stored | None]]) -> None:
        self.company_id = company_id
        self.pairs = pairs
        self.now = timezone.now()
        self.counts: dict[str, int] = {"added": 0, "updated": 0, "deactivated": 0, "unchanged": 0}
        self.incoming_keys = {(item.dimension_name, item.netvisor_key) for item, _row in pairs}
        self.existing_ids = {(item.dimension_name, item.netvisor_key): row.id for item, row in pairs if row}
        self.ready: list[_Write] = []  # parent known: written in the first wave
        self.waiting: dict[tuple[str, int], list[_Write]] = defaultdict(list)  # by the new parent's key

    def write(self) -> None:
        for item, row in self.pairs:
            self._decide(item, row)
        wave = self.ready
        while wave:
            self._write_wave(wave)
            wave = [child for write in wave for child in self._children_of(write)]
        # Left waiting only in a FatherID loop, which no tree has: such items go to the top level.
        self._write_wave([write for children in self.waiting.values() for write in children])

    def _write_wave(self, wave: list[_Write]) -> None:
        update_rows([self._values(write) for write in wave if write.pk is not None], now=self.now)
        new = [write for write in wave if write.pk is None]
        objects = [self._object(write) for write in new]
        insert_rows(objects)
        for write, obj in zip(new, objects, strict=True):
            write.pk = obj.pk

    def _children_of(self, write: _Write) -> list[_Write]:
        children = self.waiting.pop((write.item.dimension_name, write.item.netvisor_key), [])
        for child in children:
            child.parent_id = write.pk
        return children

    def _decide(self, item: Incoming, row: Stored | None) -> None:
        father: tuple[str, int] | None = None  # top level, also for a FatherID outside the chosen items
        if item.father_key is not None and item.father_key != item.netvisor_key:
            candidate = (item.dimension_name, item.father_key)
            father = candidate if candidate in self.incoming_keys else None
        parent_known = father is None or father in self.existing_ids
        target_parent = self.existing_ids[father] if father is not None and parent_known else None
        if row is None:
            self.counts["added"] += 1
        else:
            visible_change = (not parent_known or row.parent_id != target_parent) or (
                (row.name, row.code, row.label) != (item.name, item.code, item.label)
            )
            if row.is_active and not item.is_active:
                self.counts["deactivated"] += 1
            elif visible_change or (item.is_active and not row.is_active) or row.source != CostCenter.Source.NETVISOR:
                self.counts["updated"] += 1
            else:
                self.counts["unchanged"] += 1
            stored_as = (row.dimension_name, row.netvisor_key, row.netvisor_name, row.level, row.sort, row.is_active)
            wanted = (item.dimension_name, item.netvisor_key, item.netvisor_name, item.level, item.sort, item.is_active)
            if not visible_change and stored_as == wanted and row.source == CostCenter.Source.NETVISOR:
                return
        write = _Write(item, row.id if row else None, target_parent)
        if father is None or parent_known:  # (a top-level item's parent is always known)
            self.ready.append(write)
        else:
            self.waiting[father].append(write)

    def _values(self, write: _Write) -> tuple[Any, ...]:
        """The row's values in the order of ``rows.UPDATED_FIELDS``, then its id."""
        item = write.item
        return (
            item.name, item.netvisor_name, item.code, item.label, CostCenter.Source.NETVISOR.value,
            item.dimension_name, item.netvisor_key, item.level, item.sort, item.is_active, write.parent_id, write.pk,
        )  # fmt: skip

    def _object(self, write: _Write) -> CostCenter:
        item = write.item
        return CostCenter(
            company_id=self.company_id,
            source=CostCenter.Source.NETVISOR,
            dimension_name=item.dimension_name,
            netvisor_key=item.netvisor_key,
            name=item.name,
            netvisor_name=item.netvisor_name,
            code=item.code,
            label=item.label,
            level=item.level,
            sort=item.sort,
            is_active=item.is_active,
            parent_id=write.parent_id,
            updated_at=self.now,
        )
