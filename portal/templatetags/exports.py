"""{% load exports %}: whether an export of so many rows runs in the background (portal.jobs)."""

from django import template

from portal.jobs.services import in_background

register = template.Library()


@register.filter
def export_in_background(row_count):
    """{% if page.paginator.count|export_in_background %}: the export button starts a background job."""
    try:
        return in_background(int(row_count))
    except (TypeError, ValueError):
        return False
