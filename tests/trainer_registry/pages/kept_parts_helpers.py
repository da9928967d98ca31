"""What a page renders of a kept part (:mod:`trainer_registry.listing.kept_parts`), for the tests
that check a part is made once for readers alike and afresh for a filtered page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest.mock import patch


@contextmanager
def forms_rendered(module, template_name: str) -> Iterator[list]:
    """The forms ``module`` renders with ``template_name`` (by its ``render_to_string``)
    while inside, in the order rendered; each is rendered as before."""
    made = []
    real = module.render_to_string

    def rendering(name, context=None, *args, **kwargs):
        if name == template_name:
            made.append(context["form"])
        return real(name, context, *args, **kwargs)

    with patch.object(module, "render_to_string", rendering):
        yield made
