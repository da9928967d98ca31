"""The cascade's tree of trainers as HTML, made in Python (decision 0032).

A page of the tree holds 25 first-generation trainers and every trainer trained under
them: at a hundred times the demo, rendering its nodes through an included template was
most of the page, and grew with the cascade. :func:`tree_html` writes what
``analytics/cascade_node.html`` wrote, byte for byte: the same message ids (plural forms
by ``ngettext``), each value localised and escaped as ``{% blocktranslate %}`` and
``{{ }}`` do, the translations as they are, and the template's own white space.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.formats import date_format, localize
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from trainer_registry.pages.analytics_people import Shown, person_html
from trainer_registry.pages.html_rows import MadeOnce


class _Page:
    """What a page's nodes share, looked up once: its fixed texts and written numbers."""

    def __init__(self):
        self.certified = f' <span class="tag tag-certified">{gettext("certified")}</span>'
        self.active = f' <span class="tag tag-active">{gettext("active")}</span>'
        self.no_training = f"<li>{gettext('No training delivered by the reference date.')}</li>"
        self._values = MadeOnce()

    def value(self, value) -> str:
        """A value as ``{% blocktranslate %}`` puts it in a text: localised, escaped."""
        return self._values("value", value, lambda given: escape(str(localize(given))))


def tree_html(trees: Iterable[dict]) -> SafeString:
    """The trees (as :func:`~trainer_registry.pages.analytics_people.shown_tree` gives
    them) as the list items of the page's tree, the first level open."""
    page, out = _Page(), []
    for node in trees:
        _node(node, True, page, out)
    return SafeString("".join(out))


def _node(node: dict, is_open: bool, page: _Page, out: list[str]) -> None:
    person: Shown = node["person"]
    level = gettext("%(level)s (generation %(n)s)") % {
        "level": page.value(node["level"]),
        "n": page.value(node["generation"]),
    }
    trained = ngettext("trained %(n)s person", "trained %(n)s people", node["trainees"]) % {
        "n": page.value(node["trainees"])
    }
    delivered_by = gettext("Trainings delivered by %(id)s") % {"id": escape(person.label)}
    out.append(
        f'<li data-trainer="{escape(person.key)}" '
        f'data-generation="{page.value(node["generation"])}">'
        f"<details{' open' if is_open else ''}>\n"
        # analytics/person.html, which the template included, ends with a line end.
        f"  <summary>{person_html(person, link=False)}\n · {level} · {trained}"
        f"{page.certified if node['certified'] else ''}"
        f"{page.active if node['active'] else ''}</summary>\n"
        f'  <ul aria-label="{delivered_by}">\n  '
    )
    trainings = node["trainings"]
    for training in trainings:
        _training(training, page, out)
    if not trainings:
        out.append(f"{page.no_training}\n  ")
    out.append("\n  </ul>\n</details></li>\n")


def _training(training: dict, page: _Page, out: list[str]) -> None:
    code = escape(str(training["training_id"]))
    trainees = ngettext("%(n)s trainee", "%(n)s trainees", training["trainees"]) % {
        "n": page.value(training["trainees"])
    }
    others = ""
    if training["other_trainers"]:
        others = ", " + ngettext(
            "%(n)s of them a trainer shown at another generation",
            "%(n)s of them trainers shown at another generation",
            training["other_trainers"],
        ) % {"n": page.value(training["other_trainers"])}
    held_on = escape(date_format(training["held_on"], "Y-m-d"))
    out.append(f'\n    <li data-training="{code}">{code} ({held_on}): {trainees}{others}\n    ')
    children = training["children"]
    if children:
        became = ngettext("%(n)s became a trainer", "%(n)s became trainers", len(children)) % {
            "n": page.value(len(children))
        }
        trained_at = gettext("Trainers trained at %(code)s") % {"code": code}
        out.append(
            f"\n      <details><summary>{became}</summary>\n"
            f'      <ul aria-label="{trained_at}">\n      '
        )
        for child in children:
            _node(child, False, page, out)
        out.append("\n      </ul></details>\n    ")
    out.append("\n    </li>\n  ")
