"""Staff analytics pages of the training records: the training cascade (who trained whom,
and how many trainers are still training) and knowledge gain (pre- and post-tests).

Both count every record in the reader's reach, so both keep their figures a while
(:mod:`trainer_registry.pages.kept_figures`): ``count`` reads and computes what depends
on the reach and the filters alone; ``shown`` names the cascade's trainers for this
reader (names, or the analyst's own pseudonyms) and takes one page of its tree. A view
does the same work at any size of the registry: it unpickles the trees of its page only
(each first-generation trainer's tree is kept pickled on its own) and reads the names of
the trainers it shows; readers who see names get the trees in an order of name counted
with the figures (ids only), analysts in the order of their own pseudonyms (decision
0034). The base page (:class:`~trainer_registry.pages.analytics.AnalyticsPage`) checks
the role, reads the filters and audits what was shown.
"""

from __future__ import annotations

import pickle

import pandas as pd
from django.core.paginator import Paginator
from django.http import QueryDict
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from trainer_registry.analytics import frames
from trainer_registry.analytics.cascade_records import cascade_records
from trainer_registry.attrition.cascade import cascade, generations
from trainer_registry.attrition.cascade_tree import TrainerNode, cascade_tree
from trainer_registry.attrition.knowledge_gain import knowledge_gain
from trainer_registry.models import ParticipationRole
from trainer_registry.pages.analytics import MIN_CELL, AnalyticsPage, share
from trainer_registry.pages.analytics_filters import CascadeFilters
from trainer_registry.pages.analytics_people import (
    people_shown,
    person_html,
    reading_order,
    shown_tree,
)
from trainer_registry.pages.cascade_tree_html import tree_html
from trainer_registry.pages.html_rows import format_html, html_rows

PASS_MARK_PERCENT = 75  # the certification criteria's default post-test minimum
TREE_ROOTS = 25  # first-generation trainers on a page of the cascade's tree


class CascadeView(AnalyticsPage):
    template_name = "trainer_registry/analytics_cascade.html"
    page = "cascade"
    filters_class = CascadeFilters

    def first_visit(self) -> QueryDict:
        return QueryDict(f"on={timezone.localdate().isoformat()}")

    def count(self, form) -> dict:
        records = cascade_records(self.access, country=form.cleaned_data.get("country", ""))
        if records.deliveries.empty:
            return {"rows": 0}
        reference = form.cleaned_data.get("on") or timezone.localdate()
        certified = records.certified_on(reference)
        result = cascade(
            records.deliveries, records.attendance, certified, reference_date=reference
        )
        table = generations(records.trainer_edges())
        active = {t for t, row in result.by_trainer.iterrows() if row["active"]}
        delivered = records.deliveries[records.deliveries["held_on"] <= pd.Timestamp(reference)]
        trees = cascade_tree(
            delivered, records.attendance, table, certified=set(certified), active=active
        )
        return {
            "rows": len(records.deliveries),
            "reference": reference,
            "cascade": result,
            "depth": int(table["generation"].max()) if len(table) else 1,
            "trainers": sorted({*records.deliveries["trainer_id"], *result.by_trainer.index}),
            # Each first-generation trainer's tree is kept pickled on its own, so that a
            # view unpickles the page it shows, not the whole cascade.
            "trees": {node.person_id: pickle.dumps(node) for node in trees},
            # Readers who see names read the trees in order of name: the same for every
            # reader of this reach (part of the key), kept as the ids' order, no names.
            "roots_by_name": self.in_order_of_name([node.person_id for node in trees])
            if self.access.sees_names
            else None,
        }

    def in_order_of_name(self, ids: list[str]) -> list[str]:
        """``ids`` in the order of the names a reader of this reach sees."""
        return reading_order(ids, people_shown(self.access, self.request.user, ids))

    def shown(self, figures) -> dict:
        if not figures["rows"]:
            return figures
        trees = figures["trees"]
        roots = figures["roots_by_name"]
        everyone = None
        if roots is None:  # pseudonyms: made for every trainer, so that each is unique
            everyone = people_shown(self.access, self.request.user, figures["trainers"])
            roots = reading_order(trees, everyone)
        paginator = Paginator(roots, TREE_ROOTS)
        page = paginator.get_page(self.request.GET.get("page"))
        nodes = [pickle.loads(trees[pid]) for pid in page.object_list]  # noqa: S301 (ours)
        rows = figures["cascade"].by_trainer.to_dict("index")
        if everyone is None:
            shown = people_shown(self.access, self.request.user, {*rows, *trainers_in(nodes)})
        else:
            shown = everyone
        by_trainer = [{"trainer": shown[t], **rows[t]} for t in reading_order(rows, shown)]
        return {
            **figures,
            "by_trainer": by_trainer,
            "trainer_rows": html_rows(_trainer_row(row) for row in by_trainer),
            "tree_html": tree_html(shown_tree(nodes, shown)),
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": page.has_other_pages(),
        }


def trainers_in(nodes: list[TrainerNode]) -> set[str]:
    """The trainers of the trees under ``nodes``, themselves included."""
    found: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        found.add(node.person_id)
        stack.extend(child for training in node.trainings for child in training.children)
    return found


def _trainer_row(row: dict) -> SafeString:
    """A certified trainer as a row of the cascade's table of them."""
    return format_html(
        '<tr data-trainer="{}"><th scope="row">{}</th><td class="num">{}</td>'
        '<td class="num">{}</td><td>{}</td></tr>',
        row["trainer"].key,
        person_html(row["trainer"]),
        row["trainings"],
        row["trainees"],
        yesno(row["active"], _("yes,no")),
    )


class KnowledgeGainView(AnalyticsPage):
    template_name = "trainer_registry/analytics_knowledge_gain.html"
    page = "knowledge-gain"

    def count(self, form) -> dict:
        # The country and programme are read in SQL; the other filters on the frame.
        chosen = form.cleaned_data
        scope = frames.Scope(
            programmes=(chosen["programme"],) if chosen.get("programme") else (),
            countries=(chosen["country"],) if chosen.get("country") else (),
        )
        scores = form.narrow(frames.participation_frame(self.access, scope))
        scores = scores[scores["role"] == ParticipationRole.PARTICIPANT]
        rows = []
        for (code, name), group in scores.groupby(["programme_code", "programme_name"], sort=True):
            gain = knowledge_gain(
                group["pre"].to_numpy(),
                group["post"].to_numpy(),
                maximum=100,
                pass_mark=PASS_MARK_PERCENT,
            )
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "gain": gain,
                    "pass_rate": share(gain.pass_rate),
                    "pass_ci": [share(bound) for bound in gain.pass_rate_ci or (None, None)],
                    "small_cell": gain.pairs < MIN_CELL,
                }
            )
        return {"rows": len(scores), "programmes": rows, "pass_mark": PASS_MARK_PERCENT}
