"""Answers collected offline come back from KoboToolbox or ODK, all of them or none."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from django.db import connection

from trainer_registry.cli import main
from trainer_registry.followup.answer_import import AnswerImportError, import_answers
from trainer_registry.models import (
    CampaignMember,
    FollowUpCampaign,
    FollowUpResponse,
    Organisation,
    Person,
    PositionSpell,
)

pytestmark = pytest.mark.django_db

HEADER = (
    "start,end,group_consent/consent,group_role/still_in_role,group_role/left_role_on,"
    "group_role/leaving_reason,use_of_training,examples,person_id,_uuid,_submission_time\n"
)


@pytest.fixture
def sampled():
    campaign = FollowUpCampaign.objects.create(code="mm-2026", name="Myanmar 2026", design="census")
    organisation = Organisation.objects.create(name="Police", country="MM", sector="police")
    people = []
    for number in range(3):
        person = Person.objects.create(
            name_latin=f"Aung Kyaw {number}", country="MM", consents_to_follow_up=True
        )
        PositionSpell.objects.create(
            person=person, organisation=organisation, started_on=date(2012, 1, 1)
        )
        CampaignMember.objects.create(
            campaign=campaign, person=person, inclusion_probability=1, base_weight=1
        )
        people.append(person)
    return campaign, people


def _row(
    person, *, consent="yes", still="no", left="2021-06", reason="left_government", use="often"
):
    return (
        f"2026-03-01T10:00,2026-03-01T10:05,{consent},{still},{left},{reason},{use},"
        f"Referred two people,{person.public_id},uuid-{person.pk},2026-03-01\n"
    )


def _write(tmp_path, text, name="answers.csv", encoding="utf-8-sig"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_kobo_export_is_imported_and_careers_updated(sampled, tmp_path):
    campaign, people = sampled
    text = HEADER + _row(people[0]) + _row(people[1], still="yes", left="", reason="")
    result = import_answers(_write(tmp_path, text), campaign)
    assert (result.rows, result.completes, result.partials) == (2, 2, 0)
    left = FollowUpResponse.objects.get(member__person=people[0])
    assert (left.left_role_on, left.leaving_reason, left.use_of_training, left.channel) == (
        date(2021, 6, 1),
        "left_government",
        3,
        "odk",
    )
    spell = PositionSpell.objects.get(person=people[0])
    assert (spell.ended_on, spell.end_reason) == (date(2021, 6, 1), "left_government")
    assert PositionSpell.objects.get(person=people[1]).ended_on is None
    assert set(CampaignMember.objects.values_list("disposition", flat=True)) == {"I", "UH"}


def test_xlsx_export_is_imported(sampled, tmp_path):
    campaign, people = sampled
    frame = pd.DataFrame(
        [{"person_id": str(people[2].public_id), "consent": "yes", "still_in_role": "yes"}]
    )
    path = tmp_path / "answers.xlsx"
    frame.to_excel(path, index=False)
    assert import_answers(path, campaign).rows == 1


@pytest.mark.parametrize(
    ("make_row", "expected"),
    [
        (lambda p: _row(p, consent="maybe"), "row 3, column 'consent': 'maybe' is not yes or no"),
        (
            lambda p: _row(p, left="2021-13"),
            "row 3, column 'left_role_on': '2021-13': write the month as YYYY-MM",
        ),
        (
            lambda p: _row(p, left="2099-01"),
            "row 3, column 'left_role_on': 2099-01 is in the future",
        ),
        (
            lambda p: _row(p, reason="fired"),
            "row 3, column 'leaving_reason': 'fired' is not one of",
        ),
        (lambda p: _row(p, use="daily"), "row 3, column 'use_of_training': 'daily' is not never"),
        (
            lambda p: _row(p, still="yes"),
            "row 3, column 'left_role_on': given for someone still in the role",
        ),
        (
            lambda p: _row(p).replace(str(p.public_id), "not-sampled"),
            "row 3, column 'person_id': 'not-sampled' is not sampled",
        ),
    ],
)
def test_one_bad_cell_refuses_the_whole_file(sampled, tmp_path, make_row, expected):
    campaign, people = sampled
    text = HEADER + _row(people[0]) + make_row(people[1])
    with pytest.raises(AnswerImportError) as caught:
        import_answers(_write(tmp_path, text), campaign)
    assert str(caught.value).startswith(expected)
    assert not FollowUpResponse.objects.exists()
    assert not PositionSpell.objects.filter(ended_on__isnull=False).exists()


def test_duplicates_in_the_file_and_with_stored_answers(sampled, tmp_path):
    campaign, people = sampled
    twice = HEADER + _row(people[0]) + _row(people[0], still="yes", left="", reason="")
    with pytest.raises(
        AnswerImportError, match=r"row 3, column 'person_id': a second answer .* \(first on row 2\)"
    ):
        import_answers(_write(tmp_path, twice), campaign)
    import_answers(_write(tmp_path, HEADER + _row(people[0])), campaign)
    with pytest.raises(
        AnswerImportError,
        match="row 2, column 'person_id': this person's answer for wave 1 is already stored",
    ):
        import_answers(_write(tmp_path, HEADER + _row(people[0])), campaign)
    assert FollowUpResponse.objects.count() == 1


def test_wrong_columns_and_wrong_encoding(sampled, tmp_path):
    campaign, people = sampled
    with pytest.raises(AnswerImportError, match="row 1: missing column"):
        import_answers(_write(tmp_path, "person_id,consent\nx,yes\n"), campaign)
    with pytest.raises(AnswerImportError, match="row 1, column 'salary': not a question"):
        import_answers(_write(tmp_path, "person_id,consent,still_in_role,salary\n"), campaign)
    latin = HEADER + _row(people[0]).replace("Referred", "Réferred")
    with pytest.raises(AnswerImportError, match=r"row 2: the file is not UTF-8 text"):
        import_answers(_write(tmp_path, latin, encoding="latin-1"), campaign)
    assert not FollowUpResponse.objects.exists()


def test_command_line_import(sampled, tmp_path, capsys):
    _campaign, people = sampled
    good = _write(tmp_path, HEADER + _row(people[0]))
    assert main(["followup", "import", str(good), "--campaign", "mm-2026"]) == 0
    assert "Imported 1 answers into mm-2026: 1 complete, 0 partial." in capsys.readouterr().out
    bad = _write(tmp_path, HEADER + _row(people[1], consent="oui"), name="bad.csv")
    assert main(["followup", "import", str(bad), "--campaign", "mm-2026"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        "bad.csv: row 2, column 'consent'" in captured.err
        and "nothing was imported" in captured.err
    )
    assert main(["followup", "import", str(good), "--campaign", "nope"]) == 2


def test_import_and_one_by_one_answers_change_careers_alike(sampled, tmp_path):
    """The import's column-wide career rule gives what answers given one by one give."""
    from trainer_registry.followup.answer_import import read_table, validate
    from trainer_registry.followup.campaigns import Answers
    from trainer_registry.followup.careers import career_changes, career_changes_of

    campaign, people = sampled
    text = (
        HEADER
        + _row(people[0], left="2019-02", reason="retired")
        + _row(people[1], still="yes", left="", reason="")
        + _row(people[2], left="", reason="")
    )
    answers = validate(read_table(_write(tmp_path, text)), campaign)
    on = date(2026, 3, 1)
    by_person = {
        person: Answers(consent=True, still_in_role=still, left_role_on=left, leaving_reason=why)
        for person, still, left, why in zip(
            answers["person_id"].tolist(),
            answers["still_in_role"].tolist(),
            [None if pd.isna(t) else t.date() for t in answers["left_role_on"]],
            answers["leaving_reason"].tolist(),
            strict=True,
        )
    }
    assert career_changes_of(answers, on) == career_changes(by_person, on)
    assert career_changes_of(answers, on) == (
        [people[1].pk],
        {(date(2019, 2, 1), "retired"): [people[0].pk], (on, "other"): [people[2].pk]},
    )


def test_a_position_never_ends_before_it_started(sampled, tmp_path):
    campaign, people = sampled
    import_answers(_write(tmp_path, HEADER + _row(people[0], left="2005-01")), campaign)
    spell = PositionSpell.objects.get(person=people[0])
    assert (spell.started_on, spell.ended_on) == (date(2012, 1, 1), date(2012, 1, 1))


def test_numbers_waves_and_the_last_answer_decides(sampled, tmp_path):
    campaign, people = sampled
    header = "person_id,consent,still_in_role,left_role_on,use_of_training,wave,channel\n"
    pid = people[0].public_id
    text = header + f"{pid},yes,yes,,2,1,paper\n{pid},yes,no,,0,2,\n"
    result = import_answers(_write(tmp_path, text), campaign)
    assert (result.rows, result.completes, result.partials) == (2, 1, 1)
    stored = list(
        FollowUpResponse.objects.order_by("wave").values_list(
            "wave", "channel", "use_of_training", "still_in_role"
        )
    )
    assert stored == [(1, "paper", 2, "yes"), (2, "odk", 0, "no")]
    assert CampaignMember.objects.get(person=people[0]).disposition == "P"
    spell = PositionSpell.objects.get(person=people[0])
    assert spell.end_reason == "other" and spell.ended_on is not None


def test_a_campaign_without_members_refuses_every_person(tmp_path):
    empty = FollowUpCampaign.objects.create(code="empty", name="Nobody drawn", design="census")
    person = Person.objects.create(name_latin="Aung Kyaw", country="MM")
    with pytest.raises(AnswerImportError, match=r"row 2, column 'person_id': .* is not sampled"):
        import_answers(_write(tmp_path, HEADER + _row(person)), empty)


STORED = (
    "wave",
    "channel",
    "consent",
    "still_in_role",
    "left_role_on",
    "leaving_reason",
    "current_organisation",
    "current_role",
    "use_of_training",
    "examples",
    "support_needed",
    "trainings_delivered",
    "participants_reached",
)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (  # every kind of column changing from row to row, and some holding one value
            [
                "yes,no,2021-06,Retired,often,Vu 😀,,3,,1,paper",
                "yes,yes,,,2,,Officer,,250,1,",
                'yes,no,,,often,"two, with a comma",,0,,2,',
            ],
            [
                (
                    1,
                    "paper",
                    True,
                    "no",
                    date(2021, 6, 1),
                    "retired",
                    "",
                    "",
                    3,
                    "Vu 😀",
                    "",
                    3,
                    None,
                ),
                (1, "odk", True, "yes", None, "", "", "Officer", 2, "", "", None, 250),
                (2, "odk", True, "no", None, "", "", "", 3, "two, with a comma", "", 0, None),
            ],
        ),
        (  # quotes, a backslash and a lone NULL-looking word survive every way of storing
            [
                'yes,yes,,,,"she said ""stop"" \\ then N",\\N,,,,',
                "yes,yes,,,,NULL,,,,,",
                'yes,yes,,,,"",,,,,',
            ],
            [
                (
                    1,
                    "odk",
                    True,
                    "yes",
                    None,
                    "",
                    "",
                    "\\N",
                    None,
                    'she said "stop" \\ then N',
                    "",
                    None,
                    None,
                ),
                (1, "odk", True, "yes", None, "", "", "", None, "NULL", "", None, None),
                (1, "odk", True, "yes", None, "", "", "", None, "", "", None, None),
            ],
        ),
        (  # a file whose every column but the person holds one value
            ["yes,no,2020-01-15,other,,,,,,,"] * 3,
            [(1, "odk", True, "no", date(2020, 1, 1), "other", "", "", None, "", "", None, None)]
            * 3,
        ),
    ],
)
def test_both_ways_of_inserting_store_the_same_rows(sampled, tmp_path, cells, expected):
    """SQLite binds a column that holds one value once per statement; what it stores is
    what binding every cell of every row stores (the way other engines insert)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from trainer_registry.followup.answer_import import read_table, validate
    from trainer_registry.followup.answer_store import answer_columns, insert_answers, insert_rows

    campaign, people = sampled
    header = (
        "person_id,consent,still_in_role,left_role_on,leaving_reason,use_of_training,"
        "examples,current_role,trainings_delivered,participants_reached,wave,channel\n"
    )
    text = header + "".join(
        f"{person.public_id},{row}\n" for person, row in zip(people, cells, strict=True)
    )
    answers = validate(read_table(_write(tmp_path, text)), campaign)
    now = timezone.now()

    def stored():
        rows = FollowUpResponse.objects.order_by("member__person_id", "wave")
        values = list(rows.values_list(*STORED, "submitted_at"))
        kinds = []
        if connection.vendor == "sqlite":  # the values as SQLite keeps them, not as read
            with connection.cursor() as cursor:
                table = FollowUpResponse._meta.db_table
                cursor.execute(
                    f"SELECT {', '.join(f'typeof({name})' for name in STORED)} "  # noqa: S608
                    f"FROM {table} ORDER BY member_id, wave"
                )
                kinds = cursor.fetchall()
        return values, kinds

    with transaction.atomic():
        insert_answers(answers, submitted_at=now)
    once = stored()
    FollowUpResponse.objects.all().delete()
    with transaction.atomic():
        insert_rows(*answer_columns(answers, submitted_at=now))
    assert stored() == once
    assert [row[:-1] for row in once[0]] == expected
    assert {row[-1] for row in once[0]} == {now}


@pytest.mark.django_db
def test_answers_keep_one_index_that_starts_with_the_member():
    """Every look-up of a member's answers is served by the (member, wave) unique index;
    a second index on the member alone would only slow down storing answers."""
    table = FollowUpResponse._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    assert ["member_id", "wave"] in indexed
    assert ["member_id"] not in indexed


@pytest.mark.parametrize(
    "written",
    [
        lambda public_id: str(public_id),
        lambda public_id: str(public_id).upper(),
        lambda public_id: public_id.hex,
        lambda public_id: public_id.hex.upper(),
    ],
    ids=["hyphens", "hyphens upper case", "hex digits", "hex digits upper case"],
)
def test_a_pseudonymous_id_is_found_however_it_is_written(sampled, tmp_path, written):
    campaign, people = sampled
    text = "person_id,consent,still_in_role\n" + "".join(
        f"{written(person.public_id)},yes,yes\n" for person in people
    )
    assert import_answers(_write(tmp_path, text), campaign).rows == 3
    answered = FollowUpResponse.objects.values_list("member__person", flat=True)
    assert sorted(answered) == sorted(person.pk for person in people)


def test_cells_are_read_without_the_spaces_around_them(sampled, tmp_path):
    campaign, people = sampled
    text = "person_id,consent,still_in_role,left_role_on,leaving_reason,channel\n" + "".join(
        f"  {person.public_id} , Yes ,{still},{left},{reason}, Paper \n"
        for person, still, left, reason in zip(
            people,
            [" no", "no ", " yes "],
            [" 2021-06", "2021-06  ", ""],
            ["Retired ", " retired", "  "],
            strict=True,
        )
    )
    assert import_answers(_write(tmp_path, text), campaign).rows == 3
    stored = FollowUpResponse.objects.order_by("member__person_id")
    assert list(
        stored.values_list("still_in_role", "left_role_on", "leaving_reason", "channel")
    ) == [
        ("no", date(2021, 6, 1), "retired", "paper"),
        ("no", date(2021, 6, 1), "retired", "paper"),
        ("yes", None, "", "paper"),
    ]


def test_a_repeated_late_wave_is_refused(sampled, tmp_path):
    campaign, people = sampled
    pid = people[0].public_id
    text = f"person_id,consent,still_in_role,wave\n{pid},yes,yes,40000\n{pid},yes,no,40000\n"
    with pytest.raises(
        AnswerImportError, match=r"row 3, column 'person_id': a second answer .* \(first on row 2\)"
    ):
        import_answers(_write(tmp_path, text), campaign)
    assert not FollowUpResponse.objects.exists()


def test_answers_of_many_kinds_are_stored_as_written(tmp_path):
    """More combinations of answers than travel as one code per row: each still stored as
    the file says."""
    campaign = FollowUpCampaign.objects.create(code="vn-2026", name="Viet Nam", design="census")
    organisation = Organisation.objects.create(name="Police", country="VN", sector="police")
    people = []
    for number in range(12):
        person = Person.objects.create(name_latin=f"Nguyen {number}", country="VN")
        PositionSpell.objects.create(
            person=person, organisation=organisation, started_on=date(2012, 1, 1)
        )
        CampaignMember.objects.create(
            campaign=campaign, person=person, inclusion_probability=1, base_weight=1
        )
        people.append(person)
    reasons = ["retired", "left_government", "other", "left_ministry"]
    rows = [
        (person, f"20{10 + n}-0{1 + n % 9}", reasons[n % 4], str(n % 4), f"example {n % 5}")
        for n, person in enumerate(people)
    ]
    text = "person_id,consent,still_in_role,left_role_on,leaving_reason,use_of_training,examples\n"
    text += "".join(f"{p.public_id},yes,no,{m},{r},{u},{e}\n" for p, m, r, u, e in rows)
    assert import_answers(_write(tmp_path, text), campaign).rows == 12
    stored = FollowUpResponse.objects.order_by("member__person_id").values_list(
        "left_role_on", "leaving_reason", "use_of_training", "examples"
    )
    assert list(stored) == [
        (date(int(m[:4]), int(m[5:]), 1), r, int(u), e) for _p, m, r, u, e in rows
    ]
    assert [s.end_reason for s in PositionSpell.objects.order_by("person_id")] == [
        r for _p, _m, r, _u, _e in rows
    ]
