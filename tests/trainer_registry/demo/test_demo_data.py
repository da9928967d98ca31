"""The demo data generator: reproducible, sized by the programme facts, nobody real."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from trainer_registry.countries import COMMIT_COUNTRIES
from trainer_registry.demo import generator, loader
from trainer_registry.demo.names import latin_without_marks


@pytest.fixture(scope="module")
def demo():
    return generator.generate(seed=7, as_of=date(2016, 12, 31))


def test_same_seed_same_data(demo):
    again = generator.generate(seed=7, as_of=date(2016, 12, 31))
    assert again.people == demo.people
    assert again.participations == demo.participations
    assert generator.generate(seed=8).people != demo.people


def _event_sizes(demo, pattern):
    sizes = Counter(p.event_code for p in demo.participations)
    return [sizes[e.code] for e in demo.events if re.fullmatch(pattern, e.code)]


def test_sized_by_the_programme_facts(demo):
    rtp = _event_sizes(demo, r"rtp-\d+")
    assert len(rtp) == 12
    assert all(size == 30 for size in rtp[:3])  # early RTPs: about 30 participants
    assert all(42 <= size <= 54 for size in rtp[3:])  # later: 45-50, 6-8 per country group
    ntp_kh = _event_sizes(demo, r"ntp-kh-\d\d")
    assert len(ntp_kh) == 16 and sum(ntp_kh) == 824 and all(40 <= s <= 60 for s in ntp_kh)
    ethics = _event_sizes(demo, r"ethics-vi-\d+")
    assert len(ethics) == 12 and sum(ethics) == 252
    assert _event_sizes(demo, r"tot-regional-.*") == [36]
    ntp_kh_dates = [e.starts_on for e in demo.events if re.fullmatch(r"ntp-kh-\d\d", e.code)]
    assert date(2008, 3, 1) <= min(ntp_kh_dates) and max(ntp_kh_dates) <= date(2011, 9, 30)


def test_every_country_has_people_with_names_in_their_own_script(demo):
    by_country = Counter(p.country for p in demo.people)
    assert set(by_country) == set(COMMIT_COUNTRIES)
    for person in demo.people:
        assert person.name_local and person.name_latin
        assert person.name_latin.isascii(), person.name_latin
        assert person.email.endswith("@example.org")  # a reserved domain: nobody's address
    kh = next(p for p in demo.people if p.country == "KH")
    assert any("\u1780" <= ch <= "\u17ff" for ch in kh.name_local)  # Khmer block


def test_about_a_third_leave_within_four_years_of_training(demo):
    first_training = {}
    for participation in demo.participations:
        event = next(e for e in demo.events if e.code == participation.event_code)
        first_training.setdefault(participation.person_key, event.ends_on)
    left = 0
    for spell in demo.spells:
        exits = spell.ended_on and spell.end_reason != "promoted_within_anti_trafficking"
        if spell.is_anti_trafficking and spell.person_key in first_training and exits:
            left += (spell.ended_on - first_training[spell.person_key]).days <= 4 * 365
    share = left / len(first_training)
    assert 0.25 <= share <= 0.45


def test_spells_are_consistent(demo):
    for spell in demo.spells:
        assert spell.ended_on is None or spell.ended_on >= spell.started_on
        assert bool(spell.end_reason) == (spell.ended_on is not None)


def test_vietnamese_latin_form_drops_marks():
    assert latin_without_marks("Nguyễn Đức Quang") == "Nguyen Duc Quang"


@pytest.mark.django_db(transaction=True)
def test_loader_writes_everything_once():
    from trainer_registry import models

    data = generator.generate(seed=11)
    counts = loader.load(data)
    assert models.Person.objects.count() == counts["people"] == len(data.people)
    assert models.Participation.objects.count() == len(data.participations)
    assert models.TrainingEvent.objects.filter(lead_trainer__isnull=False).count() == len(
        data.events
    )
    with pytest.raises(loader.RegistryNotEmpty):
        loader.load(data)
    assert models.Person.objects.count() == len(data.people)


@pytest.mark.django_db(transaction=True)
def test_demo_activity_certifies_from_evidence_and_runs_a_follow_up():
    from trainer_registry.certification import rules as certification_rules
    from trainer_registry.demo import activity
    from trainer_registry.models import FollowUpResponse, TrainerCertification

    loader.load(generator.generate(seed=13))
    certified = activity.certify_trainers(13)
    assert 0 < certified <= 36
    for decided in TrainerCertification.objects.filter(supersedes__isnull=True):
        kept = decided.evidence
        evidence = certification_rules.Evidence(**kept["evidence"])
        criteria = certification_rules.Criteria(**kept["criteria"])
        assert certification_rules.decide_certification(evidence, criteria).eligible
    answered = activity.run_follow_up(13)
    assert answered == FollowUpResponse.objects.count() > 0
    for response in FollowUpResponse.objects.select_related("member__person"):
        spell = response.member.person.position_spells.filter(is_anti_trafficking=True).earliest(
            "started_on"
        )
        if response.still_in_role == "no":
            assert spell.ended_on is not None and response.left_role_on == spell.ended_on.replace(
                day=1
            )
