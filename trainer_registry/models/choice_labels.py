"""A stored choice as its label in the reader's language, from a table made once per
field and language.

Django's ``get_FOO_display()`` builds the field's table of choices again at each call,
and its labels being lazy translations, it translates every label of the table to find
one: an audit log page of 100 entries translated 1,500 labels to show 100. Pages that
show a choice on every row of a table use :func:`choice_label` (in templates the
``choice`` filter of ``registry_labels``) instead; the label shown is the same.
"""

from __future__ import annotations

from functools import cache

from django.db.models import Field, Model
from django.utils.translation import get_language


@cache
def _labels(field: Field, language: str | None) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(record: Model, field_name: str) -> str:
    """The label of the record's value of ``field_name``, as ``get_FOO_display()`` gives
    it (the value itself when it is not among the field's choices)."""
    field = record._meta.get_field(field_name)
    return value_label(type(record), field_name, getattr(record, field.attname))


def value_label(model: type[Model], field_name: str, value) -> str:
    """The label of ``value`` as a value of the model's field ``field_name`` (for rows
    read as plain values, not records): what :func:`choice_label` gives a record."""
    labels = _labels(model._meta.get_field(field_name), get_language())
    try:
        return labels.get(value, value)
    except TypeError:  # an unhashable value is no choice
        return value
