"""The cascade drawn as a tree: trainers, their trainings, and who became a trainer."""

from __future__ import annotations

import pandas as pd

from trainer_registry.attrition.cascade import generations
from trainer_registry.attrition.cascade_tree import cascade_tree


def frames(deliveries, attendance):
    d = pd.DataFrame(deliveries, columns=["training_id", "trainer_id", "held_on"])
    d["held_on"] = pd.to_datetime(d["held_on"])
    return d, pd.DataFrame(attendance, columns=["training_id", "person_id"])


def edges(deliveries, attendance):
    taught = deliveries.merge(attendance, on="training_id")
    taught = taught[taught["person_id"].isin(set(deliveries["trainer_id"]))]
    return taught.rename(columns={"person_id": "trainee_id"})[["trainer_id", "trainee_id"]]


def test_three_generations_with_counts_and_flags():
    deliveries, attendance = frames(
        [
            ("tot", "R", "2012-06-10"),
            ("ntp-1", "N1", "2013-03-01"),
            ("ntp-2", "N2", "2013-05-01"),
            ("ntp-2", "N1", "2013-05-01"),  # jointly delivered
            ("prov", "P", "2014-01-01"),
        ],
        [
            ("tot", "N1"),
            ("tot", "N2"),
            ("tot", "x"),
            ("ntp-1", "P"),
            ("ntp-1", "y"),
            ("ntp-2", "y"),
            ("ntp-2", "z"),
            ("prov", "w"),
        ],
    )
    table = generations(edges(deliveries, attendance))
    [root] = cascade_tree(deliveries, attendance, table, certified={"N1"}, active={"P"})
    assert (root.person_id, root.generation, root.level, root.trainees) == ("R", 1, "regional", 3)
    [tot] = root.trainings
    assert (tot.training_id, tot.trainees, tot.other_trainers) == ("tot", 3, 0)
    assert [c.person_id for c in tot.children] == ["N1", "N2"]
    n1 = tot.children[0]
    assert n1.certified and not n1.active and n1.level == "national"
    assert [t.training_id for t in n1.trainings] == ["ntp-1", "ntp-2"]
    assert n1.trainees == 3  # P, y and z; y attended twice but is one person
    [p] = n1.trainings[0].children
    assert (p.person_id, p.generation, p.level, p.active) == ("P", 3, "provincial", True)
    assert p.trainings[0].trainees == 1 and not p.trainings[0].children


def test_a_trainer_is_drawn_once_where_the_cascade_first_reached_them():
    deliveries, attendance = frames(
        [("a", "R", "2012-01-01"), ("b", "N", "2013-01-01"), ("c", "M", "2013-06-01")],
        [("a", "N"), ("a", "M"), ("b", "M")],  # M trained by R and by N
    )
    table = generations(edges(deliveries, attendance))
    [root] = cascade_tree(deliveries, attendance, table)
    assert [c.person_id for c in root.trainings[0].children] == ["M", "N"]
    n = root.trainings[0].children[1]
    assert n.trainings[0].children == [] and n.trainings[0].other_trainers == 1


def test_trainers_no_one_trained_are_roots():
    deliveries, attendance = frames(
        [("a", "S", "2012-01-01"), ("b", "T", "2012-02-01")], [("a", "u"), ("b", "v")]
    )
    roots = cascade_tree(deliveries, attendance, generations(edges(deliveries, attendance)))
    assert [r.person_id for r in roots] == ["S", "T"]
    assert all(r.generation == 1 and r.trainees == 1 for r in roots)


def test_records_say_who_is_certified_on_a_day_and_which_trainees_became_trainers():
    from datetime import date

    from trainer_registry.analytics.cascade_records import CascadeRecords

    deliveries, attendance = frames(
        [("a", "R", "2012-01-01"), ("b", "N", "2013-01-01")],
        [("a", "N"), ("a", "x"), ("b", "y"), ("b", "N")],  # N sat in their own training
    )
    certifications = pd.DataFrame(
        [
            ("R", "active", date(2012, 2, 1), date(2015, 2, 1)),
            ("N", "suspended", date(2013, 2, 1), date(2016, 2, 1)),
            ("Q", "active", date(2014, 2, 1), date(2017, 2, 1)),
        ],
        columns=["person_id", "status", "certified_on", "valid_until"],
    )
    records = CascadeRecords(deliveries, attendance, certifications)
    assert records.certified_on(date(2013, 6, 1)) == ["R"]  # N suspended, Q not yet
    assert records.certified_on(date(2014, 6, 1)) == ["Q", "R"]
    assert records.certified_on(date(2015, 6, 1)) == ["Q"]  # R's has expired
    assert records.trainer_edges().to_dict("records") == [{"trainer_id": "R", "trainee_id": "N"}]
