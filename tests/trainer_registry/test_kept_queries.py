"""Queries whose statement is made once and run again with new arguments
(``trainer_registry.listing.kept_queries``, decision 0037): the same rows as the queryset
gives, on every database the suite runs on; nothing compiled after the first call; and
what cannot be kept refused when first made, not answered wrongly."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.db.models.sql.compiler import SQLCompiler, SQLInsertCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trainer_registry.listing.counts import related_count
from trainer_registry.listing.kept_queries import Ids, KeptInsert, KeptQuery
from trainer_registry.models import (
    AuditEvent,
    FollowUpCampaign,
    ItemResponse,
    Organisation,
    Participation,
    Person,
    PositionSpell,
    Programme,
    TrainingEvent,
)


def _trainings_of(person_id):
    return (
        Participation.objects.filter(person_id=person_id)
        .select_related("event__programme")
        .annotate(responses=related_count(ItemResponse, "participation"))
        .order_by("-event__starts_on", "event__code")
    )


def _registry():
    ntp = Programme.objects.create(code="ntp-la", kind="NTP", name="NTP Lao PDR", country="LA")
    events = [
        TrainingEvent.objects.create(
            programme=ntp,
            code=f"ntp-la-{year}",
            title=f"NTP Vientiane {year}",
            country="LA",
            place="Vientiane",
            starts_on=date(year, 3, 2),
            ends_on=date(year, 3, 6),
        )
        for year in (2012, 2014, 2016)
    ]
    people = [
        Person.objects.create(name_latin=name, country="LA")
        for name in ("Vongsa Keo", "Phommachanh Noy", "Sisouk Dao")
    ]
    for count, person in enumerate(people):
        for event in events[: count + 1]:
            participation = Participation.objects.create(
                event=event,
                person=person,
                pre_test_score=Decimal("40.5"),
                post_test_score=Decimal("72.0") if count else None,
                completed=bool(count),
                completed_on=event.ends_on if count else None,
            )
            ItemResponse.objects.bulk_create(
                ItemResponse(
                    participation=participation,
                    assessment_id="rtp-pre",
                    phase="pre",
                    item_id=f"q{item}",
                    correct=item % 2 == 0,
                    answered_at=datetime(2016, 3, 6, 9, item, tzinfo=UTC),
                )
                for item in range(count)
            )
    return people


def _fields(record):
    return {name: value for name, value in vars(record).items() if name != "_state"}


@pytest.mark.django_db
def test_kept_rows_are_the_querysets_records_with_their_related_records_and_counts():
    people = _registry()
    kept = KeptQuery(_trainings_of, int)
    for person in people:
        made = list(_trainings_of(person.pk))
        rows = kept(person.pk)
        assert [_fields(row) for row in rows] == [_fields(row) for row in made]
        assert [(row.event.code, row.event.programme.code, row.responses) for row in rows] == [
            (row.event.code, row.event.programme.code, row.responses) for row in made
        ]
        assert all(row._state.db == "default" and not row._state.adding for row in rows)
    assert [len(kept(person.pk)) for person in people] == [1, 2, 3]
    assert kept(people[2].pk)[0].responses == 2
    assert kept(-1) == []


@pytest.mark.django_db
def test_kept_values_are_converted_as_the_queryset_converts_them():
    person = _registry()[2]
    office = Organisation.objects.create(
        name="Anti-Trafficking Department", country="LA", sector="police"
    )
    PositionSpell.objects.create(
        person=person,
        organisation=office,
        title="Investigator",
        is_anti_trafficking=True,
        started_on=date(2011, 7, 1),
    )
    kept = KeptQuery(
        lambda person_id, country: (
            Participation.objects.filter(person_id=person_id, event__country=country)
            .order_by("event__starts_on")
            .values_list("event__starts_on", "pre_test_score", "completed", "person__public_id")
        ),
        int,
        str,
    )
    rows = kept(person.pk, "LA")
    assert rows == list(kept.build(person.pk, "LA"))
    assert rows[0] == (date(2012, 3, 2), Decimal("40.5"), True, person.public_id)
    assert kept(person.pk, "TH") == []
    named = KeptQuery(
        lambda person_id: PositionSpell.objects.filter(person_id=person_id).values_list(
            "started_on", "organisation__name", "is_anti_trafficking", named=True
        ),
        int,
    )
    (spell,) = named(person.pk)
    assert spell.started_on == date(2011, 7, 1)
    assert spell.organisation__name == "Anti-Trafficking Department"
    assert spell.is_anti_trafficking is True


@pytest.mark.django_db
def test_after_the_first_call_nothing_is_compiled_and_one_statement_runs():
    people = _registry()
    kept = KeptQuery(_trainings_of, int)
    kept(people[0].pk)
    with (
        mock.patch.object(SQLCompiler, "as_sql", side_effect=AssertionError("compiled")),
        CaptureQueriesContext(connection) as ran,
    ):
        rows = kept(people[1].pk)
    assert {row.person_id for row in rows} == {people[1].pk}
    assert len(rows) == 2
    assert len(ran) == 1


@pytest.mark.django_db
def test_known_records_are_given_to_the_rows_without_a_query():
    person = _registry()[2]
    kept = KeptQuery(_trainings_of, int)
    with CaptureQueriesContext(connection) as ran:
        rows = kept(person.pk, known={"person": person})
        assert {row.person.name_latin for row in rows} == {"Sisouk Dao"}
    assert len(ran) == 1
    assert all(row.person is person for row in rows)


@pytest.mark.django_db
def test_what_cannot_be_kept_is_refused_when_first_made():
    people = _registry()
    varying = KeptQuery(lambda n: Person.objects.filter(pk__in=list(range(1 + n % 7))), int)
    with pytest.raises(ValueError, match="SQL changes with its arguments"):
        varying(1)
    nothing = KeptQuery(lambda n: Person.objects.filter(pk__in=[]), int)
    with pytest.raises(ValueError, match="writes no statement"):
        nothing(1)
    wrapped = KeptQuery(lambda part: Person.objects.filter(name_latin__contains=part), str)
    with pytest.raises(ValueError, match=r"parameter 0 changes .* none of them as given"):
        wrapped("Keo")
    converted = KeptQuery(lambda pk: Person.objects.filter(pk=pk), str)
    with pytest.raises(ValueError, match="expected a number"):
        converted("12")
    unused = KeptQuery(lambda pk, code: Person.objects.filter(pk=pk), int, str)
    with pytest.raises(ValueError, match=r"arguments \[1\] do not reach the statement"):
        unused(people[0].pk, "LA")
    prefetching = KeptQuery(
        lambda pk: Person.objects.filter(pk=pk).prefetch_related("participations"), int
    )
    with pytest.raises(ValueError, match="cannot prefetch"):
        prefetching(people[0].pk)
    with pytest.raises(TypeError, match="may be int, str, date, datetime or Ids"):
        KeptQuery(lambda amount: Participation.objects.filter(pre_test_score=amount), Decimal)


@pytest.mark.django_db
def test_a_call_with_arguments_of_another_kind_is_refused():
    people = _registry()
    kept = KeptQuery(_trainings_of, int)
    with pytest.raises(TypeError, match="argument 0 must be int, not str"):
        kept(str(people[0].pk))
    with pytest.raises(TypeError, match="must be int, not bool"):
        kept(True)
    with pytest.raises(TypeError, match="takes 1 arguments, not 0"):
        kept()
    with pytest.raises(TypeError, match="takes no shape"):
        kept(people[0].pk, shape="regional")


@pytest.mark.django_db(transaction=True)
def test_threads_each_get_their_own_rows():
    people = _registry()
    kept = KeptQuery(_trainings_of, int)
    wanted = {person.pk: [row.pk for row in _trainings_of(person.pk)] for person in people}
    got: dict[int, list] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(len(people) * 4)

    def read(person_id: int) -> None:
        try:
            start.wait(timeout=30)
            for _ in range(20):
                rows = [row.pk for row in kept(person_id)]
                if got.setdefault(person_id, rows) != rows:
                    raise AssertionError(f"{person_id}: {rows} then {got[person_id]}")
        except BaseException as error:  # reported to the test's thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=read, args=(person.pk,)) for person in people for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert got == wanted


@pytest.mark.django_db
def test_days_and_times_reach_the_statement_as_the_queryset_puts_them():
    _registry()
    yangon = ZoneInfo("Asia/Yangon")  # +06:30: a time's zone is kept, not dropped
    answered = KeptQuery(
        lambda after, since: (
            ItemResponse.objects.filter(
                answered_at__gt=after, participation__event__starts_on__gte=since
            )
            .order_by("answered_at", "pk")
            .values_list("pk", flat=True)
        ),
        datetime,
        date,
    )
    for after, since in [
        (datetime(2016, 3, 6, 15, 30, tzinfo=yangon), date(2016, 1, 1)),  # 09:00 UTC
        (datetime(2016, 3, 6, 9, 0, 30, tzinfo=UTC), date(2016, 3, 2)),
        (datetime(2016, 3, 6, 9, 5, tzinfo=UTC), date(2010, 1, 1)),
        (datetime(2016, 3, 6, 9, 0, tzinfo=UTC), date(2016, 3, 3)),
    ]:
        assert answered(after, since) == list(answered.build(after, since))
    assert len(answered(datetime(2016, 3, 6, 15, 29, tzinfo=yangon), date(2016, 1, 1))) == 2
    assert answered(datetime(2016, 3, 6, 15, 31, tzinfo=yangon), date(2016, 1, 1)) == []
    with pytest.raises(TypeError, match="must be a time that says its zone"):
        answered(datetime(2016, 3, 6, 9, 0), date(2016, 1, 1))
    with pytest.raises(TypeError, match="argument 1 must be date, not datetime"):
        answered(datetime(2016, 3, 6, 9, 0, tzinfo=UTC), datetime(2016, 1, 1, tzinfo=UTC))


@pytest.mark.django_db
def test_a_list_of_ids_is_filled_up_to_its_size_with_the_same_set():
    people = _registry()
    ids = [person.pk for person in people]
    named = KeptQuery(
        lambda chosen: (
            Person.objects.filter(pk__in=chosen)
            .order_by("name_latin")
            .values_list("name_latin", flat=True)
        ),
        Ids(5),
    )
    assert named(ids) == ["Phommachanh Noy", "Sisouk Dao", "Vongsa Keo"]
    assert named(ids[:1]) == ["Vongsa Keo"]
    assert named((ids[2], ids[0], ids[2])) == ["Sisouk Dao", "Vongsa Keo"]
    with CaptureQueriesContext(connection) as ran:
        named(ids[1:])
    assert ran[0]["sql"].count(",") >= 4  # five places, whatever the number given
    with pytest.raises(TypeError, match=r"1 to 5 ids, not 0"):
        named([])
    with pytest.raises(TypeError, match=r"1 to 5 ids, not 6"):
        named([*ids, *ids])
    with pytest.raises(TypeError, match="a list of ids, not set"):
        named(set(ids))
    with pytest.raises(ValueError, match="1 to 1000 ids"):
        Ids(0)


@pytest.mark.django_db
def test_a_shaped_query_keeps_a_statement_for_each_shape():
    people = _registry()
    by_shape = KeptQuery(
        lambda person_id, *, shape: (
            Participation.objects.filter(
                person_id=person_id, **({"completed": True} if shape == "completed" else {})
            )
            .order_by("event__starts_on")
            .values_list("event__code", flat=True)
        ),
        int,
        shaped=True,
    )
    first, second = people[1].pk, people[2].pk
    assert by_shape(second, shape="all") == ["ntp-la-2012", "ntp-la-2014", "ntp-la-2016"]
    Participation.objects.filter(person_id=second, event__code="ntp-la-2014").update(
        completed=False, completed_on=None
    )
    assert by_shape(second, shape="completed") == ["ntp-la-2012", "ntp-la-2016"]
    assert by_shape(second, shape="all") == ["ntp-la-2012", "ntp-la-2014", "ntp-la-2016"]
    assert by_shape(first, shape="completed") == ["ntp-la-2012", "ntp-la-2014"]
    with mock.patch("trainer_registry.listing.kept_queries.SHAPES_KEPT", 2):
        for shape in ("a", "b", "completed"):
            by_shape(first, shape=shape)
    assert len(by_shape._statements) == 2  # the oldest shapes given up
    assert by_shape(first, shape="completed") == ["ntp-la-2012", "ntp-la-2014"]


@pytest.mark.django_db
def test_a_kept_insert_writes_the_row_save_writes(django_user_model):
    """The audit trail's insert (decision 0037): the same columns as ``create`` writes,
    the time of writing, a user or none, a detail in any script; its text compiled once."""
    reader = django_user_model.objects.create_user("reader-la", password="x-long-password")
    kept = KeptInsert(AuditEvent)
    detail = {"q": "ສີສຸກ", "filters": {"country": "LA", "page": 2}}
    before = timezone.now()
    kept(
        AuditEvent(
            user=reader, username="reader-la", action="list", object_type="person", detail=detail
        )
    )
    with mock.patch.object(SQLInsertCompiler, "as_sql", side_effect=AssertionError("built")):
        kept(AuditEvent(username="", action="view", object_type="person", object_id="p-1"))
    made = AuditEvent.objects.create(
        user=reader, username="reader-la", action="list", object_type="person", detail=detail
    )
    first, second, third = AuditEvent.objects.order_by("id")
    assert third.pk == made.pk
    for column in ("user_id", "username", "action", "object_type", "object_id", "detail"):
        assert getattr(first, column) == getattr(made, column), column
    assert before <= first.at <= made.at
    assert (second.user_id, second.object_id, second.detail) == (None, "p-1", {})
    with pytest.raises(TypeError, match="must number its primary key"):
        KeptInsert(Session)  # its key is made by Django, not numbered by the database


@pytest.mark.django_db
def test_a_small_integer_column_takes_its_argument_as_the_driver_types_it():
    """PostgreSQL's driver is given a small integer column's value as its own type
    (``Int2``): the kept statement gives the call's argument the same type."""
    for code, most in (("a", 1), ("b", 3), ("c", 5)):
        FollowUpCampaign.objects.create(code=code, name=code, design="census", max_reminders=most)
    kept = KeptQuery(
        lambda at_least: (
            FollowUpCampaign.objects.filter(max_reminders__gte=at_least)
            .order_by("code")
            .values_list("code", flat=True)
        ),
        int,
    )
    for at_least in (0, 1, 3, 4, 6):
        assert kept(at_least) == list(kept.build(at_least)), at_least
    assert kept(3) == ["b", "c"]
