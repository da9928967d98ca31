"""A ``<select>`` written by ``format_html`` rather than by Django's widget templates.

Django renders a select through a template, and each of its options through another
(``select_option.html`` and ``attrs.html`` included once per option). The registry's
filter forms carry selects on every list and analytics page, one of them with a choice
per follow-up campaign: rendering them cost more than the rest of the page's form. This
widget writes the same elements, attributes and escaping in Python (decision 0032); it
keeps everything else of :class:`django.forms.Select` (its choices, its value, its
``required`` and ``aria-describedby``).
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe

from trainer_registry.pages.html_rows import format_html


def _option(option) -> SafeString:
    attrs = option["attrs"]
    return format_html(
        '<option value="{}"{}>{}</option>',
        option["value"],
        flatatt(attrs) if attrs else "",
        option["label"],
    )


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group, options, _index in widget["optgroups"]:
            # Django gives each ungrouped choice a group of its own, with no label.
            written = "".join(_option(option) for option in options)
            if group:
                written = format_html(
                    '<optgroup label="{}">{}</optgroup>', group, SafeString(written)
                )
            groups.append(written)
        # Every part is escaped by format_html or flatatt.
        inner = mark_safe("".join(groups))  # noqa: S308
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), inner
        )
