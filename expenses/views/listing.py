"""Links of the paginated lists: each keeps the rest of the query (search, filters, sort, page size)."""

from dataclasses import dataclass

from django.http import QueryDict

from expenses.selectors import ExpenseList

# The direction a column sorts in when first chosen: newest and largest first, names A to Z.
FIRST_DIRECTION = {"date": "-", "amount": "-", "state": "", "person": ""}
# Page numbers shown on each side of the current one, besides the first and the last page.
PAGE_WINDOW = 2
# What narrows a list (and so what "Approve all" and the downloads carry over), unlike paging and sorting.
FILTER_NAMES = ("q", "state", "kind", "date_from", "date_to")


@dataclass(frozen=True)
class SortLink:
    query: str
    # "ascending", "descending" or "none", as aria-sort says it.
    direction: str


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…") between numbers
    query: str = ""
    current: bool = False


@dataclass(frozen=True)
class Navigation:
    pages: list[PageLink]
    previous: str | None
    next: str | None
    sorting: dict[str, SortLink]
    filters: list[tuple[str, str]]
    # The sort chosen in the URL (checked against the whitelist), which the filter form carries on.
    sort: str


def query_with(params: QueryDict, **changes: object) -> str:
    """``params`` as a query string with ``changes`` applied; a change to None or "" drops the key."""
    query = params.copy()
    for name, value in changes.items():
        if value is None or value == "":
            query.pop(name, None)
        else:
            query[name] = str(value)
    return query.urlencode()


def navigation(params: QueryDict, result: ExpenseList, sort: str, default_sort: str = "") -> Navigation:
    """Page and sort links of ``result`` as shown with ``params``, sorted by ``sort`` or else ``default_sort``."""
    return Navigation(
        pages=_page_links(params, result),
        previous=query_with(params, page=result.page - 1) if result.page > 1 else None,
        next=query_with(params, page=result.page + 1) if result.page < result.pages else None,
        sorting={column: _sort_link(params, column, sort or default_sort) for column in FIRST_DIRECTION},
        filters=[(name, value) for name in FILTER_NAMES for value in params.getlist(name) if value],
        sort=sort,
    )


def _page_links(params: QueryDict, result: ExpenseList) -> list[PageLink]:
    shown = {1, result.pages, *range(result.page - PAGE_WINDOW, result.page + PAGE_WINDOW + 1)}
    links: list[PageLink] = []
    for number in sorted(n for n in shown if 1 <= n <= result.pages):
        if links and links[-1].number is not None and number - links[-1].number > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, query_with(params, page=number), number == result.page))
    return links


def _sort_link(params: QueryDict, column: str, sort: str) -> SortLink:
    if sort.removeprefix("-") == column:
        descending = sort.startswith("-")
        target = column if descending else f"-{column}"
        return SortLink(query_with(params, sort=target, page=None), "descending" if descending else "ascending")
    return SortLink(query_with(params, sort=f"{FIRST_DIRECTION[column]}{column}", page=None), "none")
