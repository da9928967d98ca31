"""A knowledge-check submission reaches the registry through the api: item responses,
the participation's score and form, all or nothing; the gain only over a parallel pair."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from django.db import connection

from trainer_registry import api
from trainer_registry.models import ItemResponse, Participation, Person, Programme, TrainingEvent

RUN = "course-v1:COMMIT+RTP+2026"


def _run_with_learner(name: str, country: str) -> Person:
    """The RTP run in Bangkok, as a course run of the platform, and a learner of it
    (platform user 41)."""
    programme = Programme.objects.create(code="rtp", kind="RTP", name="RTP")
    TrainingEvent.objects.create(
        programme=programme,
        code="rtp-2026-bkk",
        title="RTP Bangkok",
        country="TH",
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 6),
        course_run=RUN,
    )
    return Person.objects.create(name_latin=name, country=country, lms_user_id=41)


@pytest.fixture
def linked(db):
    return _run_with_learner("Somchai Wongsawat", "TH")


def _items(right: int, total: int = 3, form: str = "A") -> list[dict]:
    return [
        {"id": f"q{n}", "form": form, "chosen": ["a"] if n < right else ["b"], "correct": n < right}
        for n in range(total)
    ]


def _submit(phase="pre", form="A", score=1 / 3, items=None, **link):
    link = link or {"lms_user_id": 41}
    return api.record_assessment_submission(
        course_run=RUN,
        assessment_id="rtp-core",
        phase=phase,
        form=form,
        score=score,
        responses=_items(1, form=form) if items is None else items,
        **link,
    )


def test_a_submission_records_its_items_and_the_participations_score(linked):
    recorded = _submit()
    assert recorded.items == 3 and recorded.score_percent == 33.33
    assert recorded.event_code == "rtp-2026-bkk" and recorded.person_id == linked.public_id
    participation = Participation.objects.get(person=linked)  # created by the submission
    assert (participation.pre_test_score, participation.pre_test_form) == (Decimal("33.33"), "A")
    rows = ItemResponse.objects.order_by("item_id")
    assert [(r.item_id, r.chosen, r.correct, r.phase) for r in rows] == [
        ("q0", ["a"], True, "pre"),
        ("q1", ["b"], False, "pre"),
        ("q2", ["b"], False, "pre"),
    ]


def test_a_resubmission_replaces_the_sittings_items(linked):
    _submit(phase="post", form="B", score=1 / 3, items=_items(1, form="B"))
    _submit(phase="post", form="B", score=1.0, items=_items(2, total=2, form="B"))
    rows = ItemResponse.objects.filter(phase="post").order_by("item_id")
    assert [(r.item_id, r.correct) for r in rows] == [("q0", True), ("q1", True)]
    assert Participation.objects.get().post_test_score == 100


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phase": "during"}, "phase"),
        ({"form": "C"}, "form"),
        ({"score": 1.5}, "score"),
        ({"items": [{"id": "q0", "chosen": ["a"], "correct": "yes"}]}, "responses[0].correct"),
        ({"items": [{"id": "Q 0", "chosen": [], "correct": False}]}, "responses[0].id"),
        ({"items": _items(1) + _items(1)[:1]}, "responses[3].id"),
        ({"items": []}, "responses"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(linked, change, field):
    _submit()
    before = list(ItemResponse.objects.values_list("item_id", "correct"))
    with pytest.raises(ValueError, match=rf"^{field.replace('[', '.').replace(']', '.')}"):
        _submit(**change)
    assert list(ItemResponse.objects.values_list("item_id", "correct")) == before
    assert float(Participation.objects.get().pre_test_score) == 33.33


def test_a_failure_inside_the_transaction_leaves_nothing_half_written(linked, monkeypatch):
    _submit()

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Participation, "save", broken)
    with pytest.raises(RuntimeError):
        _submit(items=_items(3), score=1.0)
    assert ItemResponse.objects.filter(correct=True).count() == 1  # the first sitting's


def test_unlinked_course_runs_and_learners_are_refused(linked):
    with pytest.raises(api.NotLinked, match="not a person"):
        _submit(lms_user_id=999)
    with pytest.raises(api.NotLinked, match="no training event"):
        api.record_assessment_submission(
            course_run="other",
            assessment_id="x",
            phase="pre",
            form="",
            score=0.0,
            responses=_items(0),
            person_id=linked.public_id,
        )
    with pytest.raises(ValueError, match=r"^person_id, lms_user_id"):
        _submit(lms_user_id=41, person_id=uuid4())
    assert not ItemResponse.objects.exists() and not Participation.objects.exists()


def test_the_gain_is_given_only_for_a_parallel_pair_and_names_the_forms(linked):
    _submit(phase="post", form="B", score=1.0, items=_items(3, form="B"))
    summary, _ = api.participation_assessment("rtp-2026-bkk", linked.public_id)
    assert (summary.gain, summary.no_gain_reason) == (None, "no_pre_test")
    _submit(phase="pre", form="A", score=1 / 3)
    summary, items = api.participation_assessment("rtp-2026-bkk", linked.public_id, with_items=True)
    assert (summary.pre_test_form, summary.post_test_form) == ("A", "B")
    assert summary.gain == pytest.approx(1.0, abs=1e-3) and summary.gain_band == "high"
    assert summary.item_responses == 6 and len(items) == 6
    assert {i.phase for i in items} == {"pre", "post"}
    _submit(phase="pre", form="B", score=1 / 3, items=_items(1, form="B"))
    summary, _ = api.participation_assessment("rtp-2026-bkk", linked.public_id)
    assert (summary.gain, summary.no_gain_reason) == (None, "same_questions")


def test_scores_without_forms_give_no_gain_and_say_why(linked):
    event = TrainingEvent.objects.get()
    Participation.objects.create(event=event, person=linked, pre_test_score=40, post_test_score=80)
    summary, _ = api.participation_assessment(event.code, linked.public_id)
    assert (summary.gain, summary.no_gain_reason) == (None, "form_unknown")
    assert summary.item_responses == 0
    with pytest.raises(LookupError):
        api.participation_assessment(event.code, uuid4())


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_of_one_answer_store_one_row_per_item():
    _run_with_learner("Nguyen Van Hai", "VN")
    start, errors = threading.Barrier(8), []

    def submit():
        try:
            start.wait()
            _submit()
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Participation.objects.count() == 1
    assert ItemResponse.objects.count() == 3
