"""Figures counted over the whole registry are kept a while, say when they were counted,
are counted again on request, and are never shared between readers of different reach
(trainer_registry.pages.kept_figures, decision 0030)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from trainer_registry.access import Access
from trainer_registry.models import Participation, Person, Programme, Role, TrainingEvent
from trainer_registry.pages import kept_figures

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("trainer_registry:dashboard")
KNOWLEDGE = reverse("trainer_registry:analytics-knowledge-gain")
CASCADE = reverse("trainer_registry:analytics-cascade")


def _people_in(page: str, country_name: str) -> int:
    row = re.search(rf"{country_name}</a></th>\s*<td class=\"num\">(\d+)</td>", page)
    return int(row.group(1))


def test_the_dashboard_keeps_its_counts_says_when_and_counts_again_on_request(as_role):
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    Person.objects.create(name_latin="Sok Dara", country="KH")
    first = client.get(DASHBOARD).content.decode()
    assert _people_in(first, "Cambodia") == 1
    assert "Counted at " in first and "Count again now" in first

    Person.objects.create(name_latin="Keo Bopha", country="KH")
    kept = client.get(DASHBOARD).content.decode()
    assert _people_in(kept, "Cambodia") == 1  # the kept count, not a new one

    again = client.post(DASHBOARD)
    assert again.status_code == 302 and again["Location"] == DASHBOARD
    assert _people_in(client.get(DASHBOARD).content.decode(), "Cambodia") == 2


def test_with_no_keeping_every_view_counts(as_role, settings):
    settings.TRAINER_REGISTRY_FIGURES_MAX_AGE = 0
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    client.get(DASHBOARD)
    Person.objects.create(name_latin="Sok Dara", country="KH")
    assert _people_in(client.get(DASHBOARD).content.decode(), "Cambodia") == 1


def _training(country: str, code: str, trainer: Person | None = None) -> TrainingEvent:
    """A national training of ``country`` held in March 2025, led by ``trainer``."""
    programme, _ = Programme.objects.get_or_create(
        code=f"ntp-{country.lower()}", kind="NTP", name=f"NTP {country}", country=country
    )
    return TrainingEvent.objects.create(
        programme=programme,
        code=code,
        title="NTP",
        country=country,
        starts_on=date(2025, 3, 3),
        ends_on=date(2025, 3, 7),
        lead_trainer=trainer,
    )


def _scores(country: str, pre: float, post: float, n: int) -> None:
    event = _training(country, f"ntp-{country.lower()}-1")
    for number in range(n):
        person = Person.objects.create(name_latin=f"Person {country} {number}", country=country)
        Participation.objects.create(
            event=event, person=person, pre_test_score=pre, post_test_score=post
        )


def _pairs(page: str) -> list[str]:
    table = re.search(r'<table class="data" id="knowledge-gain">.*?</table>', page, re.S)
    return re.findall(r'data-figure="pairs">(\d+)<', table.group(0)) if table else []


def test_readers_of_different_reach_never_share_kept_figures(client, django_user_model):
    _scores("KH", 40, 80, 3)
    _scores("VN", 50, 60, 5)
    regional = django_user_model.objects.create_user("regional", password="x-long-password")
    national = django_user_model.objects.create_user("national", password="x-long-password")
    regional.registry_grants.create(role=Role.REGIONAL_ADMINISTRATOR)
    national.registry_grants.create(role=Role.COUNTRY_MANAGER, country="KH")

    client.force_login(regional)
    everyone = client.get(KNOWLEDGE).content.decode()
    client.force_login(national)
    cambodia = client.get(KNOWLEDGE).content.decode()
    assert "NTP VN" in everyone and "NTP VN" not in cambodia
    assert "NTP KH" in cambodia


def test_what_is_kept_holds_ids_not_names(as_role):
    """The cascade keeps the trainers' public ids; each reader's page names them (or
    gives the analyst's pseudonyms) when it is shown."""
    trainer = Person.objects.create(name_latin="Sok Dara", name_local="សុខ ដារ៉ា", country="KH")
    event = _training("KH", "ntp-kh-1", trainer)
    Participation.objects.create(
        event=event, person=Person.objects.create(name_latin="Keo Bopha", country="KH")
    )
    cache.clear()
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    page = client.get(CASCADE, {"country": "KH", "on": "2025-12-31"}).content.decode()
    assert "Sok Dara" in page
    # The in-memory cache holds each value pickled, as any cache holds it.
    kept = b"".join(value for key, value in cache._cache.items() if ":figures:" in key)
    assert str(trainer.public_id).encode() in kept
    assert b"Sok Dara" not in kept and "សុខ".encode() not in kept and b"Keo Bopha" not in kept


def test_count_again_counts_the_filters_shown(as_role):
    _scores("KH", 40, 80, 3)
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    query = {"country": "KH", "programme": "NTP"}
    assert _pairs(client.get(KNOWLEDGE, query).content.decode()) == ["3"]
    Participation.objects.create(
        event=TrainingEvent.objects.get(code="ntp-kh-1"),
        person=Person.objects.create(name_latin="Late entry", country="KH"),
        pre_test_score=30,
        post_test_score=90,
    )
    assert _pairs(client.get(KNOWLEDGE, query).content.decode()) == ["3"]
    answer = client.post(f"{KNOWLEDGE}?country=KH&programme=NTP")
    assert answer.status_code == 302
    assert answer["Location"] == f"{KNOWLEDGE}?country=KH&programme=NTP"
    assert _pairs(client.get(KNOWLEDGE, query).content.decode()) == ["4"]


def test_the_key_is_decided_by_reach_language_and_filters():
    regional = Access("a", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
    other = Access("b", frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
    national = Access("c", frozenset({Role.REGIONAL_ADMINISTRATOR}), frozenset({"KH"}))
    filters = {"country": "KH", "on": date(2025, 1, 1)}
    assert kept_figures.key("cascade", regional, filters) == kept_figures.key(
        "cascade", other, filters
    )
    assert kept_figures.key("cascade", regional, filters) != kept_figures.key(
        "cascade", national, filters
    )
    assert kept_figures.key("cascade", regional, filters) != kept_figures.key(
        "cascade", regional, {**filters, "on": date(2025, 1, 2)}
    )
    with translation.override("km"):
        khmer = kept_figures.key("cascade", regional, filters)
    assert khmer != kept_figures.key("cascade", regional, filters)


def _thirty_first_generation_trainers() -> list[Person]:
    trainers = []
    for number in range(30):
        trainer = Person.objects.create(name_latin=f"Trainer {number:02d}", country="KH")
        event = _training("KH", f"ntp-kh-{number}", trainer)
        Participation.objects.create(
            event=event, person=Person.objects.create(name_latin=f"P {number}", country="KH")
        )
        trainers.append(trainer)
    return trainers


def _in_tree(page: str, pattern: str) -> list[str]:
    """What ``pattern`` finds in the cascade's tree on ``page``."""
    return re.findall(pattern, re.search(r'<ul class="cascade-tree".*', page, re.S).group(0))


def test_the_cascade_tree_comes_a_page_of_first_generation_trainers_at_a_time(as_role):
    """Thirty trainers nobody in the records trained: 25 on the first page of the tree, in
    order of name, 5 on the second; the figures are counted once for both pages."""
    _thirty_first_generation_trainers()
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    query = {"country": "KH", "on": "2025-12-31"}

    def roots(page: str) -> list[str]:
        return _in_tree(page, r'data-generation="1"><details open>\s*<summary>.*?(Trainer \d\d)')

    first = client.get(CASCADE, query).content.decode()
    assert roots(first) == [f"Trainer {n:02d}" for n in range(25)]
    assert "First-generation trainers 1 to 25 of 30" in first
    assert 'data-figure="certified">' in first
    Person.objects.filter(name_latin="Trainer 29").update(name_latin="Trainer 29 renamed")
    second = client.get(CASCADE, {**query, "page": 2}).content.decode()
    assert roots(second) == [f"Trainer {n:02d}" for n in range(25, 30)]
    assert "First-generation trainers 26 to 30 of 30" in second
    assert 'rel="prev"' in second and 'rel="next"' not in second
    assert "Trainer 29 renamed" in second  # names are read for each view, figures are kept


def test_a_view_of_the_cascade_reads_the_names_of_its_page_alone(as_role):
    """The tree's order by name is counted with the figures; each view then reads the
    names of the trainers it shows, whatever the number of trainers in the cascade."""
    trainers = _thirty_first_generation_trainers()
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    query = {"country": "KH", "on": "2025-12-31", "page": 2}
    client.get(CASCADE, query)  # counted and kept
    with CaptureQueriesContext(connection) as statements:
        assert client.get(CASCADE, query).status_code == 200
    (names,) = [q["sql"] for q in statements.captured_queries if "name_latin" in q["sql"]]
    read = [t for t in trainers if t.public_id.hex in names or str(t.public_id) in names]
    assert [t.name_latin for t in read] == [f"Trainer {n:02d}" for n in range(25, 30)]


def test_analysts_read_the_tree_in_order_of_their_own_pseudonyms_a_page_at_a_time(as_role):
    _thirty_first_generation_trainers()
    client = as_role("analyst", Role.ME_ANALYST)
    query = {"country": "KH", "on": "2025-12-31"}

    def roots(page: str) -> list[str]:
        return _in_tree(page, r'data-trainer="([^"]+)" data-generation="1"')

    first = roots(client.get(CASCADE, query).content.decode())
    second = roots(client.get(CASCADE, {**query, "page": 2}).content.decode())
    assert len(first) == 25 and len(second) == 5
    assert first + second == sorted(first + second, key=str.casefold)
    assert len(set(first + second)) == 30
    assert not any(name.startswith("Trainer") for name in first + second)
