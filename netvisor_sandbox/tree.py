"""Pre-order numbering shared by the account chart and dimension items.

Sort numbers the nodes in pre-order (1, 2, ...); EndSort is the Sort of the last node in the subtree,
so a node's descendants are exactly the nodes whose Sort lies in (Sort, EndSort].
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T", bound=Any)


@dataclass
class Placed(Generic[T]):
    node: T
    level: int
    sort: int
    end_sort: int
    # The node or one of its ancestors is hidden.
    hidden_path: bool


def preorder(nodes: Iterable[T]) -> list[Placed[T]]:
    """Nodes need `pk`, `parent_id`, `position` and optionally `is_hidden`."""
    by_parent: dict[int | None, list[T]] = defaultdict(list)
    for node in sorted(nodes, key=lambda n: (n.position, n.pk)):
        by_parent[node.parent_id].append(node)
    placed: list[Placed[T]] = []
    seen: set[int] = set()

    def walk(parent_id: int | None, level: int, hidden: bool) -> None:
        for node in by_parent.get(parent_id, []):
            if node.pk in seen:  # a cycle can only come from hand-edited data; never loop on it
                continue
            seen.add(node.pk)
            entry = Placed(node, level, len(placed) + 1, 0, hidden or bool(getattr(node, "is_hidden", False)))
            placed.append(entry)
            walk(node.pk, level + 1, entry.hidden_path)
            entry.end_sort = len(placed)

    walk(None, 1, False)
    return placed
