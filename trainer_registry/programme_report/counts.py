"""Counts of people by sex, as the programmes report them, and the two logframe
indicators of the Training of Trainers (DOMAIN.md section 1). Pure: DataFrames in,
DataFrames out.

The programmes write "76 officials, 25 women and 51 men" (DOMAIN.md, reporting habits):
every count here is of distinct people, split into ``female``, ``male``, ``other`` and
``unknown`` (sex not recorded), with ``total`` their sum and ``as_reported`` the sentence.
"""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext, ngettext

SEXES = ("female", "male", "other", "unknown")
TOT = "TOT"
SEX_COLUMNS = (*SEXES, "total")
# The nouns of the sentences, singular and plural, in the catalogues.
NOUNS = {
    "participants": lambda n: ngettext("%(count)s participant", "%(count)s participants", n),
    "trainers trained": lambda n: ngettext(
        "%(count)s trainer trained", "%(count)s trainers trained", n
    ),
    "certified trainers": lambda n: ngettext(
        "%(count)s certified trainer", "%(count)s certified trainers", n
    ),
    "national trainers": lambda n: ngettext(
        "%(count)s national trainer", "%(count)s national trainers", n
    ),
}


def as_reported(total: int, female: int, male: int, other: int, unknown: int, noun: str) -> str:
    """``"76 participants: 25 women and 51 men"`` in the active language, naming the
    people of another or no recorded sex when there are any."""
    text = gettext("%(people)s: %(women)s and %(men)s") % {
        "people": NOUNS[noun](total) % {"count": total},
        "women": ngettext("%(count)s woman", "%(count)s women", female) % {"count": female},
        "men": ngettext("%(count)s man", "%(count)s men", male) % {"count": male},
    }
    if other:
        text += gettext(", %(count)s of another sex") % {"count": other}
    if unknown:
        text += gettext(", %(count)s not recorded") % {"count": unknown}
    return text


def by_sex(frame: pd.DataFrame, keys: list[str], *, noun: str) -> pd.DataFrame:
    """Distinct ``person_id`` per ``keys`` and sex: one row per key, in key order, with
    the columns of :data:`SEX_COLUMNS` and ``as_reported``."""
    columns = [*keys, *SEX_COLUMNS, "as_reported"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    people = frame.drop_duplicates([*keys, "person_id"])
    table = (
        people.groupby([*keys, "sex"]).size().unstack("sex").reindex(columns=list(SEXES))
    ).fillna(0)
    table = table.astype(int)
    table["total"] = table[list(SEXES)].sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    table["as_reported"] = [
        as_reported(r.total, r.female, r.male, r.other, r.unknown, noun)
        for r in table.itertuples(index=False)
    ]
    return table[columns]


def participants_by_country_programme(participations: pd.DataFrame) -> pd.DataFrame:
    """People who took part (role ``participant``) by their country and the programme
    kind (RTP, NTP, TOT, OTHER); a person in two programmes counts once in each."""
    taking_part = participations[participations["role"] == "participant"]
    return by_sex(taking_part, ["country", "programme"], noun="participants")


def trainers_trained(participations: pd.DataFrame) -> pd.DataFrame:
    """People who completed a Training of Trainers, by their country and the ToT's level
    (``regional``: a programme with no country; ``national``: a country's own ToT)."""
    done = participations[
        (participations["programme"] == TOT)
        & participations["completed"]
        & (participations["role"] == "participant")
    ]
    level = done["regional_programme"].map({True: "regional", False: "national"})
    done = done.assign(tot_level=level)
    return by_sex(done, ["country", "tot_level"], noun="trainers trained")


def certified_trainers(certifications: pd.DataFrame) -> pd.DataFrame:
    """Trainers whose certification is active at the reference date, by country."""
    active = certifications[certifications["status"] == "active"]
    return by_sex(active, ["country"], noun="certified trainers")


def certifications_by_status(certifications: pd.DataFrame) -> pd.DataFrame:
    """Certified trainers by country and the status of their latest certification at the
    reference date (active, expired, suspended, revoked)."""
    return by_sex(certifications, ["country", "status"], noun="certified trainers")


def national_trainers_by_regional_tot(
    participations: pd.DataFrame, deliveries: pd.DataFrame, regional_tot_participants
) -> pd.DataFrame:
    """The people who took part in a national Training of Trainers that a regional ToT
    participant led or co-facilitated: the logframe's "numbers of national trainers
    trained by the participants in the regional ToT"."""
    cascade_ids = set(regional_tot_participants)
    national_tot = deliveries[
        (deliveries["programme"] == TOT)
        & ~deliveries["regional_programme"]
        & deliveries["trainer_id"].isin(cascade_ids)
    ]
    trained = participations[
        participations["training_id"].isin(national_tot["training_id"])
        & (participations["role"] == "participant")
        & ~participations["person_id"].isin(cascade_ids)
    ]
    return by_sex(trained, ["country"], noun="national trainers")


def logframe_indicators(
    countries: tuple[str, ...],
    participations: pd.DataFrame,
    deliveries: pd.DataFrame,
    certifications: pd.DataFrame,
    regional_tot_participants,
) -> pd.DataFrame:
    """One row per indicator per country, every reported country listed even at zero.

    1. "All countries have a trained cadre of anti-trafficking trainers": trainers with
       an active certification at the reference date; ``met`` when there is at least one.
    2. "Numbers of national trainers trained by the participants in the regional ToT":
       :func:`national_trainers_by_regional_tot` (a count; ``met`` is left empty).
    """
    rows = []
    indicators = (
        (
            "All countries have a trained cadre of anti-trafficking trainers",
            certified_trainers(certifications),
            "certified trainers",
            True,
        ),
        (
            "Numbers of national trainers trained by the participants in the regional ToT",
            national_trainers_by_regional_tot(
                participations, deliveries, regional_tot_participants
            ),
            "national trainers",
            False,
        ),
    )
    for indicator, table, noun, has_target in indicators:
        indexed = table.set_index("country") if len(table) else table
        for country in countries:
            counts = {s: 0 for s in SEX_COLUMNS}
            if len(indexed) and country in indexed.index:
                counts = {s: int(indexed.loc[country, s]) for s in SEX_COLUMNS}
            rows.append(
                {
                    "indicator": indicator,
                    "country": country,
                    **counts,
                    "met": ("yes" if counts["total"] else "no") if has_target else "",
                    "as_reported": as_reported(
                        counts["total"],
                        counts["female"],
                        counts["male"],
                        counts["other"],
                        counts["unknown"],
                        noun,
                    ),
                }
            )
    return pd.DataFrame(rows, columns=["indicator", "country", *SEX_COLUMNS, "met", "as_reported"])
