"""Parts of pages that each process makes once for every reader alike, and keeps.

Some parts of a page are the same for everyone who holds the same roles or reaches the
same countries, reads in the same language and uses the same site: the main menu, the
audit log's filters as it opens, the addresses of its records' pages. Made anew they
reverse addresses, translate labels and render form widgets for every request.
:func:`kept_part` keeps what a function makes for each set of its arguments (the latest
``maxsize`` of them), and forgets everything when a setting that changes addresses or
labels changes (tests override those settings). What it keeps is shared by the
process's threads: a kept part is never changed after it is made.

A kept function's arguments must be the whole of what its result depends on: the
address configuration and script prefix (``reverse()`` reads them from the thread), the
language (translations read it from the thread) and what the reader may see.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

F = TypeVar("F", bound=Callable)

_KEPT: list = []
# Settings that change what an address or a label says.
FORGETTING_SETTINGS = frozenset({"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "INSTALLED_APPS"})


def kept_part(maxsize: int = 512) -> Callable[[F], F]:
    """Keep what the decorated function makes, by its arguments (hashable), at most
    ``maxsize`` sets of them; :func:`site_and_language` gives the arguments every kept
    part takes first."""

    def keep(function: F) -> F:
        kept = lru_cache(maxsize=maxsize)(function)
        _KEPT.append(kept)
        return kept  # type: ignore[return-value]

    return keep


def site_and_language() -> tuple[object, str, str | None]:
    """The address configuration, script prefix and language of this thread's request:
    the first arguments of every kept part."""
    return get_urlconf(), get_script_prefix(), get_language()


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    if kwargs["setting"] in FORGETTING_SETTINGS:
        for kept in _KEPT:
            kept.cache_clear()
