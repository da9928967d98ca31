"""How the analytics pages show a person to the reader: by name, or by a pseudonym.

The analytics frames carry people by ``public_id`` only. A reader who may see names
(``Access.sees_names``) sees the person's name with its six-character reference, linked
to the person's page; an M&E analyst sees the short pseudonym of
:mod:`trainer_registry.analytics.pseudonym`, keyed with the site's secret
(``TRAINER_REGISTRY_PSEUDONYM_KEY``, by default ``SECRET_KEY``) and salted with the
analyst's own account, so it is the same for them on every page and different for any
other analyst, and never the ``public_id`` that is in page addresses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString

from trainer_registry.access import Access, visible_people
from trainer_registry.analytics.pseudonym import pseudonyms
from trainer_registry.models import person_label
from trainer_registry.pages.html_rows import EXAMPLE_UUID, url_of


@dataclass(frozen=True)
class Shown:
    """A person as the page shows them: ``label`` to read, ``key`` for the page's data
    attributes (the pseudonym, or the reference), ``url`` of their page (names only)."""

    label: str
    key: str
    url: str = ""
    pseudonymous: bool = False


def person_html(person: Shown, *, link: bool = True) -> SafeString:
    """The person as ``analytics/person.html`` shows them, for rows made in Python
    (:mod:`trainer_registry.pages.html_rows`); ``link=False``: without the link to their
    page."""
    if person.pseudonymous:
        return format_html('<code class="pseudonym">{}</code>', person.label)
    if person.url and link:
        return format_html('<a href="{}">{}</a>', person.url, person.label)
    return format_html("{}", person.label)


def analyst_salt(user) -> str:
    """The salt of one reader's pseudonyms: their account, never shared with another."""
    return f"user:{user.pk}"


def pseudonym_key() -> str:
    return getattr(settings, "TRAINER_REGISTRY_PSEUDONYM_KEY", None) or settings.SECRET_KEY


def people_shown(access: Access, user, public_ids: Iterable[str]) -> dict[str, Shown]:
    """Each of ``public_ids`` as ``user`` (whose access is ``access``) is to see them."""
    ids = sorted({str(public_id) for public_id in public_ids})
    if not access.sees_names:
        names = pseudonyms(ids, secret=pseudonym_key(), salt=analyst_salt(user))
        return {pid: Shown(names[pid], names[pid], pseudonymous=True) for pid in ids}
    found = visible_people(access).filter(public_id__in=ids).order_by()
    people = {
        str(public_id): (latin, local)
        for public_id, latin, local in found.values_list("public_id", "name_latin", "name_local")
    }
    page = url_of("trainer_registry:person-detail", EXAMPLE_UUID)  # reversed once
    shown = {}
    for pid in ids:
        reference = pid.replace("-", "")[:6].upper()
        if pid not in people:  # out of reach: its reference only
            shown[pid] = Shown(reference, reference)
            continue
        url = page(pid)
        shown[pid] = Shown(person_label(*people[pid], reference), reference, url)
    return shown


def reading_order(ids: Iterable[str], shown: dict[str, Shown]) -> list[str]:
    """``ids`` in the order of what the reader reads (``shown``'s labels), never of the
    ids behind them."""
    return sorted(ids, key=lambda pid: shown[pid].label.casefold())


def shown_tree(nodes: list, shown: dict[str, Shown]) -> list[dict]:
    """The cascade tree's trainer nodes (:class:`~trainer_registry.attrition.cascade_tree.
    TrainerNode`) as dicts with ``person`` as the reader sees them, each level in the
    order of what the reader reads (never of the ids behind it)."""
    ordered = sorted(nodes, key=lambda node: shown[node.person_id].label.casefold())
    return [
        {
            **vars(node),
            "person": shown[node.person_id],
            "trainings": [
                {**vars(training), "children": shown_tree(training.children, shown)}
                for training in node.trainings
            ],
        }
        for node in ordered
    ]
