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

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from django.db import transaction
from django.utils import timezone

from trainer_registry.campaigns import CHUNK, QUESTIONS, update_careers
from trainer_registry.models import (
    CampaignMember,
    Channel,
    Disposition,
    FollowUpCampaign,
    FollowUpResponse,
    LeavingReasonAnswer,
    StillInRole,
)

REQUIRED = ("person_id", "consent", "still_in_role")
OPTIONAL = (*(q for q in QUESTIONS if q not in REQUIRED), "wave", "channel")
METADATA = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "instanceid",
    "instancename",
    "formhub",
}
USE_OF_TRAINING = {"never": 0, "rarely": 1, "sometimes": 2, "often": 3}
YES_NO = {"yes": True, "no": False, "1": True, "0": False, "true": True, "false": False}
TEXT_LIMIT = 4000


class AnswerImportError(Exception):
    """The file cannot be imported; the message names the row and column."""


@dataclass(frozen=True)
class ImportResult:
    rows: int
    completes: int
    partials: int


def _cell(row: int, column: str, message: str) -> AnswerImportError:
    return AnswerImportError(f"row {row}, column '{column}': {message}")


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, with or without BOM) or XLSX file as text cells."""
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            frame = pd.read_excel(path, dtype=str, engine="openpyxl")
        else:
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                line = raw[: error.start].count(b"\n") + 1
                raise AnswerImportError(
                    f"row {line}: the file is not UTF-8 text (byte {raw[error.start]:#04x}); "
                    "export it again as CSV UTF-8"
                ) from None
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except AnswerImportError:
        raise
    except (ValueError, OSError, KeyError) as error:
        raise AnswerImportError(
            f"{path.name} cannot be read as {suffix or 'CSV'}: {error}"
        ) from None
    return frame.fillna("")


def _normalise_columns(frame: pd.DataFrame) -> pd.DataFrame:
    renamed = {}
    for column in frame.columns:
        name = str(column).strip()
        short = name.rsplit("/", 1)[-1].strip().lower()
        if name.startswith("_") or short in METADATA or short.startswith("_"):
            continue
        if short not in REQUIRED and short not in OPTIONAL:
            raise AnswerImportError(
                f"row 1, column '{name}': not a question of the follow-up questionnaire "
                f"(expected {', '.join(REQUIRED + OPTIONAL)})"
            )
        if short in renamed.values():
            raise AnswerImportError(f"row 1, column '{name}': '{short}' appears twice")
        renamed[column] = short
    missing = [name for name in REQUIRED if name not in renamed.values()]
    if missing:
        raise AnswerImportError(f"row 1: missing column(s) {', '.join(missing)}")
    frame = frame[list(renamed)].rename(columns=renamed)
    for name in OPTIONAL:
        if name not in frame.columns:
            frame[name] = ""
    return frame.apply(lambda column: column.str.strip())


def _month(value: str) -> date:
    for pattern in ("%Y-%m", "%Y-%m-%d"):
        try:
            return pd.to_datetime(value, format=pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError("write the month as YYYY-MM")


def _whole_number(value: str, *, low: int = 0) -> int | None:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise ValueError("not a number") from None
    if not number.is_integer() or number < low:
        raise ValueError(f"a whole number of at least {low} is needed")
    return int(number)


def validate(frame: pd.DataFrame, campaign: FollowUpCampaign) -> list[FollowUpResponse]:
    """Check every cell; build the answers to store. Raises :class:`AnswerImportError`."""
    frame = _normalise_columns(frame)
    if frame.empty:
        raise AnswerImportError("the file holds no answers (row 2 is empty)")
    members = {
        str(public_id): member_id
        for member_id, public_id in CampaignMember.objects.filter(campaign=campaign).values_list(
            "pk", "person__public_id"
        )
    }
    already = set(
        FollowUpResponse.objects.filter(member__campaign=campaign).values_list("member_id", "wave")
    )
    seen: dict[tuple[int, int], int] = {}
    today = timezone.localdate()
    responses = []
    for offset, record in enumerate(frame.to_dict("records")):
        row = offset + 2
        member_id = members.get(record["person_id"].lower())
        if member_id is None:
            raise _cell(
                row,
                "person_id",
                f"{record['person_id']!r} is not sampled in campaign {campaign.code}",
            )
        values = {}
        for column in ("consent", "still_in_role"):
            answer = YES_NO.get(record[column].lower())
            if answer is None:
                raise _cell(row, column, f"{record[column]!r} is not yes or no")
            values[column] = answer
        if not values["consent"]:
            raise _cell(row, "consent", "no consent was given: leave this person's answers out")
        still = StillInRole.YES if values["still_in_role"] else StillInRole.NO
        try:
            wave = _whole_number(record["wave"], low=1) or 1
        except ValueError as error:
            raise _cell(row, "wave", str(error)) from None
        left_on = None
        if record["left_role_on"]:
            if still == StillInRole.YES:
                raise _cell(row, "left_role_on", "given for someone still in the role")
            try:
                left_on = _month(record["left_role_on"])
            except ValueError as error:
                raise _cell(row, "left_role_on", f"{record['left_role_on']!r}: {error}") from None
            if left_on > today:
                raise _cell(row, "left_role_on", f"{record['left_role_on']} is in the future")
        reason = record["leaving_reason"].lower()
        if reason and reason not in LeavingReasonAnswer.values:
            raise _cell(
                row,
                "leaving_reason",
                f"{reason!r} is not one of {', '.join(LeavingReasonAnswer.values)}",
            )
        if reason and still == StillInRole.YES:
            raise _cell(row, "leaving_reason", "given for someone still in the role")
        use = record["use_of_training"].lower()
        if use and use not in USE_OF_TRAINING and use not in {"0", "1", "2", "3"}:
            raise _cell(row, "use_of_training", f"{use!r} is not never, rarely, sometimes or often")
        numbers = {}
        for column in ("trainings_delivered", "participants_reached"):
            try:
                numbers[column] = _whole_number(record[column])
            except ValueError as error:
                raise _cell(row, column, f"{record[column]!r}: {error}") from None
        for column in ("examples", "support_needed", "current_organisation", "current_role"):
            limit = TEXT_LIMIT if column in {"examples", "support_needed"} else 200
            if len(record[column]) > limit:
                raise _cell(row, column, f"longer than {limit} characters")
        channel = record["channel"].lower() or Channel.ODK
        if channel not in Channel.values:
            raise _cell(row, "channel", f"{channel!r} is not one of {', '.join(Channel.values)}")
        key = (member_id, wave)
        if key in seen:
            raise _cell(
                row,
                "person_id",
                f"a second answer for this person and wave (first on row {seen[key]})",
            )
        if key in already:
            raise _cell(row, "person_id", f"this person's answer for wave {wave} is already stored")
        seen[key] = row
        responses.append(
            FollowUpResponse(
                member_id=member_id,
                wave=wave,
                channel=channel,
                consent=True,
                still_in_role=still,
                left_role_on=left_on,
                leaving_reason=reason,
                current_organisation=record["current_organisation"],
                current_role=record["current_role"],
                use_of_training=USE_OF_TRAINING.get(use, int(use) if use.isdigit() else None),
                examples=record["examples"],
                support_needed=record["support_needed"],
                trainings_delivered=numbers["trainings_delivered"],
                participants_reached=numbers["participants_reached"],
            )
        )
    return responses


def import_answers(path: Path, campaign: FollowUpCampaign) -> ImportResult:
    """Validate the whole file, then store every answer in one transaction."""
    responses = validate(read_table(path), campaign)
    with transaction.atomic():
        FollowUpResponse.objects.bulk_create(responses, batch_size=2000)
        complete = [
            r.member_id for r in responses if r.still_in_role == StillInRole.YES or r.left_role_on
        ]
        completed = set(complete)
        partial = [r.member_id for r in responses if r.member_id not in completed]
        for ids, disposition in ((complete, Disposition.COMPLETE), (partial, Disposition.PARTIAL)):
            for start in range(0, len(ids), CHUNK):
                CampaignMember.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                    disposition=disposition
                )
        person_of = dict(
            CampaignMember.objects.filter(campaign=campaign).values_list("pk", "person_id")
        )
        update_careers({person_of[r.member_id]: r for r in responses}, timezone.localdate())
    return ImportResult(rows=len(responses), completes=len(complete), partials=len(partial))
