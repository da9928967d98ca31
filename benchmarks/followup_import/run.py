"""Benchmark: importing 100,000 follow-up answers, beside pandas.read_csv of the same file.

Run from the repository root: ``.venv/bin/python benchmarks/followup_import/run.py``.
It builds a scratch SQLite registry with 100,000 sampled people, writes their answers as
a KoboToolbox-style CSV, and times, in one run:

* ``pandas.read_csv`` of the file (the floor every import pays);
* reading and checking every cell (``read_table`` + ``validate``): the import's own work;
* the whole import: checking plus writing answers, dispositions and careers in one
  transaction.

Results go to ``RESULTS.md`` beside this file.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
REPEATS = 5
HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="commit-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["COMMIT_VAR_DIR"] = str(work)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commit_site.settings")
    import django

    django.setup()
    import pandas as pd
    from django.core.management import call_command

    from trainer_registry import followup_import
    from trainer_registry.models import (
        CampaignMember,
        FollowUpCampaign,
        FollowUpResponse,
        Organisation,
        Person,
        PositionSpell,
    )

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Police", country="KH", sector="police")
    people = Person.objects.bulk_create(
        [
            Person(name_latin=f"Person {i}", country="KH", consents_to_follow_up=True)
            for i in range(ROWS)
        ],
        batch_size=5000,
    )
    people = list(Person.objects.order_by("pk"))
    PositionSpell.objects.bulk_create(
        [
            PositionSpell(person=p, organisation=organisation, started_on="2010-01-01")
            for p in people
        ],
        batch_size=5000,
    )
    campaign = FollowUpCampaign.objects.create(code="bench", name="Bench", design="census")
    CampaignMember.objects.bulk_create(
        [
            CampaignMember(campaign=campaign, person=p, inclusion_probability=1, base_weight=1)
            for p in people
        ],
        batch_size=5000,
    )
    csv_path = work / "answers.csv"
    with csv_path.open("w", encoding="utf-8") as out:
        out.write(
            "start,end,consent,still_in_role,left_role_on,leaving_reason,use_of_training,"
            "examples,person_id,_uuid\n"
        )
        for i, person in enumerate(people):
            left = i % 3 == 0
            out.write(
                f"2026-03-01T10:00,2026-03-01T10:05,yes,{'no' if left else 'yes'},"
                f"{'2021-06' if left else ''},{'left_government' if left else ''},often,"
                f"Referred people to the shelter,{person.public_id},uuid-{i}\n"
            )

    def timed(function) -> float:
        start = time.perf_counter()
        function()
        return time.perf_counter() - start

    read_csv = [
        timed(lambda: pd.read_csv(csv_path, dtype=str, keep_default_na=False))
        for _ in range(REPEATS)
    ]
    check = [
        timed(lambda: followup_import.validate(followup_import.read_table(csv_path), campaign))
        for _ in range(REPEATS)
    ]
    whole = []
    for _ in range(REPEATS):
        FollowUpResponse.objects.filter(member__campaign=campaign).delete()
        whole.append(timed(lambda: followup_import.import_answers(csv_path, campaign)))
    assert FollowUpResponse.objects.count() == ROWS

    floor, own, full = (min(x) for x in (read_csv, check, whole))  # best of the runs
    lines = [
        "# Follow-up import benchmark",
        "",
        f"{ROWS:,} answer rows (CSV, {csv_path.stat().st_size / 1e6:.1f} MB), "
        f"best of {REPEATS} runs each, all in one process on the same file.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, "
        f"SQLite {__import__('sqlite3').sqlite_version}.",
        "",
        "| step | seconds | times `pandas.read_csv` |",
        "|---|---:|---:|",
        f"| `pandas.read_csv` of the file (peer) | {floor:.3f} | 1.0 |",
        f"| read and check every cell (`read_table` + `validate`) | {own:.3f} "
        f"| {own / floor:.1f} |",
        f"| whole import: check, then write answers, dispositions, careers | {full:.3f} "
        f"| {full / floor:.1f} |",
        "",
        "Goal: within 3x of `pandas.read_csv`. "
        + (
            "Met by reading and checking the file. "
            if own <= 3 * floor
            else "Not met by reading and checking the file. "
        )
        + "Writing 100,000 answers with their dispositions and career updates into SQLite, "
        "in one transaction, costs more than reading the file does, and is not within 3x; "
        "it runs once per import, after every cell has been checked.",
    ]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
