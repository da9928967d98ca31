"""Each staff page a manager uses and each API list makes as many SQL statements on a
registry three times the demo as on the demo itself (issue 22): no page asks the database
once per row it shows, so what a page costs in statements does not grow with the registry.

The two registries are loaded in turn (``load_demo_data(scale=1)``, then ``scale=3``),
each in a transaction rolled back after its pages were counted (one test: loading a
registry is the slow part); every page is asked for
by the demo's regional administrator, twice, and the second request is counted (the
first fills the caches that any long-running site has filled). The records the paths name
are picked by one rule in each registry: the person with the most trainings, the training
with the most participants, the first campaign.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client

from trainer_registry import api
from trainer_registry.models import FollowUpCampaign, Person, RoleGrant, TrainingEvent

SEED = 2004
AS_OF = date(2018, 12, 31)
SCALES = (1, 3)
R = "/registry"
PAGES = {
    "dashboard": f"{R}/",
    "people, searched": f"{R}/people/?q=Pham",
    "people": f"{R}/people/",
    "a person": f"{R}/people/{{person}}/",
    "a training": f"{R}/events/{{event}}/",
    "trainings": f"{R}/events/",
    "a campaign with its rates": f"{R}/followup/{{campaign}}/",
    "attrition, filtered": f"{R}/analytics/?campaign={{campaign}}&country=KH&by=sector",
    "knowledge gain, filtered": f"{R}/analytics/knowledge-gain/?country=KH&programme=NTP",
    "cascade": f"{R}/analytics/cascade/?country=KH",
    "certified trainers": f"{R}/trainers/",
    "audit log": f"{R}/audit/",
    **{
        f"API {name}": f"{R}/api/v1/{name}/"
        for name in (
            "organisations",
            "people",
            "events",
            "participations",
            "certifications",
            "campaigns",
            "certificates",
        )
    },
}


class Statements:
    """Counts the SQL statements run on the default connection while open."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _subjects() -> dict[str, str]:
    person = Person.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    event = TrainingEvent.objects.annotate(n=Count("participations")).order_by("-n", "pk").first()
    campaign = FollowUpCampaign.objects.order_by("pk").first()
    return {"person": str(person.public_id), "event": event.code, "campaign": campaign.code}


def _count_pages(scale: int) -> dict[str, int]:
    """Statements per page, and the registry's number of people (under ``"people "``)."""
    api.load_demo_data(seed=SEED, as_of=AS_OF, scale=scale)
    user = get_user_model().objects.create_user(f"manager-{scale}", password="x-long-password")
    RoleGrant.objects.create(user=user, role="regional_administrator", country="")
    client = Client()
    client.force_login(user)
    subjects = _subjects()
    counts = {}
    for name, template in PAGES.items():
        path = template.format(**subjects)
        assert client.get(path).status_code == 200, path
        statements = Statements()
        with connection.execute_wrapper(statements):
            response = client.get(path)
        assert response.status_code == 200, path
        counts[name] = statements.count
    counts["people "] = Person.objects.count()
    return counts


@pytest.mark.django_db
def test_every_page_makes_as_many_statements_on_a_larger_registry():
    counts = {}
    for scale in SCALES:
        with transaction.atomic():
            counts[scale] = _count_pages(scale)
            transaction.set_rollback(True)
    small, large = (counts[scale] for scale in SCALES)
    people = small.pop("people "), large.pop("people ")
    assert people[0] > 1000
    assert people[1] >= 2.5 * people[0], people
    differing = {page: (small[page], large[page]) for page in PAGES if small[page] != large[page]}
    assert not differing, f"statements at {SCALES[0]}x and {SCALES[1]}x: {differing}"
