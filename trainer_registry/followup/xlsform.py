"""The follow-up questionnaire as an XLSForm, for KoboToolbox and ODK Collect.

The form asks the same questions as the answer page, with the same names, so that the
data exported from those tools comes back with ``trainer-registry followup import``.
Labels come from the same translation catalogues as the web pages: each language whose
questions are all translated gets its own label column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from trainer_registry.followup.questionnaire import LABELS
from trainer_registry.models import LeavingReasonAnswer, UseOfTraining

# Language code -> the name the XLSForm column carries.
LANGUAGES = {
    "en": "English (en)",
    "km": "Khmer (km)",
    "lo": "Lao (lo)",
    "my": "Burmese (my)",
    "th": "Thai (th)",
    "vi": "Vietnamese (vi)",
    "zh-hans": "Chinese (zh)",
}
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
USE_NAMES = {0: "never", 1: "rarely", 2: "sometimes", 3: "often"}


@dataclass(frozen=True)
class Question:
    type: str
    name: str
    label: object  # a lazy translatable string
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    appearance: str = ""


def _questions() -> list[Question]:
    labels = LABELS
    still_in = "${consent} = 'yes'"
    left = "${still_in_role} = 'no'"
    return [
        Question(
            "text", "person_id", _("Follow-up code (from the invitation list)"), required=True
        ),
        Question("select_one yes_no", "consent", labels["consent"], required=True),
        Question("select_one yes_no", "still_in_role", labels["still_in_role"], True, still_in),
        Question(
            "date",
            "left_role_on",
            labels["left_role_on"],
            False,
            left,
            ". <= today()",
            "month-year",
        ),
        Question(
            "select_one leaving_reason", "leaving_reason", labels["leaving_reason"], False, left
        ),
        Question("text", "current_organisation", labels["current_organisation"], False, still_in),
        Question("text", "current_role", labels["current_role"], False, still_in),
        Question(
            "select_one use_of_training",
            "use_of_training",
            labels["use_of_training"],
            False,
            still_in,
        ),
        Question("text", "examples", labels["examples"], False, still_in, appearance="multiline"),
        Question(
            "text",
            "support_needed",
            labels["support_needed"],
            False,
            still_in,
            appearance="multiline",
        ),
        Question(
            "integer",
            "trainings_delivered",
            labels["trainings_delivered"],
            False,
            still_in,
            ". >= 0",
        ),
        Question(
            "integer",
            "participants_reached",
            labels["participants_reached"],
            False,
            still_in,
            ". >= 0",
        ),
    ]


def _choices() -> list[tuple[str, str, object]]:
    rows = [("yes_no", name, label) for name, label in YES_NO]
    rows += [("leaving_reason", value, label) for value, label in LeavingReasonAnswer.choices]
    rows += [("use_of_training", USE_NAMES[value], label) for value, label in UseOfTraining.choices]
    return rows


def _translated(texts: list[object], language: str) -> list[str] | None:
    """The texts in ``language``, or None if any of them has no translation there."""
    with translation.override("en"):
        english = [str(text) for text in texts]
    with translation.override(language):
        local = [str(text) for text in texts]
    if language != "en" and any(a == b for a, b in zip(english, local, strict=True)):
        return None
    return local


def build_xlsform(path: Path, *, version: str) -> list[str]:
    """Write the XLSForm to ``path``; returns the languages it carries labels in."""
    questions = _questions()
    choices = _choices()
    texts = [q.label for q in questions] + [label for _, _, label in choices]
    languages = {}
    for code in LANGUAGES:
        translated = _translated(texts, code)
        if translated is not None:
            languages[code] = translated
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    label_columns = [f"label::{LANGUAGES[code]}" for code in languages]
    survey.append(
        ["type", "name", *label_columns, "required", "relevant", "constraint", "appearance"]
    )
    for index, question in enumerate(questions):
        labels = [languages[code][index] for code in languages]
        survey.append(
            [
                question.type,
                question.name,
                *labels,
                "yes" if question.required else "",
                question.relevant,
                question.constraint,
                question.appearance,
            ]
        )
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", *label_columns])
    for index, (list_name, name, _label) in enumerate(choices, start=len(questions)):
        choice_sheet.append([list_name, name, *[languages[code][index] for code in languages]])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append(["COMMIT training follow-up", "commit_followup", version, LANGUAGES["en"]])
    book.save(path)
    return list(languages)
