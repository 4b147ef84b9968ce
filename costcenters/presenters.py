"""How a fetch reads to a person: one sentence for the page, the JSON status poll and the API."""

from django.urls import reverse
from django.utils.translation import gettext as _

from costcenters.models import CostCenterFetch

State = CostCenterFetch.State


def fetch_summary(fetch: CostCenterFetch) -> str:
    if fetch.state == State.QUEUED:
        return _("Waiting to start…")
    if fetch.state == State.RUNNING:
        return _("Fetching data from Netvisor…")
    if fetch.state == State.SUCCEEDED:
        return _("Added %(added)s, updated %(updated)s, deactivated %(deactivated)s, unchanged %(unchanged)s.") % {
            "added": fetch.added,
            "updated": fetch.updated,
            "deactivated": fetch.deactivated,
            "unchanged": fetch.unchanged,
        }
    return fetch.message or fetch.get_state_display()


def fetch_status(fetch: CostCenterFetch) -> dict[str, object]:
    """The JSON the page polls while a fetch is open."""
    return {
        "id": fetch.pk,
        "state": fetch.state,
        "state_label": str(fetch.get_state_display()),
        "finished": fetch.state in (State.SUCCEEDED, State.FAILED),
        "open": fetch.is_open,
        "summary": fetch_summary(fetch),
        "status_class": status_class(fetch),
        "added": fetch.added,
        "updated": fetch.updated,
        "deactivated": fetch.deactivated,
        "unchanged": fetch.unchanged,
        "message": fetch.message,
        "started_at": fetch.started_at.isoformat() if fetch.started_at else None,
        "finished_at": fetch.finished_at.isoformat() if fetch.finished_at else None,
        "status_url": reverse("costcenters:fetch_status", kwargs={"fetch_id": fetch.pk}),
    }


def status_class(fetch: CostCenterFetch) -> str:
    classes: dict[str, str] = {State.SUCCEEDED: "ok", State.FAILED: "err", State.PAUSED: "warn"}
    return classes.get(fetch.state, "")
