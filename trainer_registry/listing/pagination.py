"""A list's total counted only as far as the reader can go from the page shown.

Django's paginator counts every row of a list to say "Page 3 of 4,085"; on a registry of
hundreds of thousands of people that count costs more than the page itself, and grows
with the registry. :class:`BoundedPaginator` counts at most ``reach`` pages past the one
asked for: below that bound the total is exact, as before; past it the list says it holds
more than the bound (``bounded``), and its pages, the next among them, still work.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

REACH = 10  # pages counted past the one asked for


def page_number(value) -> int:
    """The page asked for in a query string (1 when it is not a whole number)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and 0 < len(text) < 7 else 1


class BoundedPaginator(Paginator):
    """A paginator whose ``count`` stops at ``reach`` pages past page ``number``.

    ``counted``, when given, is counted instead of the list: the same rows without what
    only their columns need (a list of values keeps the joins of its columns in its
    count; the records themselves need none)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        number: int = 1,
        reach: int = REACH,
        counted=None,
        **kw,
    ):
        super().__init__(object_list, per_page, **kw)
        self.limit = (max(number, 1) + reach) * int(per_page)
        self.counted = object_list if counted is None else counted

    @cached_property
    def _counted(self) -> int:
        """The rows, counted up to one past the limit (order and columns do not matter)."""
        rows = self.counted.order_by().values("pk")[: self.limit + 1]
        return rows.count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def bounded(self) -> bool:
        """Whether the list holds more rows than were counted."""
        return self._counted > self.limit
