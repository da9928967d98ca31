"""Template filters that show registry codes as words in the language of the page."""

from django import template

from trainer_registry.countries import country_label as _country_label
from trainer_registry.local_time import local_time as _local_time
from trainer_registry.models.choice_labels import choice_label

register = template.Library()


@register.filter
def country_label(code: str) -> str:
    """``KH`` -> "Cambodia" in the page's language; any other code as it is."""
    return _country_label(code or "")


@register.filter
def country_labels(codes) -> str:
    """A list of country codes as their names, separated by commas."""
    return ", ".join(_country_label(code) for code in codes or ())


@register.filter
def local_time(moment) -> str:
    """A stored time in the site's time zone, to the minute, with the zone said."""
    return _local_time(moment, seconds=False)


@register.filter
def choice(record, field_name: str) -> str:
    """``{{ entry|choice:"action" }}``: what ``entry.get_action_display`` shows, without
    translating every label of the field's choices again for each row."""
    return choice_label(record, field_name)
