from django import template

from maillage.activity.suppression import suppress

register = template.Library()


@register.filter
def cell(value: int | None) -> str:
    """Show a count with small-cell suppression."""
    return suppress(value)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, key)
