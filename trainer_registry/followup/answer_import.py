"""Importing follow-up answers collected offline (KoboToolbox, ODK Collect, a spreadsheet).

The file is a CSV (UTF-8) or XLSX export whose columns are the questionnaire's names:

``person_id`` (required)
    the sampled person's pseudonymous id, as on the invitation list;
``consent``, ``still_in_role`` (required)
    ``yes`` or ``no``;
``left_role_on``
    month left (``YYYY-MM`` or a date), only when ``still_in_role`` is ``no``;
``leaving_reason``, ``current_organisation``, ``current_role``, ``use_of_training``
(``never``/``rarely``/``sometimes``/``often`` or 0-3), ``examples``, ``support_needed``,
``trainings_delivered``, ``participants_reached``, ``wave`` (default 1), ``channel``
(default ``odk``).

Group prefixes that ODK and Kobo add (``group_role/still_in_role``) are dropped, and their
metadata columns (``_uuid``, ``start``, ``meta/instanceID``, ...) ignored. Every row is
checked before anything is written; one bad cell refuses the whole file with a message
naming its row (as in the file, header = row 1) and column. Answers are de-duplicated on
person and wave, never on a form's submission id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from trainer_registry.followup import answer_store as followup_store
from trainer_registry.followup import careers
from trainer_registry.followup.answer_file import (
    AnswerImportError,
    normalise_columns,
    read_table,
)
from trainer_registry.models import (
    CampaignMember,
    Channel,
    FollowUpCampaign,
    FollowUpResponse,
    LeavingReasonAnswer,
    Person,
    StillInRole,
)

USE_OF_TRAINING = {"never": 0, "rarely": 1, "sometimes": 2, "often": 3}
YES = {"yes", "1", "true"}
NO = {"no", "0", "false"}
LIMITS = {
    "examples": 4000,
    "support_needed": 4000,
    "current_organisation": 200,
    "current_role": 200,
}


@dataclass(frozen=True)
class ImportResult:
    rows: int
    completes: int
    partials: int


def _cell(row: int, column: str, message: str) -> AnswerImportError:
    return AnswerImportError(f"row {row}, column '{column}': {message}")


@dataclass(frozen=True)
class _Failure:
    position: int  # 0-based data row
    column: str
    message: str


class _Checks:
    """Vectorised checks over a whole column at a time. Each records the first row that
    fails; the file's first failure (by row, then by the order of the checks) is reported."""

    def __init__(self) -> None:
        self.failures: list[_Failure] = []

    def expect(self, ok, column: str, message) -> None:
        """``ok`` is True where the cell is right; ``message(position)`` words a failure."""
        bad = np.flatnonzero(~np.asarray(ok, dtype=bool))
        if bad.size:
            position = int(bad[0])
            self.failures.append(_Failure(position, column, message(position)))

    def raise_first(self) -> None:
        if self.failures:
            first = min(self.failures, key=lambda f: f.position)
            raise _cell(first.position + 2, first.column, first.message)


def _per_distinct(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``convert`` applied to each distinct value of ``values`` once, spread back over the
    rows (missing where ``values`` is): a column of months or scores holds a few dozen
    distinct cells however long the file is."""
    codes, distinct = pd.factorize(values)
    converted = convert(pd.Series(distinct, dtype=values.dtype))
    return pd.Series(
        pd.api.extensions.take(converted.to_numpy(), codes, allow_fill=True), index=values.index
    )


def _months(values: pd.Series) -> pd.Series:
    """``YYYY-MM`` or ``YYYY-MM-DD`` to the first day of the month; NaT where unreadable."""

    def convert(distinct: pd.Series) -> pd.Series:
        by_month = pd.to_datetime(distinct, format="%Y-%m", errors="coerce")
        by_day = pd.to_datetime(distinct, format="%Y-%m-%d", errors="coerce")
        return by_month.fillna(by_day).dt.to_period("M").dt.to_timestamp()

    return pd.to_datetime(_per_distinct(values, convert))


def _whole_numbers(values: pd.Series, *, low: int) -> tuple[pd.Series, pd.Series]:
    """The numbers, and where each cell is empty or a whole number of at least ``low``."""
    empty = values == ""
    if empty.all():  # an unasked question: nothing to convert
        return pd.Series(np.nan, index=values.index), empty
    numbers = _per_distinct(
        values.where(~empty), lambda distinct: pd.to_numeric(distinct, errors="coerce")
    ).astype(float)
    whole = numbers.notna() & (numbers % 1 == 0) & (numbers >= low)
    return numbers, empty | whole


@dataclass(frozen=True)
class _Members:
    """The campaign's members: pseudonymous ids (32 hex digits, no hyphens) beside the
    member and person ids, as parallel columns."""

    public_ids: pa.Array
    member_ids: np.ndarray
    person_ids: np.ndarray


_NO_MEMBERS = _Members(pa.array([], pa.string()), np.zeros(0, np.int64), np.zeros(0, np.int64))


def _plain_hex(ids: pa.Array) -> pa.Array:
    """Pseudonymous ids as 32 lower-case hex digits: letters lowered, and hyphens dropped
    when there can be some (an id written with hyphens is longer than 32 characters)."""
    lowered = pc.ascii_lower(ids)
    if len(lowered) and pc.max(pc.binary_length(lowered)).as_py() > 32:
        lowered = pc.replace_substring(lowered, "-", "")
    return lowered


def _members(campaign: FollowUpCampaign) -> _Members:
    """Every member of the campaign, with one plain query: building 100,000 ``UUID``
    objects through the ORM would cost more than reading the whole file. On SQLite and
    PostgreSQL the query returns three comma-separated strings that are split in C, not
    100,000 rows of three Python objects (MySQL caps the length of such a string)."""
    member_table = CampaignMember._meta.db_table
    person_table = Person._meta.db_table
    joined = (
        f"FROM {member_table} m JOIN {person_table} p ON p.id = m.person_id "
        "WHERE m.campaign_id = %s"
    )
    aggregated = {
        "sqlite": "SELECT group_concat(m.id), group_concat(m.person_id), group_concat(p.public_id)",
        "postgresql": "SELECT string_agg(m.id::text, ',' ORDER BY m.id), "
        "string_agg(m.person_id::text, ',' ORDER BY m.id), "
        "string_agg(p.public_id::text, ',' ORDER BY m.id)",
    }.get(connection.vendor)
    with connection.cursor() as cursor:
        if aggregated:
            cursor.execute(f"{aggregated} {joined}", [campaign.pk])
            member_ids, person_ids, public_ids = cursor.fetchone()
            if member_ids is None:
                return _NO_MEMBERS
            return _Members(
                _plain_hex(pc.split_pattern(pa.array([public_ids]), ",").flatten()),
                np.fromstring(member_ids, dtype=np.int64, sep=","),
                np.fromstring(person_ids, dtype=np.int64, sep=","),
            )
        cursor.execute(f"SELECT m.id, m.person_id, p.public_id {joined}", [campaign.pk])
        rows = cursor.fetchall()
    if not rows:
        return _NO_MEMBERS
    member_ids, person_ids, public_ids = zip(*rows, strict=True)
    # UUIDs come back as text with hyphens (MariaDB's uuid type) or as 32 lower-case hex
    # digits (MySQL's char(32)); _plain_hex makes both the latter.
    return _Members(
        _plain_hex(pa.array(public_ids, pa.string())),
        np.asarray(member_ids, dtype=np.int64),
        np.asarray(person_ids, dtype=np.int64),
    )


def validate(frame: pd.DataFrame, campaign: FollowUpCampaign) -> pd.DataFrame:
    """Check every cell at once; return the answers as typed columns, one row per answer.
    Raises :class:`AnswerImportError` naming the first bad cell's row and column."""
    frame = normalise_columns(frame).reset_index(drop=True)
    if frame.empty:
        raise AnswerImportError("the file holds no answers (row 2 is empty)")
    members = _members(campaign)
    checks = _Checks()
    text = {column: frame[column] for column in frame.columns}
    person_ids = _plain_hex(pa.array(text["person_id"], pa.string()))
    found = (
        pc.index_in(person_ids, value_set=members.public_ids).fill_null(-1).to_numpy().astype(int)
    )
    sampled = found >= 0
    member = pd.Series(np.full(len(found), np.nan))
    member[sampled] = members.member_ids[found[sampled]]
    checks.expect(
        member.notna(),
        "person_id",
        lambda i: f"{text['person_id'][i]!r} is not sampled in campaign {campaign.code}",
    )
    answers = {}
    for column in ("consent", "still_in_role"):
        lowered = text[column].str.lower()
        answers[column] = lowered.isin(YES).to_numpy(dtype=bool)
        checks.expect(
            lowered.isin(YES | NO), column, lambda i, c=column: f"{text[c][i]!r} is not yes or no"
        )
    checks.expect(
        answers["consent"] | ~text["consent"].str.lower().isin(NO).to_numpy(dtype=bool),
        "consent",
        lambda i: "no consent was given: leave this person's answers out",
    )
    still = pd.Series(answers["still_in_role"])
    wave, wave_ok = _whole_numbers(text["wave"], low=1)
    checks.expect(wave_ok, "wave", lambda i: "a whole number of at least 1 is needed")
    given = text["left_role_on"] != ""
    months = _months(text["left_role_on"].where(given))
    checks.expect(~(given & still), "left_role_on", lambda i: "given for someone still in the role")
    checks.expect(
        ~given | months.notna(),
        "left_role_on",
        lambda i: f"{text['left_role_on'][i]!r}: write the month as YYYY-MM",
    )
    today = pd.Timestamp(timezone.localdate())
    checks.expect(
        ~(months > today).fillna(False),
        "left_role_on",
        lambda i: f"{text['left_role_on'][i]} is in the future",
    )
    if (earliest := careers.earliest_leaving_month()) is not None:
        checks.expect(
            ~(months < pd.Timestamp(earliest)).fillna(False),
            "left_role_on",
            lambda i: (
                f"{text['left_role_on'][i]} is before the first training in the registry "
                f"({earliest:%Y-%m}): check the year"
            ),
        )
    reason = text["leaving_reason"].str.lower()
    reasons = ", ".join(LeavingReasonAnswer.values)
    checks.expect(
        (reason == "") | reason.isin(LeavingReasonAnswer.values),
        "leaving_reason",
        lambda i: f"{reason[i]!r} is not one of {reasons}",
    )
    checks.expect(
        ~((reason != "") & still), "leaving_reason", lambda i: "given for someone still in the role"
    )
    use_text = text["use_of_training"].str.lower()
    use = _per_distinct(
        use_text.where(use_text != ""),
        # words, or digits instead of words
        lambda distinct: distinct.map(USE_OF_TRAINING).fillna(
            pd.to_numeric(distinct, errors="coerce")
        ),
    ).astype(float)
    checks.expect(
        (use_text == "") | use.isin([0, 1, 2, 3]),
        "use_of_training",
        lambda i: f"{use_text[i]!r} is not never, rarely, sometimes or often",
    )
    counts = {}
    for column in ("trainings_delivered", "participants_reached"):
        counts[column], ok = _whole_numbers(text[column], low=0)
        checks.expect(
            ok,
            column,
            lambda i, c=column: f"{text[c][i]!r}: a whole number of at least 0 is needed",
        )
    for column, limit in LIMITS.items():
        checks.expect(
            text[column].str.len() <= limit,
            column,
            lambda i, n=limit: f"longer than {n} characters",
        )
    channel = text["channel"].str.lower().replace("", Channel.ODK)
    channels = ", ".join(Channel.values)
    checks.expect(
        channel.isin(Channel.values),
        "channel",
        lambda i: f"{channel[i]!r} is not one of {channels}",
    )
    checks.raise_first()  # the cells are right; now the answers against each other and the store

    wave = wave.fillna(1).astype(int)
    member = member.astype(int)
    keys = pd.DataFrame({"member": member, "wave": wave})
    repeated = keys.duplicated(keep="first")
    if repeated.any():
        position = int(np.flatnonzero(repeated.to_numpy())[0])
        first = int(
            np.flatnonzero(
                (
                    (keys["member"] == keys["member"][position])
                    & (keys["wave"] == keys["wave"][position])
                ).to_numpy()
            )[0]
        )
        raise _cell(
            position + 2,
            "person_id",
            f"a second answer for this person and wave (first on row {first + 2})",
        )
    # Driven from the stored answers (few, or none, on a first import), not from the
    # campaign's members (all of them).
    of_campaign = CampaignMember.objects.filter(pk=OuterRef("member_id"), campaign=campaign)
    stored = pd.DataFrame.from_records(
        FollowUpResponse.objects.filter(Exists(of_campaign)).values_list("member_id", "wave"),
        columns=["member", "wave"],
    )
    if not stored.empty:
        clash = pd.MultiIndex.from_frame(keys).isin(pd.MultiIndex.from_frame(stored))
        if clash.any():
            position = int(np.flatnonzero(clash)[0])
            raise _cell(
                position + 2,
                "person_id",
                f"this person's answer for wave {wave[position]} is already stored",
            )
    return pd.DataFrame(
        {
            "member_id": member,
            "person_id": members.person_ids[found],
            "wave": wave,
            "channel": channel,
            "still_in_role": np.where(still, StillInRole.YES, StillInRole.NO),
            "left_role_on": months,
            "leaving_reason": reason,
            "current_organisation": text["current_organisation"],
            "current_role": text["current_role"],
            "use_of_training": use,
            "examples": text["examples"],
            "support_needed": text["support_needed"],
            "trainings_delivered": counts["trainings_delivered"],
            "participants_reached": counts["participants_reached"],
        }
    )


def import_answers(path: Path, campaign: FollowUpCampaign) -> ImportResult:
    """Validate the whole file, then store every answer, the dispositions and the careers
    in one transaction (:mod:`trainer_registry.followup.answer_store`)."""
    answers = validate(read_table(path), campaign)
    complete = int(
        ((answers["still_in_role"] == StillInRole.YES) | answers["left_role_on"].notna()).sum()
    )
    try:
        with transaction.atomic():
            followup_store.insert_answers(answers, submitted_at=timezone.now())
            followup_store.update_dispositions(answers)
            followup_store.update_careers(answers, timezone.localdate())
    except IntegrityError:  # an answer arrived by another way while the file was checked
        raise AnswerImportError(
            "an answer for someone in this file was stored while the file was being checked; "
            "nothing was imported: import the file again to see which row"
        ) from None
    return ImportResult(rows=len(answers), completes=complete, partials=len(answers) - complete)
