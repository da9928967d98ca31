"""The standalone site's own training and its demo learners (decision 0014).

The site delivers each course as one run of its own, named ``site:<course>``; each run is
a training event of the registry (``TrainingEvent.course_run``), so what learners submit
in the site lands in a participation as it would from an Open edX course run. A learner
account of the site is a person of the registry through ``Person.lms_user_id``: the site
plays the LMS's part. Each learner takes the regional course and the national course
of their country (runs ``site:ntp-<country>``, the course built for that country). The
people here are invented.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet

from trainer_registry.models import Participation, Person, Programme, TrainingEvent

# (course run, event code, programme code, kind, title)
SITE_EVENTS = (
    ("site:demo", "site-demo", "site-demo", "OTHER", "COMMIT demonstration course (this site)"),
    ("site:rtp", "site-rtp", "site-rtp", "RTP", "Regional Training Programme (this site)"),
)
# country -> (course run, event code, programme code, kind, title): a learner's own NTP,
# the three of them trainings of one programme of the site.
NATIONAL_PROGRAMME = "National Training Programmes (this site)"
NATIONAL_EVENTS = {
    country: (
        f"site:ntp-{country.lower()}",
        f"site-ntp-{country.lower()}",
        "site-ntp",
        "NTP",
        f"National Training Programme, {name} (this site)",
    )
    for country, name in (("KH", "Cambodia"), ("VN", "Viet Nam"), ("TH", "Thailand"))
}
# username -> (name in Latin script, name in the person's script, country, sex, language)
SITE_LEARNERS = {
    "learner-kh": ("Chea Sokunthea", "ជា សុគន្ធា", "KH", "female", "km"),
    "learner-vn": ("Pham Van Duc", "Phạm Văn Đức", "VN", "male", "vi"),
    "learner-th": ("Kanokwan Srisuk", "กนกวรรณ ศรีสุข", "TH", "female", "th"),
}


@transaction.atomic
def set_up(accounts: Mapping[str, int], *, on: date) -> int:
    """Make the site's training events (running from ``on``) and link each learner
    account (username -> account id) named in :data:`SITE_LEARNERS` to a person taking
    part in them. Running it again adds nothing; returns the participations made."""
    events = [_event(spec, "TH", on) for spec in SITE_EVENTS]
    made = 0
    for username, (latin, local, country, sex, language) in SITE_LEARNERS.items():
        if username not in accounts:
            continue
        person, _ = Person.objects.get_or_create(
            lms_user_id=accounts[username],
            defaults={
                "name_latin": latin,
                "name_local": local,
                "country": country,
                "sex": sex,
                "language": language,
            },
        )
        national = _event(
            NATIONAL_EVENTS[country],
            country,
            on,
            language=language,
            programme_name=NATIONAL_PROGRAMME,
        )
        for event in (*events, national):
            made += Participation.objects.get_or_create(event=event, person=person)[1]
    return made


def _event(
    spec: tuple[str, str, str, str, str],
    country: str,
    on: date,
    *,
    language: str = "en",
    programme_name: str = "",
) -> TrainingEvent:
    course_run, code, programme_code, kind, title = spec
    programme, _ = Programme.objects.get_or_create(
        code=programme_code, defaults={"kind": kind, "name": programme_name or title}
    )
    event, _ = TrainingEvent.objects.get_or_create(
        code=code,
        defaults={
            "programme": programme,
            "title": title,
            "country": country,
            "place": "Online",
            "starts_on": on,
            "ends_on": on + timedelta(days=30),
            "course_run": course_run,
            "language": language,
        },
    )
    return event


def trainings_of(lms_user_id: int) -> QuerySet[TrainingEvent]:
    """The training events with a course run that the person of LMS account
    ``lms_user_id`` takes part in, latest first (none when no person is linked)."""
    return (
        TrainingEvent.objects.filter(participations__person__lms_user_id=lms_user_id)
        .exclude(course_run="")
        .select_related("programme", "lead_trainer")
    )
