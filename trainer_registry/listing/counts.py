"""How many related rows each listed record has, as a correlated subquery.

``Count("participations")`` in ``annotate`` joins every related row and groups the whole
table before the list's ``ORDER BY ... LIMIT`` can take its page: its cost grows with the
registry. A correlated subquery is computed for the rows of the page alone, each one
through the index of the foreign key.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, Model, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def related_count(model: type[Model], field: str, condition: Q | None = None) -> Coalesce:
    """The number of ``model`` rows whose ``field`` is the listed record (and that meet
    ``condition``), 0 when there are none: an expression for ``annotate``."""
    rows = model.objects.filter(**{field: OuterRef("pk")})
    if condition is not None:
        rows = rows.filter(condition)
    counted = rows.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
