"""Long lists at a flat cost: a total counted only as far as the reader can go from the
page shown (exact below that bound, "more than" past it), and counts of related rows
computed per listed record."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from trainer_registry.listing.counts import related_count
from trainer_registry.listing.pagination import BoundedPaginator, page_number
from trainer_registry.models import Participation, Person, Programme, TrainingEvent

pytestmark = pytest.mark.django_db


def _people(n: int) -> None:
    Person.objects.bulk_create(Person(name_latin=f"Person {i:04d}", country="KH") for i in range(n))


def test_a_total_under_the_bound_is_exact():
    _people(12)
    paginator = BoundedPaginator(Person.objects.order_by("pk"), 2, number=5, reach=2)
    assert paginator.count == 12
    assert not paginator.bounded
    assert paginator.num_pages == 6


def test_a_total_past_the_bound_says_more_and_the_next_page_still_works():
    _people(12)
    paginator = BoundedPaginator(Person.objects.order_by("pk"), 2, number=1, reach=2)
    assert paginator.count == 6  # pages 1 to 3 counted, and more beyond
    assert paginator.bounded
    page = paginator.page(1)
    assert page.has_next()
    assert [p.name_latin for p in page] == ["Person 0000", "Person 0001"]
    further = BoundedPaginator(Person.objects.order_by("pk"), 2, number=3, reach=2)
    assert [p.name_latin for p in further.page(3)] == ["Person 0004", "Person 0005"]


@pytest.mark.parametrize(("value", "number"), [("3", 3), ("", 1), ("last", 1), ("-2", 1)])
def test_the_page_asked_for(value, number):
    assert page_number(value) == number


def test_the_people_list_says_more_than_its_bound(as_role):
    _people(560)  # past ten pages of 50 after the first
    client = as_role("manager", "regional_administrator")
    page = client.get(reverse("trainer_registry:person-list")).content.decode()
    assert "More than 550 people" in page
    assert "Page 1 of more than 11" in page
    found = client.get(reverse("trainer_registry:person-list"), {"q": "Person 000"})
    text = found.content.decode()
    assert "10 people" in text
    assert "more than" not in text


def test_related_counts_per_listed_record():
    programme = Programme.objects.create(code="ntp-kh", kind="NTP", name="NTP", country="KH")
    events = [
        TrainingEvent.objects.create(
            programme=programme,
            code=f"ntp-kh-{i}",
            title="NTP",
            country="KH",
            starts_on=date(2026, 1, 5),
            ends_on=date(2026, 1, 9),
        )
        for i in range(2)
    ]
    _people(3)
    for person in Person.objects.all():
        Participation.objects.create(event=events[0], person=person)
    counted = TrainingEvent.objects.annotate(n=related_count(Participation, "event"))
    assert dict(counted.values_list("code", "n")) == {"ntp-kh-0": 3, "ntp-kh-1": 0}


def test_a_bounded_paginator_counts_what_it_is_given_to_count():
    _people(12)
    listed = Person.objects.order_by("pk").values_list("name_latin", flat=True)
    paginator = BoundedPaginator(
        listed, 5, number=1, reach=1, counted=Person.objects.filter(name_latin__lt="Person 0004")
    )
    assert (paginator.count, paginator.bounded) == (4, False)
    # The pages follow the count, as Django's do: the list's rows past it are not shown.
    assert list(paginator.page(1)) == [f"Person {i:04d}" for i in range(4)]
