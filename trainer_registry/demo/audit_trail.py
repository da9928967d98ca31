"""The demo staff's trail in the audit log: what the demo logins viewed, listed,
exported, entered and changed while the registry was in use, from January 2010 to the
demo's last day.

On about half the working days one of the staff opens a session, and does what their
role does, with the entries the registry's pages write for it:

* the regional manager (``manager``) searches the people list and opens a few people,
  now and then an analytics page;
* the Cambodian country manager (``manager-kh``) does the same for Cambodia and, while a
  yearly follow-up is fielding (March and April), enters paper answers and invites a
  second wave;
* the analyst (``analyst``) reads the analytics pages with filters, exports attrition
  figures and asks for programme reports;
* the auditor (``auditor``) reads and exports the audit log;
* the working trainer (``trainer``) downloads certificates, one by one or a training's
  at once, once there are certificates;
* the administrator (``admin``) corrects a person's record.

Entries are tied to the login of that name where it exists when the demo is loaded
(``setup_demo`` makes the logins first) and carry the username either way. Each copy of
the demo has its own trail, drawn from its seed, about people and records of that copy,
written in bulk statements with the time each entry was made (:mod:`.rows`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from trainer_registry.demo import rows
from trainer_registry.demo.copies import Copy
from trainer_registry.models import AuditAction, AuditEvent

FIRST_DAY = date(2010, 1, 4)
SESSION_CHANCE = 0.5  # of a working day
LOGINS = (  # login, share of the sessions
    ("manager", 0.3),
    ("manager-kh", 0.25),
    ("analyst", 0.2),
    ("auditor", 0.1),
    ("trainer", 0.1),
    ("admin", 0.05),
)
ANALYTICS_PAGES = ("attrition", "retention", "cascade", "knowledge-gain")
COUNTRIES = ("", "KH", "CN", "LA", "MM", "TH", "VN")
FIELDS = ("at", "user_id", "username", "action", "object_type", "object_id", "country", "detail")


@dataclass(frozen=True)
class Certificate:
    """An issued certificate as the trail names it."""

    code: str
    event_code: str  # empty for a trainer's certificate
    country: str
    issued_on: date


class _Session:
    """One login's entries on one day, a few minutes apart."""

    def __init__(self, trail: _Trail, login: str, day: date) -> None:
        self.trail, self.login, self.rng = trail, login, trail.rng
        start = time(self.rng.randint(8, 16), self.rng.randint(0, 59), self.rng.randint(0, 59))
        self.at = timezone.make_aware(datetime.combine(day, start))
        self.day = day

    def entry(self, action, object_type, object_id="", country="", **detail) -> None:
        self.at += timedelta(seconds=self.rng.randint(20, 400))
        user = self.trail.users.get(self.login)
        self.trail.entries.append(
            (self.at, user, self.login, action, object_type, str(object_id), country, detail)
        )

    def people(self, country: str) -> None:
        """Search the people list, then open some of those found."""
        rng, trail = self.rng, self.trail
        pool = trail.by_country[country] if country else trail.everyone
        found = rng.choice(pool)
        query = found[1].split()[-1][: rng.randint(3, 6)]
        self.entry(AuditAction.LIST, "person", filters={"q": query, "country": country})
        for public_id, _, where in [found, *rng.sample(pool, rng.randint(0, 2))]:
            self.entry(AuditAction.VIEW, "person", public_id, country=where)

    def analytics(self) -> None:
        rng = self.rng
        page, country = rng.choice(ANALYTICS_PAGES), rng.choice(COUNTRIES)
        filters = {"country": country, "by": rng.choice(["programme", "sector", "country"])}
        self.entry(
            AuditAction.VIEW,
            "analytics",
            page,
            country=country,
            via="staff-page",
            filters=filters,
            shown={k: v for k, v in filters.items() if v},
            rows=rng.randint(3, 40),
        )


class _Trail:
    def __init__(self, copy: Copy, certificates: list[Certificate], users: dict) -> None:
        self.rng = random.Random(f"audit-trail/{copy.seed}")
        self.users = users
        self.certificates = sorted(certificates, key=lambda c: c.issued_on)
        self.entries: list[tuple] = []
        people = {p.key: p for p in copy.data.people}
        self.everyone = [
            (str(copy.public_id[key]), p.name_latin, p.country) for key, p in people.items()
        ]
        self.by_country: dict[str, list] = {}
        for entry in self.everyone:
            self.by_country.setdefault(entry[2], []).append(entry)
        end = "" if copy.number == 0 else f"-s{copy.number + 1:03d}"
        self.campaign_of = lambda year: f"commit-follow-up-{year}{end}"

    def session(self, login: str, day: date) -> None:
        s, rng = _Session(self, login, day), self.rng
        fielding = day.month in (3, 4) and day.year >= 2010
        if login == "manager":
            s.people(rng.choice(COUNTRIES))
            if rng.random() < 0.2:
                s.analytics()
        elif login == "manager-kh":
            s.people("KH" if "KH" in self.by_country else "")
            if fielding and rng.random() < 0.6:
                for public_id, _, country in rng.sample(self.by_country.get("KH", []), 3):
                    s.entry(AuditAction.CREATE, "followupresponse", public_id, country=country)
                if rng.random() < 0.1:
                    s.entry(
                        AuditAction.CHANGE,
                        "followupcampaign",
                        self.campaign_of(day.year),
                        wave=2,
                        invited={"phone": rng.randint(50, 400)},
                    )
        elif login == "analyst":
            for _ in range(rng.randint(1, 3)):
                s.analytics()
            if rng.random() < 0.2:
                s.entry(
                    AuditAction.EXPORT,
                    "attrition",
                    country=rng.choice(COUNTRIES),
                    via="api",
                    filters={"by": "programme"},
                    rows=rng.randint(3, 40),
                )
            if rng.random() < 0.1:
                request_id = f"{rng.getrandbits(128):032x}"
                options = {"countries": [], "language": "en", "format": "pdf"}
                s.entry(AuditAction.CREATE, "programme_report", request_id, **options)
                s.entry(
                    AuditAction.EXPORT, "programme_report", request_id, via="generated", **options
                )
        elif login == "auditor":
            since = (day - timedelta(days=rng.choice([7, 30, 90]))).isoformat()
            s.entry(AuditAction.LIST, "auditevent", filters={"since": since})
            if rng.random() < 0.3:
                s.entry(AuditAction.EXPORT, "auditevent", format="csv", filters={"since": since})
        elif login == "trainer":
            issued = [c for c in self.certificates if c.issued_on <= day]
            if not issued:
                s.people("")
                return
            chosen = rng.choice(issued)
            if chosen.event_code and rng.random() < 0.3:
                count = sum(c.event_code == chosen.event_code for c in issued)
                s.entry(
                    AuditAction.EXPORT,
                    "trainingevent",
                    chosen.event_code,
                    country=chosen.country,
                    step="certificates-zip",
                    certificates=count,
                )
            else:
                s.entry(
                    AuditAction.EXPORT,
                    "issuedcertificate",
                    chosen.code,
                    country=chosen.country,
                    step="pdf",
                )
        else:
            public_id, _, country = rng.choice(self.everyone)
            s.entry(AuditAction.CHANGE, "person", public_id, country=country, fields=["email"])


def staff_users() -> dict[str, int]:
    """The demo logins that exist: username -> user pk."""
    names = [login for login, _ in LOGINS]
    return dict(get_user_model().objects.filter(username__in=names).values_list("username", "pk"))


def draw(copy: Copy, certificates: list[Certificate], users: dict, as_of: date) -> list[tuple]:
    """The copy's trail, as rows of :data:`FIELDS`, oldest first."""
    trail = _Trail(copy, certificates, users)
    logins, shares = zip(*LOGINS, strict=True)
    day = FIRST_DAY
    while day <= as_of:
        if day.weekday() < 5 and trail.rng.random() < SESSION_CHANCE:
            trail.session(trail.rng.choices(logins, shares)[0], day)
        day += timedelta(days=1)
    return trail.entries


@transaction.atomic
def write(copy: Copy, certificates: list[Certificate], users: dict, as_of: date) -> int:
    """Write the copy's trail; how many entries."""
    return rows.insert(AuditEvent, FIELDS, draw(copy, certificates, users, as_of))
