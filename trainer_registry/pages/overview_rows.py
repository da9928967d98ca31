"""The rows of the overview pages' tables, made in Python (decisions 0032 and 0036): the
trainings list's trainings, a training's participants and a person's trainings.

A training's participants come as plain rows of :data:`PARTICIPANT_COLUMNS`; a person's
trainings as participations with their training and the count of item responses.
"""

from __future__ import annotations

import html

from django.template.defaultfilters import floatformat, yesno
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trainer_registry.assessment.responses import summary_of
from trainer_registry.countries import country_label
from trainer_registry.models import TrainingEvent
from trainer_registry.pages.html_rows import EXAMPLE_SLUG, format_html, numbers_or_dash, url_of

# Why a participation shows no gain (trainer_registry.data.AssessmentSummary).
NO_GAIN_REASONS = {
    "no_post_test": _("no post-test yet"),
    "no_pre_test": _("no pre-test"),
    "form_unknown": _("the forms of the tests are not recorded"),
    "same_questions": _("both tests were on the same form"),
    "pre_at_maximum": _("not defined: the pre-test score was the maximum"),
}
GAIN_BANDS = {"low": _("low"), "medium": _("medium"), "high": _("high")}


def training_rows(participations) -> list[SafeString]:
    """A person's trainings as the rows of their page's table of trainings, newest first
    (:mod:`trainer_registry.pages.html_rows`): the scores with the forms of the tests,
    and the normalised gain with its band, or why there is none."""
    number = numbers_or_dash()
    url = url_of("trainer_registry:event-detail", EXAMPLE_SLUG)
    yes_no = {True: yesno(True), False: yesno(False)}
    rows = []
    for participation in participations:
        scores = summary_of(participation, responses=participation.responses)
        event = participation.event
        if scores.gain is not None:
            gain = format_html(
                "{} ({}), {}",
                floatformat(scores.gain, 2),
                GAIN_BANDS.get(scores.gain_band, ""),
                _translated(
                    gettext("form %(pre)s to form %(post)s"),
                    pre=scores.pre_test_form,
                    post=scores.post_test_form,
                ),
            )
        else:
            gain = format_html(
                "{} {}", gettext("No gain:"), NO_GAIN_REASONS.get(scores.no_gain_reason, "")
            )
        rows.append(
            format_html(
                '<tr><td><a href="{}">{}</a></td><td>{} – {}</td><td class="num">{}</td>'
                '<td class="num">{}{}</td><td class="num">{}{}</td><td>{}</td>'
                '<td class="num">{}</td><td>{}</td></tr>',
                url(event.code),
                event.title,
                event.starts_on.isoformat(),
                event.ends_on.isoformat(),
                number(participation.attendance_percent),
                number(participation.pre_test_score),
                _form_of(scores.pre_test_form),
                number(participation.post_test_score),
                _form_of(scores.post_test_form),
                gain,
                localize(scores.item_responses),
                yes_no[participation.completed],
            )
        )
    return rows


def _translated(text: str, **values) -> SafeString:
    """A translated text with its values put in, as ``{% blocktranslate %}`` writes it:
    the values escaped, the translation as it is."""
    return SafeString(text % {name: escape(value) for name, value in values.items()})


def _form_of(form: str) -> SafeString:
    """What follows a score whose test's form is known: " (form A)"."""
    if not form:
        return SafeString("")
    return format_html(" ({})", _translated(gettext("form %(form)s"), form=form))


def event_row(event: TrainingEvent, sees_names: bool, url) -> SafeString:
    """A training as a row of the trainings list (:mod:`trainer_registry.pages.html_rows`)."""
    lead = event.lead_trainer.name_latin if sees_names and event.lead_trainer else ""
    return format_html(
        '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{} – {}</td>'
        '<td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td></tr>',
        url(event.code),
        event.title,
        event.programme.name,
        country_label(event.country),
        event.starts_on.isoformat(),
        event.ends_on.isoformat(),
        lead or "—",
        event.participants,
        event.women,
        event.men,
    )


# What a training's participant rows show (:func:`participant_rows`), read as plain rows:
# not the people's contact data and other columns, and no model instances (three a row).
PARTICIPANT_COLUMNS = (
    "person__public_id",
    "person__name_latin",
    "person__name_local",
    "person__language",
    "organisation__name",
    "attendance_percent",
    "pre_test_score",
    "post_test_score",
    "completed",
)


def participant_rows(participants, sees_names: bool, url_of_person) -> list[SafeString]:
    """Participants (rows of ``PARTICIPANT_COLUMNS``) as the rows of a training's page
    (:mod:`trainer_registry.pages.html_rows`), every text escaped as ``format_html``
    escapes it (``html.escape``)."""
    number = numbers_or_dash()
    completed = {True: html.escape(yesno(True)), False: html.escape(yesno(False))}
    rows = []
    for row in participants:
        url = html.escape(url_of_person(row.person__public_id))
        if sees_names:
            name = (
                f'<a href="{url}">{html.escape(row.person__name_latin)}</a> '
                f'<span lang="{html.escape(row.person__language)}">'
                f"{html.escape(row.person__name_local)}</span>"
            )
        else:
            name = f'<a href="{url}">{html.escape(str(row.person__public_id))}</a>'
        rows.append(
            SafeString(
                f'<tr><th scope="row">{name}</th>'
                f"<td>{html.escape(row.organisation__name or '—')}</td>"
                f'<td class="num">{html.escape(number(row.attendance_percent))}</td>'
                f'<td class="num">{html.escape(number(row.pre_test_score))}</td>'
                f'<td class="num">{html.escape(number(row.post_test_score))}</td>'
                f"<td>{completed[row.completed]}</td></tr>"
            )
        )
    return rows
