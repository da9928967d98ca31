"""What the pages benchmark requests: each staff page a manager uses and each REST API
list, with the floor it is set beside (:mod:`benchmarks.registry_scale.pages_floor`).

Paths hold ``{person}``, ``{event}`` and ``{campaign}``: the records :func:`subjects`
picks in each registry by one rule, among the first copy of the demo (the lowest ids),
so that the 1x, 10x and 100x registries are asked about records of the same shape.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

SEARCH = "Pham"  # a family name of about 3 % of the demo's people, in every copy


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    path: str
    floor: dict[str, str]  # the floor's query-string parameters (templates, like ``path``)
    kept: bool = False  # the page keeps its figures a while (decision 0030)

    def page_path(self, subjects: dict[str, str]) -> str:
        return self.path.format(**subjects)

    def floor_path(self, subjects: dict[str, str]) -> str:
        query = {key: value.format(**subjects) for key, value in self.floor.items()}
        return f"/floor/{self.name}/" + (f"?{urlencode(query)}" if query else "")


R = "/registry"
TARGETS = (
    Target("dashboard", "Dashboard (by country)", f"{R}/", {}, kept=True),
    Target("people-search", f"People, search {SEARCH!r}", f"{R}/people/?q={SEARCH}", {"q": SEARCH}),
    Target("person", "A person", f"{R}/people/{{person}}/", {"id": "{person}"}),
    Target("training", "A training", f"{R}/events/{{event}}/", {"code": "{event}"}),
    Target("trainings", "Trainings list", f"{R}/events/", {}),
    Target(
        "campaign",
        "A campaign with its rates",
        f"{R}/followup/{{campaign}}/",
        {"code": "{campaign}"},
    ),
    Target(
        "attrition",
        "Analytics: attrition, KH, by sector",
        f"{R}/analytics/?campaign={{campaign}}&country=KH&by=sector",
        {"campaign": "{campaign}", "country": "KH"},
        kept=True,
    ),
    Target(
        "knowledge-gain",
        "Analytics: knowledge gain, KH, NTP",
        f"{R}/analytics/knowledge-gain/?country=KH&programme=NTP",
        {"country": "KH", "programme": "NTP"},
        kept=True,
    ),
    Target(
        "cascade",
        "Analytics: cascade, KH",
        f"{R}/analytics/cascade/?country=KH",
        {"country": "KH"},
        kept=True,
    ),
    Target("trainers", "Certified trainers (certificates)", f"{R}/trainers/", {}),
    Target("audit-log", "Audit log", f"{R}/audit/", {}),
    *(
        Target(f"api-{name}", f"API: {name}", f"{R}/api/v1/{name}/", {})
        for name in (
            "organisations",
            "people",
            "events",
            "participations",
            "certifications",
            "campaigns",
            "certificates",
        )
    ),
)

FIRST_COPY = 1000  # the lowest ids: records of the first copy, the demo itself


def subjects(database: Path) -> dict[str, str]:
    """The person, training and campaign the paths name, in one registry: the person with
    the most trainings, the training with the most participants, the first campaign."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        (person,) = db.execute(
            "SELECT p.public_id FROM trainer_registry_person p JOIN trainer_registry_participation"
            " pa ON pa.person_id = p.id WHERE p.id <= ? GROUP BY p.id"
            " ORDER BY COUNT(*) DESC, p.id LIMIT 1",
            (FIRST_COPY,),
        ).fetchone()
        (event,) = db.execute(
            "SELECT e.code FROM trainer_registry_trainingevent e JOIN"
            " trainer_registry_participation pa ON pa.event_id = e.id WHERE e.id <= ?"
            " GROUP BY e.id ORDER BY COUNT(*) DESC, e.id LIMIT 1",
            (FIRST_COPY,),
        ).fetchone()
        (campaign,) = db.execute(
            "SELECT code FROM trainer_registry_followupcampaign ORDER BY id LIMIT 1"
        ).fetchone()
    hex_id = str(person).replace("-", "")
    dashed = f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"
    return {"person": dashed, "event": event, "campaign": campaign}
