"""The API's one pagination: ``?limit=`` and ``?offset=`` parsed strictly and bounded."""

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from companies.parsing import MAX_DATABASE_INTEGER, parse_count

MAX_PAGE_SIZE = 200


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset paging; a huge ``?limit=`` gets the largest page instead of overflowing the database."""

    max_limit = MAX_PAGE_SIZE

    def get_limit(self, request: Request) -> int | None:
        if self.default_limit is None or self.max_limit is None:  # no PAGE_SIZE setting: DRF's own paging
            return super().get_limit(request)
        text = request.query_params.get(self.limit_query_param)
        return parse_count(text, default=self.default_limit, maximum=self.max_limit, minimum=1)

    def get_offset(self, request: Request) -> int:
        # An offset past the last row answers an empty page before any query is made with it.
        return parse_count(request.query_params.get(self.offset_query_param), default=0, maximum=MAX_DATABASE_INTEGER)
