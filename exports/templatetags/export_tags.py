"""``{% export_timeline expense %}``: the expense page shows its way into Netvisor without the
expenses app importing the export."""

from django import template

from expenses.models import Expense
from exports.selectors import timeline

register = template.Library()


@register.inclusion_tag("exports/_timeline.html")
def export_timeline(expense: Expense) -> dict[str, object]:
    return {"events": timeline(expense)}
