"""``<input>`` elements written by ``format_html`` rather than by Django's widget
templates: the text, search and date inputs of the filter forms.

Django renders an input through two templates (``input.html`` including ``attrs.html``),
about a tenth of a millisecond each; the audit log's filters hold four of them on a page
that is read on every visit. As :mod:`trainer_registry.pages.plain_select` (decision
0032), these widgets write the same element, attributes and escaping in Python, and keep
everything else of Django's (the value's formatting, ``required``, ``aria-describedby``).
"""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString

from trainer_registry.pages.html_rows import format_html


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            "" if shown is None else format_html(' value="{}"', str(shown)),
            flatatt(widget["attrs"]),
        )


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainSearchInput(PlainInputMixin, forms.SearchInput):
    pass


class PlainDateInput(PlainInputMixin, forms.DateInput):
    pass
