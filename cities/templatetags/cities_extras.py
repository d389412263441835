from django import template

from cities.models import MidStatus

register = template.Library()


@register.filter
def mid_status_label(status: str | None) -> str:
    """The readable label of a MID status value; no recorded MID reads as "not reported"."""
    return str(MidStatus(status or MidStatus.NOT_REPORTED).label)
