"""Searching people by part of a name: the result is Django's ``icontains`` on the two
names on every database; on SQLite it is looked up in the trigram index first
(trainer_registry.listing.name_search, migration 0019), which triggers keep as people are
added, renamed and removed, bulk statements included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trainer_registry.listing.name_search import TABLE, name_condition, named
from trainer_registry.models import Person, Role

pytestmark = pytest.mark.django_db

NAMES = [
    ("Phạm Thị Lan", "Phạm Thị Lan", "VN"),
    ("Pham Van Minh", "", "VN"),
    ("Nguyễn Phạm Hoa", "", "VN"),
    ("Sok Dara", "សុខ ដារ៉ា", "KH"),
    ("Keo Sokha", "កែវ សុខា", "KH"),
    ("Aung Aung", "အောင်အောင်", "MM"),
    ('Noi "Nang" Phommachanh', "ນ້ອຍ ພົມມະຈັນ", "LA"),
    ("Somchai Jaidee", "สมชาย ใจดี", "TH"),
    ("Wang Fang", "王芳", "CN"),
]
QUERIES = [
    "pham",
    "PHẠM",
    "ạm t",
    "sok",
    "ដារ៉ា",
    "សុ",
    "အောင်",
    '"nang"',
    'i "N',
    "ພົມມະ",
    "ใจดี",
    "王芳",
    "a*",
    "NEAR(",
    "x OR y",
    "aung aung",
    "zz",
    "",
]


@pytest.fixture
def people():
    Person.objects.bulk_create(
        Person(name_latin=latin, name_local=local, country=country)
        for latin, local, country in NAMES
    )


def _found(query: str) -> list[str]:
    return sorted(named(Person.objects.all(), query).values_list("name_latin", flat=True))


def _contains(query: str) -> list[str]:
    people = Person.objects.filter(name_condition(query))
    return sorted(people.values_list("name_latin", flat=True))


@pytest.mark.parametrize("query", QUERIES)
def test_a_search_finds_what_contains_finds(people, query):
    assert _found(query) == _contains(query)


def test_the_search_finds_people_by_part_of_either_name(people):
    # "ạ" is another letter than "a" on SQLite and PostgreSQL, not in MariaDB's collation.
    assert "Pham Van Minh" in _found("pham") and "Wang Fang" not in _found("pham")
    assert {"Nguyễn Phạm Hoa", "Phạm Thị Lan"} <= set(_found("Phạm"))
    assert _found("Pham Van") == ["Pham Van Minh"]
    assert _found("ដារ៉ា") == ["Sok Dara"]
    assert _found("ใจดี") == ["Somchai Jaidee"]


def test_the_index_follows_people_added_renamed_and_removed(people):
    dara = Person.objects.get(name_latin="Sok Dara")
    dara.name_latin = "Chan Dara"
    dara.save()
    assert _found("Sok Dara") == []
    assert _found("Chan Dara") == ["Chan Dara"]
    Person.objects.filter(name_latin="Wang Fang").update(name_local="王小芳")
    assert _found("王芳") == [] and _found("王小芳") == ["Wang Fang"]
    Person.objects.filter(name_latin="Keo Sokha").delete()
    assert _found("Sokha") == []
    Person.objects.create(name_latin="Vong Sokha", country="LA")
    assert _found("Sokha") == ["Vong Sokha"]


def test_on_sqlite_the_search_reads_the_index_and_its_triggers_stand(people):
    with CaptureQueriesContext(connection) as statements:
        assert _found("Sok") == ["Keo Sokha", "Sok Dara"]
    searched = statements.captured_queries[-1]["sql"]
    if connection.vendor == "sqlite":
        assert f"{TABLE} MATCH" in searched
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {name for (name,) in cursor.fetchall()}
        assert {f"{TABLE}_inserted", f"{TABLE}_deleted", f"{TABLE}_renamed"} <= triggers
    else:  # the names are read: no index of this kind
        assert TABLE not in searched
    with CaptureQueriesContext(connection) as statements:
        assert _found("So") == ["Keo Sokha", "Sok Dara", "Somchai Jaidee"]
    assert TABLE not in statements.captured_queries[-1]["sql"]  # too short for trigrams


def test_the_people_list_searches_by_name(people, as_role):
    client = as_role("admin", Role.REGIONAL_ADMINISTRATOR)
    page = client.get(reverse("trainer_registry:person-list"), {"q": "ພົມມະ"}).content.decode()
    assert "Phommachanh" in page and "Sok Dara" not in page
