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

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from trainer_registry.followup import answer_store as followup_store
from trainer_registry.followup import careers, sampled_people
from trainer_registry.followup.answer_cells import (
    Checks,
    Coded,
    months,
    refusal,
    whole_numbers,
)
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
    StillInRole,
)

__all__ = ["AnswerImportError", "ImportResult", "import_answers", "read_table", "validate"]

USE_OF_TRAINING = {"never": 0, "rarely": 1, "sometimes": 2, "often": 3}
YES = {"yes", "1", "true"}
NO = {"no", "0", "false"}
LIMITS = {
    "examples": 4000,
    "support_needed": 4000,
    "current_organisation": 200,
    "current_role": 200,
}
TEXT = ("current_organisation", "current_role", "examples", "support_needed")


@dataclass(frozen=True)
class ImportResult:
    rows: int
    completes: int
    partials: int


def _score(word: str) -> float:
    """A use-of-training answer as its score (words, or digits instead of words); NaN
    where empty or neither."""
    if word in USE_OF_TRAINING:
        return USE_OF_TRAINING[word]
    number = pd.to_numeric(pd.Series([word or None], dtype=object), errors="coerce")[0]
    return float(number)


def validate(table: pa.Table, campaign: FollowUpCampaign) -> pd.DataFrame:
    """Check every cell at once; return the answers as typed columns, one row per answer.
    Raises :class:`AnswerImportError` naming the first bad cell's row and column."""
    columns = normalise_columns(table)
    rows = table.num_rows
    if rows == 0:
        raise AnswerImportError("the file holds no answers (row 2 is empty)")
    cells = {
        name: Coded.of(column, rows) for name, column in columns.items() if name != "person_id"
    }
    members = sampled_people.members_of(campaign)
    checks = Checks()
    person_ids = pc.utf8_trim_whitespace(columns["person_id"].combine_chunks())
    found = sampled_people.find(person_ids, members)
    checks.rows(
        found >= 0,
        "person_id",
        lambda i: f"{person_ids[i].as_py()!r} is not sampled in campaign {campaign.code}",
    )
    answers = {}
    for column in ("consent", "still_in_role"):
        coded = cells[column]
        lowered = [value.lower() for value in coded.values]
        answers[column] = coded.rows(np.array([word in YES for word in lowered], dtype=bool))
        checks.values(
            coded,
            [word in YES | NO for word in lowered],
            column,
            lambda i, c=coded: f"{c.cell(i)!r} is not yes or no",
        )
    checks.values(
        cells["consent"],
        [value.lower() not in NO for value in cells["consent"].values],
        "consent",
        lambda i: "no consent was given: leave this person's answers out",
    )
    still = answers["still_in_role"]
    wave_numbers, wave_ok = whole_numbers(cells["wave"].values, low=1)
    checks.values(
        cells["wave"], wave_ok, "wave", lambda i: "a whole number of at least 1 is needed"
    )
    left = cells["left_role_on"]
    given = left.rows(np.array([value != "" for value in left.values], dtype=bool))
    month_of = months(left.values)
    checks.rows(~(given & still), "left_role_on", lambda i: "given for someone still in the role")
    checks.values(
        left,
        [
            value == "" or not pd.isna(month)
            for value, month in zip(left.values, month_of, strict=True)
        ],
        "left_role_on",
        lambda i: f"{left.cell(i)!r}: write the month as YYYY-MM",
    )
    today = np.datetime64(timezone.localdate(), "s")
    checks.values(
        left, ~(month_of > today), "left_role_on", lambda i: f"{left.cell(i)} is in the future"
    )
    if (earliest := careers.earliest_leaving_month()) is not None:
        checks.values(
            left,
            ~(month_of < np.datetime64(earliest, "s")),
            "left_role_on",
            lambda i: (
                f"{left.cell(i)} is before the first training in the registry "
                f"({earliest:%Y-%m}): check the year"
            ),
        )
    reason = cells["leaving_reason"].relabelled(str.lower)
    reasons = ", ".join(LeavingReasonAnswer.values)
    checks.values(
        reason,
        [value == "" or value in LeavingReasonAnswer.values for value in reason.values],
        "leaving_reason",
        lambda i: f"{reason.cell(i)!r} is not one of {reasons}",
    )
    reason_given = reason.rows(np.array([value != "" for value in reason.values], dtype=bool))
    checks.rows(
        ~(reason_given & still), "leaving_reason", lambda i: "given for someone still in the role"
    )
    use_text = cells["use_of_training"].relabelled(str.lower)
    use = use_text.each(_score, dtype=float)
    checks.values(
        use_text,
        [
            word == "" or score in (0, 1, 2, 3)
            for word, score in zip(use_text.values, use, strict=True)
        ],
        "use_of_training",
        lambda i: f"{use_text.cell(i)!r} is not never, rarely, sometimes or often",
    )
    counts = {}
    for column in ("trainings_delivered", "participants_reached"):
        counts[column], ok = whole_numbers(cells[column].values, low=0)
        checks.values(
            cells[column],
            ok,
            column,
            lambda i, c=column: f"{cells[c].cell(i)!r}: a whole number of at least 0 is needed",
        )
    for column, limit in LIMITS.items():
        checks.values(
            cells[column],
            [len(value) <= limit for value in cells[column].values],
            column,
            lambda i, n=limit: f"longer than {n} characters",
        )
    channel = cells["channel"].relabelled(lambda word: word.lower() or Channel.ODK.value)
    channels = ", ".join(Channel.values)
    checks.values(
        channel,
        [word in Channel.values for word in channel.values],
        "channel",
        lambda i: f"{channel.cell(i)!r} is not one of {channels}",
    )
    checks.raise_first()  # the cells are right; now the answers against each other and the store

    wave = cells["wave"].rows(np.nan_to_num(wave_numbers, nan=1).astype(np.int64))
    _refuse_repeats(found, members, wave, campaign)
    return pd.DataFrame(
        {
            "member_id": members.member_ids[found],
            "person_id": members.person_ids[found],
            "wave": wave,
            "channel": channel.categorical(),
            "still_in_role": pd.Categorical.from_codes(
                still.astype(np.int8),
                categories=pd.Index([StillInRole.NO.value, StillInRole.YES.value], dtype=object),
            ),
            "left_role_on": left.rows(month_of),
            "leaving_reason": reason.categorical(),
            **{name: cells[name].categorical() for name in TEXT},
            "use_of_training": use_text.rows(use),
            "trainings_delivered": cells["trainings_delivered"].rows(counts["trainings_delivered"]),
            "participants_reached": cells["participants_reached"].rows(
                counts["participants_reached"]
            ),
        }
    )


def _first_repeat(found: np.ndarray, wave: np.ndarray, members: int) -> int | None:
    """The first row that repeats an earlier row's member and wave, or ``None``. Members
    are numbered from 0 (``found``), so when members times waves is not much more than
    the rows, one count per (member, wave) says whether any repeats."""
    span = int(wave.max()) + 1
    small = members * span <= 8 * len(found) + 1_000_000
    if small and np.bincount(found * span + wave).max() <= 1:
        return None
    repeated = pd.DataFrame({"member": found, "wave": wave}).duplicated(keep="first")
    return int(np.flatnonzero(repeated.to_numpy())[0]) if repeated.any() else None


def _refuse_repeats(
    found: np.ndarray, members: sampled_people.Members, wave: np.ndarray, campaign
) -> None:
    """Refuse a second answer for one person and wave, in the file or beside a stored one,
    naming its row."""
    position = _first_repeat(found, wave, len(members))
    if position is not None:
        same = (found == found[position]) & (wave == wave[position])
        raise refusal(
            position,
            "person_id",
            f"a second answer for this person and wave (first on row {np.argmax(same) + 2})",
        )
    # Driven from the stored answers (few, or none, on a first import), not from the
    # campaign's members (all of them).
    of_campaign = CampaignMember.objects.filter(pk=OuterRef("member_id"), campaign=campaign)
    stored = pd.DataFrame.from_records(
        FollowUpResponse.objects.filter(Exists(of_campaign)).values_list("member_id", "wave"),
        columns=["member", "wave"],
    )
    if not stored.empty:
        keys = pd.DataFrame({"member": members.member_ids[found], "wave": wave})
        clash = pd.MultiIndex.from_frame(keys).isin(pd.MultiIndex.from_frame(stored))
        if clash.any():
            position = int(np.flatnonzero(clash)[0])
            raise refusal(
                position,
                "person_id",
                f"this person's answer for wave {wave[position]} is already stored",
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
