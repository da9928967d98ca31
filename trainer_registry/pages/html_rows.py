"""The rows of the registry's long tables, made in Python rather than by the template
engine (decision 0032).

A list page shows 50 to 100 rows of five to eight cells. Rendered by a ``{% for %}``
loop, each cell pays the template engine's variable lookup, filters and escaping, and
the rows cost three to four times what the rest of the page does. The views of those
pages make each row with :func:`format_html` (Django's, as written here: it escapes every
value it is given, as the template would) and hand the template the rows joined, as
Django's admin makes the cells of its change lists. The page's frame, headings, forms
and messages stay in the templates, and the text of the rows goes through the same
translations.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from django.urls import reverse
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeString, mark_safe


def _escaped(value) -> str:
    """``value`` as ``conditional_escape`` gives it: its own HTML when it has some (a
    ``SafeString``, a form's widget), else its text escaped, lazy translations included."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def format_html(format_string: str, *args, **kwargs) -> SafeString:
    """Django's :func:`~django.utils.html.format_html` for the rows: every value escaped
    as it escapes them (``html.escape``, or the value's own ``__html__``), the same text
    out. Without Django's wrapper around each escape, which looks through the arguments
    for lazy translations at every value: at a hundred rows of seven cells that check was
    half of what the rows cost."""
    return SafeString(
        format_string.format(
            *map(_escaped, args), **{name: _escaped(value) for name, value in kwargs.items()}
        )
    )


def format_html_join(separator: str, format_string: str, args_generator) -> SafeString:
    """Django's :func:`~django.utils.html.format_html_join` with the :func:`format_html`
    above: each item's values (a tuple, or a mapping for named places) put in
    ``format_string``, the results joined by ``separator`` (escaped unless safe)."""
    return SafeString(
        _escaped(separator).join(
            format_html(format_string, **args)
            if isinstance(args, Mapping)
            else format_html(format_string, *args)
            for args in args_generator
        )
    )


def html_rows(rows: Iterable[SafeString]) -> SafeString:
    """Rows made by ``format_html`` joined for the template (empty when there are none,
    so that ``{% if rows %}`` still tells an empty table). A row that is plain text, not
    made by ``format_html``, is refused rather than trusted."""
    joined = []
    for row in rows:
        if not isinstance(row, SafeString):
            raise TypeError(f"a table row must be made by format_html, not {type(row).__name__}")
        joined.append(row)
    # Every part was escaped by format_html.
    return mark_safe("".join(joined))  # noqa: S308


class MadeOnce:
    """What a page's rows write again and again (a label, a user name, a number), made
    once a page: ``made_once(kind, value, make)`` is ``make(value)``, made the first time
    that kind and value come."""

    def __init__(self):
        self._made: dict[tuple[str, object], str] = {}

    def __call__(self, kind: str, value, make: Callable[[object], str]) -> str:
        key = (kind, value)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = make(value)
        return made


def numbers_or_dash() -> Callable[[object], str]:
    """Cells' values as the template shows ``{{ value|default:"—" }}``: in the reader's
    language's number format (what ``localize`` gives a number), or a dash when empty or
    zero. The format is read once for the page's many cells, not again for each, and
    each value is written once (a page's scores repeat: 87.50 in many rows); a value is
    known by its type and text, since ``Decimal("87.5")`` equals ``Decimal("87.50")``
    but is written otherwise."""
    number_format = {
        "decimal_sep": get_format("DECIMAL_SEPARATOR"),
        "grouping": get_format("NUMBER_GROUPING"),
        "thousand_sep": get_format("THOUSAND_SEPARATOR"),
    }
    written: dict[tuple[type, str], str] = {}

    def shown(value) -> str:
        if not value:
            return "—"
        key = (type(value), str(value))
        text = written.get(key)
        if text is None:
            if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
                text = numberformat.format(value, **number_format)
            else:
                text = localize(value)
            written[key] = text
        return text

    return shown


def url_of(name: str, example: str, *leading) -> Callable[[object], str]:
    """The address of the view ``name`` for each row's key, from one ``reverse()``: the
    address reversed for ``example`` (a key its converter accepts, found nowhere else in
    the address), after the ``leading`` arguments, with each row's key put in its place.
    A row's key is a slug, a uuid or a number, which an address carries as they are."""
    before, after = reverse(name, args=[*leading, example]).rsplit(example, 1)
    return lambda key: f"{before}{key}{after}"


EXAMPLE_UUID = "00000000-0000-0000-0000-000000000000"
EXAMPLE_NUMBER = "918273645"
EXAMPLE_SLUG = "row-key"
