"""A seeded generator of demo registry data, sized by the COMMIT programmes' own figures.

Nothing here describes a real person. The shape follows the programme facts (UNIAP Final
Report Phase III 2007-2014):

* 12 Regional Training Programmes (RTP), 2005 to August 2011: the early ones eight days
  with about 30 participants, later ones five days with 45-50, 6-8 per country group;
* Cambodia's National Training Programme (NTP): 16 trainings of 40-60 provincial
  responders, March 2008 to September 2011, 824 people in all, led by national trainers;
* 12 joint ethics and victim identification trainings from 2009, 252 participants;
* the regional Training of Trainers (ToT) in 2012 with 36 trainers, then national ToTs in
  Cambodia, Myanmar and Viet Nam, whose trainers go on to lead national trainings.

Careers are drawn so that roughly a third of former participants have left their
anti-trafficking role a few years after training, as the 2013 follow-up found.
Everything is a pure function of the seed and the ``as_of`` date.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from trainer_registry.countries import COMMIT_COUNTRIES
from trainer_registry.demo.names import generate_name
from trainer_registry.demo.records import (
    DemoData,
    EventRecord,
    OrganisationRecord,
    ParticipationRecord,
    PersonRecord,
    ProgrammeRecord,
    SpellRecord,
)
from trainer_registry.demo.world import (
    CAPITALS,
    KH_PROVINCES,
    LEAVING_REASONS,
    MINISTRIES,
    YEARLY_LEAVING_HAZARD,
    sizes_summing_to,
)


class _Builder:
    def __init__(self, seed: int, as_of: date) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.data = DemoData()
        self._people: dict[str, PersonRecord] = {}
        self._home_org: dict[str, str] = {}

    # -- organisations ---------------------------------------------------------------
    def organisations(self) -> None:
        for code in COMMIT_COUNTRIES:
            for sector, ministry in MINISTRIES.items():
                self.data.organisations.append(
                    OrganisationRecord(f"{code}-{sector}", ministry, code, sector)
                )
            self.data.organisations.append(
                OrganisationRecord(
                    f"{code}-ngo",
                    f"{CAPITALS[code]} Partner Shelter (demo)",
                    code,
                    "ngo",
                    is_government=False,
                )
            )
        for province in KH_PROVINCES:
            for sector in ("police", "social_affairs", "womens_affairs", "education"):
                self.data.organisations.append(
                    OrganisationRecord(
                        f"KH-{province}-{sector}",
                        f"{province} Provincial Department ({sector.replace('_', ' ')})",
                        "KH",
                        sector,
                        parent_key=f"KH-{sector}",
                    )
                )
        self.data.organisations.append(
            OrganisationRecord(
                "regional-trainers",
                "Regional inter-agency training team (demo)",
                "TH",
                "international",
                is_government=False,
            )
        )

    # -- people and careers ----------------------------------------------------------
    def person(self, country: str, organisation_key: str, first_training: date) -> str:
        rng = self.rng
        key = f"P{len(self._people) + 1:05d}"
        sex = "female" if rng.random() < 0.42 else "male"
        if rng.random() < 0.01:
            sex = "unknown"
        local, latin = generate_name(country, "male" if sex == "unknown" else sex, rng)
        consents = rng.random() < 0.85
        record = PersonRecord(
            key=key,
            name_latin=latin,
            name_local=local,
            language=COMMIT_COUNTRIES[country].language,
            sex=sex,
            country=country,
            email=f"{latin.lower().replace(' ', '.')}.{key.lower()}@example.org",
            consents_to_follow_up=consents,
            consent_recorded_on=first_training if consents else None,
        )
        self._people[key] = record
        self._home_org[key] = organisation_key
        self.data.people.append(record)
        self._career(key, organisation_key, first_training)
        return key

    def _career(self, key: str, organisation_key: str, first_training: date) -> None:
        rng = self.rng
        started = first_training - timedelta(days=rng.randint(180, 8 * 365))
        years_to_leaving = -math.log(1 - rng.random()) / YEARLY_LEAVING_HAZARD
        leaves_on = first_training + timedelta(days=int(years_to_leaving * 365.25))
        title = "Anti-trafficking officer"
        if leaves_on >= self.as_of:
            confirmed = self.as_of - timedelta(days=rng.randint(0, 720))
            self.data.spells.append(
                SpellRecord(
                    key,
                    organisation_key,
                    title,
                    True,
                    started,
                    None,
                    "",
                    max(confirmed, first_training),
                )
            )
            return
        reason = rng.choices([r for r, _ in LEAVING_REASONS], [w for _, w in LEAVING_REASONS])[0]
        self.data.spells.append(
            SpellRecord(key, organisation_key, title, True, started, leaves_on, reason, leaves_on)
        )
        next_start = leaves_on + timedelta(days=1)
        if reason == "promoted_within_anti_trafficking":
            self.data.spells.append(
                SpellRecord(
                    key,
                    organisation_key,
                    "Head of anti-trafficking unit",
                    True,
                    next_start,
                    None,
                    "",
                    self.as_of,
                )
            )
        elif reason in {"moved_within_ministry", "left_ministry"}:
            self.data.spells.append(
                SpellRecord(
                    key,
                    organisation_key,
                    "Officer (other duties)",
                    False,
                    next_start,
                    None,
                    "",
                    None,
                )
            )

    def _cohort(
        self, country: str, size: int, sectors: tuple[str, ...], starts_on: date
    ) -> list[str]:
        orgs = [f"{country}-{sector}" for sector in sectors]
        return [self.person(country, self.rng.choice(orgs), starts_on) for _ in range(size)]

    # -- trainings --------------------------------------------------------------------
    def event(
        self,
        programme: str,
        code: str,
        title: str,
        country: str,
        starts_on: date,
        days: int,
        language: str,
        lead: str,
        co_trainers: tuple[str, ...],
        participants: list[str],
    ) -> None:
        rng = self.rng
        ends_on = starts_on + timedelta(days=days - 1)
        self.data.events.append(
            EventRecord(
                code,
                programme,
                title,
                country,
                CAPITALS[country],
                language,
                starts_on,
                ends_on,
                lead,
                co_trainers,
            )
        )
        for person_key in participants:
            attendance = round(min(100.0, rng.gauss(94, 6)), 1)
            pre = round(min(95.0, max(10.0, rng.gauss(52, 14))), 1)
            gain = min(0.95, max(-0.1, rng.gauss(0.45, 0.18)))
            post = round(min(100.0, max(0.0, pre + gain * (100 - pre))), 1)
            completed = attendance >= 80
            self.data.participations.append(
                ParticipationRecord(
                    code,
                    person_key,
                    self._home_org[person_key],
                    attendance,
                    pre,
                    post,
                    completed,
                    ends_on if completed else None,
                )
            )

    def programmes(self) -> None:
        self.data.programmes += [
            ProgrammeRecord("rtp", "RTP", "Regional Training Programme"),
            ProgrammeRecord("ntp-kh", "NTP", "National Training Programme, Cambodia", "KH"),
            ProgrammeRecord("ntp-mm", "NTP", "National Training Programme, Myanmar", "MM"),
            ProgrammeRecord("ntp-vn", "NTP", "National Training Programme, Viet Nam", "VN"),
            ProgrammeRecord("ethics-vi", "OTHER", "Ethics and victim identification"),
            ProgrammeRecord("tot-regional", "TOT", "Regional Training of Trainers"),
            ProgrammeRecord("tot-kh", "TOT", "National Training of Trainers, Cambodia", "KH"),
            ProgrammeRecord("tot-mm", "TOT", "National Training of Trainers, Myanmar", "MM"),
            ProgrammeRecord("tot-vn", "TOT", "National Training of Trainers, Viet Nam", "VN"),
        ]

    def trainings(self) -> None:
        rng = self.rng
        regional = [
            self.person(c, "regional-trainers", date(2005, 1, 10)) for c in COMMIT_COUNTRIES
        ]
        rtp_alumni: dict[str, list[str]] = {code: [] for code in COMMIT_COUNTRIES}
        for number in range(1, 13):
            starts_on = date(2005, 3, 7) + timedelta(days=int((number - 1) * 6.3 * 365.25 / 11))
            early = number <= 3
            participants: list[str] = []
            for code in COMMIT_COUNTRIES:
                size = 5 if early else rng.randint(7, 8)
                sectors = ("police", "labour", "social_affairs", "womens_affairs", "justice")
                cohort = self._cohort(code, size, sectors, starts_on)
                rtp_alumni[code] += cohort
                participants += cohort
                if number >= 9:  # from the 9th RTP, non-government participants too
                    participants.append(self.person(code, f"{code}-ngo", starts_on))
            lead, *co = rng.sample(regional, 3)
            self.event(
                "rtp",
                f"rtp-{number:02d}",
                f"RTP {number}",
                "TH",
                starts_on,
                8 if early else 5,
                "en",
                lead,
                tuple(co),
                participants,
            )

        # Cambodia's NTP: 16 trainings, 40-60 each, 824 in all, led by RTP alumni.
        sizes = sizes_summing_to(rng, count=16, total=824, low=40, high=60)
        national_trainers = rtp_alumni["KH"][:10]
        for number, size in enumerate(sizes, start=1):
            starts_on = date(2008, 3, 10) + timedelta(days=int((number - 1) * 3.5 * 365.25 / 15))
            province = KH_PROVINCES[(number - 1) % len(KH_PROVINCES)]
            orgs = [
                f"KH-{province}-{s}"
                for s in ("police", "social_affairs", "womens_affairs", "education")
            ]
            participants = [self.person("KH", rng.choice(orgs), starts_on) for _ in range(size)]
            lead, *co = rng.sample(national_trainers, 3)
            self.event(
                "ntp-kh",
                f"ntp-kh-{number:02d}",
                f"NTP Cambodia {number} ({province})",
                "KH",
                starts_on,
                5,
                "km",
                lead,
                tuple(co),
                participants,
            )

        # Ethics and victim identification: 12 joint trainings, 252 participants.
        sizes = sizes_summing_to(rng, count=12, total=252, low=15, high=27)
        countries = list(COMMIT_COUNTRIES) * 2
        for number, (code, size) in enumerate(zip(countries, sizes, strict=True), start=1):
            starts_on = date(2009, 5, 4) + timedelta(days=int((number - 1) * 3 * 365.25 / 11))
            participants = self._cohort(
                code, size, ("police", "social_affairs", "justice"), starts_on
            )
            lead, co = rng.sample(regional, 2)
            self.event(
                "ethics-vi",
                f"ethics-vi-{number:02d}",
                f"Ethics and victim identification {number}",
                code,
                starts_on,
                3,
                COMMIT_COUNTRIES[code].language,
                lead,
                (co,),
                participants,
            )

        # Regional ToT 2012: 36 trainers, six per country, a third of them RTP alumni.
        tot_trainers: dict[str, list[str]] = {}
        participants = []
        for code in COMMIT_COUNTRIES:
            alumni = rng.sample(rtp_alumni[code], 2)
            fresh = self._cohort(
                code, 4, ("police", "social_affairs", "womens_affairs"), date(2012, 6, 4)
            )
            tot_trainers[code] = alumni + fresh
            participants += alumni + fresh
        lead, *co = rng.sample(regional, 3)
        self.event(
            "tot-regional",
            "tot-regional-2012",
            "Regional Training of Trainers 2012",
            "TH",
            date(2012, 6, 4),
            6,
            "en",
            lead,
            tuple(co),
            participants,
        )

        # National ToTs, then national trainings led by their graduates: the cascade.
        for code in ("KH", "MM", "VN"):
            starts_on = date(2013, 3, 4) + timedelta(days=60 * ["KH", "MM", "VN"].index(code))
            national = self._cohort(
                code, rng.randint(18, 24), ("police", "social_affairs", "labour"), starts_on
            )
            lead, co = tot_trainers[code][:2]
            language = COMMIT_COUNTRIES[code].language
            self.event(
                f"tot-{code.lower()}",
                f"tot-{code.lower()}-2013",
                f"National Training of Trainers {code} 2013",
                code,
                starts_on,
                5,
                language,
                lead,
                (co,),
                national,
            )
            for number in range(1, 4):
                event_start = starts_on + timedelta(days=180 * number)
                participants = self._cohort(
                    code,
                    rng.randint(35, 45),
                    ("police", "social_affairs", "womens_affairs"),
                    event_start,
                )
                lead, co = rng.sample(national, 2)
                self.event(
                    f"ntp-{code.lower()}",
                    f"ntp-{code.lower()}-2013-{number}",
                    f"NTP {code} {event_start.year}-{number}",
                    code,
                    event_start,
                    4,
                    language,
                    lead,
                    (co,),
                    participants,
                )


def generate(*, seed: int = 2004, as_of: date = date(2018, 12, 31)) -> DemoData:
    """Build the whole demo registry from ``seed``, with careers observed up to ``as_of``."""
    builder = _Builder(seed, as_of)
    builder.organisations()
    builder.programmes()
    builder.trainings()
    return builder.data
