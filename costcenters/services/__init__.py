"""Writes of the cost centers app; ``resume_paused_fetches`` is named in PAUSED_WORK_RESUMERS."""

from costcenters.services.dimensions import choose_dimensions, settings_of
from costcenters.services.fetching import open_fetch, request_fetch, resume_paused_fetches, run_fetch
from costcenters.services.local import add_local_cost_center

__all__ = [
    "add_local_cost_center",
    "choose_dimensions",
    "open_fetch",
    "request_fetch",
    "resume_paused_fetches",
    "run_fetch",
    "settings_of",
]
