"""What the knowledge check's template shows of a sitting: the review and the gain.

Plain functions from the bank (:class:`Question`) and the records a sitting leaves
(``{"form", "earned", "possible", "passed", "responses": [{"id", "form", "chosen",
"correct"}]}``, as stored in ``assessment_results``) to template dictionaries. Author
markup goes through :func:`commit_training.views.safe`; the caller translates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from commit_training.scoring.forms import GainReport, Sitting, pair_gain
from commit_training.scoring.knowledge_check import Question, gain_band
from commit_training.views import safe

Translate = Callable[[str], str]


def sitting(record: Mapping | None) -> Sitting | None:
    """The score and form of a stored record (older records carry no form)."""
    if not record or not record.get("possible"):
        return None
    return Sitting(str(record.get("form") or ""), int(record["earned"]), int(record["possible"]))


def review_items(questions: Sequence[Question], responses: Sequence[Mapping]) -> list[dict]:
    """Each answered question: prompt, right or not, every option with the learner's
    choice, the key and its feedback, then the explanation. Responses to questions the
    bank no longer holds are left out."""
    by_id = {question.id: question for question in questions}
    items = []
    for response in responses:
        question = by_id.get(response.get("id"))
        if question is None:
            continue
        chosen = set(response.get("chosen", ()))
        items.append(
            {
                "id": question.id,
                "prompt": safe(question.prompt),
                "correct": bool(response.get("correct")),
                "options": [
                    {
                        "id": option.id,
                        "label": safe(option.label),
                        "chosen": option.id in chosen,
                        "key": option.correct,
                        "feedback": safe(option.feedback) if option.feedback else "",
                    }
                    for option in question.options
                ],
                "explanation": safe(question.explanation) if question.explanation else "",
            }
        )
    return items


def sitting_title(phase: str, form: str, gettext: Translate) -> str:
    """ "Before the course: form A", or without a form "Before the course"."""
    if not form:
        return gettext("Before the course") if phase == "pre" else gettext("After the course")
    if phase == "pre":
        return gettext("Before the course: form %(form)s") % {"form": form}
    return gettext("After the course: form %(form)s") % {"form": form}


def reviews(
    phase: str,
    questions: Sequence[Question],
    record: Mapping,
    own: Mapping,
    gettext: Translate,
) -> list[dict]:
    """The sittings to review: after a post-test both the pre-test (when taken) and the
    post-test, each under its title; after an exam, the exam alone, untitled."""
    own_form = str(own.get("form") or "")
    if phase != "post":
        items = review_items(questions, own.get("responses", ()))
        return [{"title": "", "form": own_form, "items": items}]
    found = []
    pre = record.get("pre")
    if pre and pre.get("responses"):
        pre_form = str(pre.get("form") or "")
        found.append(
            {
                "title": sitting_title("pre", pre_form, gettext),
                "form": pre_form,
                "items": review_items(questions, pre["responses"]),
            }
        )
    found.append(
        {
            "title": sitting_title("post", own_form, gettext),
            "form": own_form,
            "items": review_items(questions, own.get("responses", ())),
        }
    )
    return found


def in_order_seen(items: list[dict], seen: Sequence[tuple[str, Sequence[str]]]) -> list[dict]:
    """``items`` (of :func:`review_items`) with their questions, and each question's
    options, in the order the learner saw them: ``seen`` is (question id, option ids)
    in display order. Anything not in ``seen`` keeps its place after the rest."""
    rank = {question_id: number for number, (question_id, _) in enumerate(seen)}
    options = dict(seen)
    ordered = sorted(items, key=lambda item: rank.get(item["id"], len(rank)))
    for item in ordered:
        order = {option_id: n for n, option_id in enumerate(options.get(item["id"], ()))}
        item["options"] = sorted(item["options"], key=lambda o: order.get(o["id"], len(order)))
    return ordered


def gain_view(record: Mapping, own: Mapping, bands: Mapping[str, str]) -> dict | None:
    """The post-test's gain table, or the reason no gain is shown (``reason``)."""
    post = sitting(own)
    if post is None:
        return None
    report: GainReport = pair_gain(sitting(record.get("pre")), post)
    band = gain_band(report.value)
    return {
        "reason": report.reason.value if report.reason else "",
        "pre": report.pre,
        "post": report.post,
        "value": report.value,
        "band_label": bands.get(band, "") if band else "",
    }
