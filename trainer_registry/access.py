"""The one place that decides who sees and changes what in the registry.

Every staff page, the admin, the command line and the exports ask this module:
:func:`access_for` turns a user into an :class:`Access`, and the ``visible_*`` functions
narrow a query to what that access may see. Out-of-scope records are simply absent, so a
page asked for one answers 404, exactly as for a record that does not exist.

Reading and changing reach differ: a country manager reads a regional training
because their people took part, but changes only records of their own countries
(:func:`can_change_record`, :func:`changeable`); regional records (a training held
elsewhere, a regional programme) stay read-only to them.

Abilities come from the set of roles a user holds; reach comes from the union of their
grants' countries (every country when any grant is regional), plus, for trainers, the
trainings they led or co-facilitated and the people who took part in them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from trainer_registry.listing.kept_queries import KeptQuery
from trainer_registry.models import FollowUpCampaign, Participation, Person, TrainingEvent
from trainer_registry.models.access import Role, RoleGrant

REGIONAL_WHEN_NO_COUNTRY = {Role.REGIONAL_ADMINISTRATOR, Role.ME_ANALYST, Role.AUDITOR}


@dataclass(frozen=True)
class Access:
    """What one user may do. ``countries`` is ``None`` for every country."""

    username: str = ""
    roles: frozenset[str] = frozenset()
    countries: frozenset[str] | None = frozenset()
    trainer_person_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        return bool(self.roles)

    @property
    def sees_names(self) -> bool:
        """Names in the registry; an M&E analyst alone sees pseudonymous ids instead.

        What resolves to a name counts as one: a certificate's verification code (the
        public verification shows the name), its signed credential and its PDF."""
        return bool(self.roles - {Role.ME_ANALYST})

    @property
    def sees_contact_data(self) -> bool:
        return bool(self.roles & {Role.REGIONAL_ADMINISTRATOR, Role.COUNTRY_MANAGER})

    @property
    def can_change(self) -> bool:
        return bool(self.roles & {Role.REGIONAL_ADMINISTRATOR, Role.COUNTRY_MANAGER})

    @property
    def exports_analytics(self) -> bool:
        """Pseudonymous analytics exports (interchange file, attrition, reports):
        administrators, country programme managers and M&E analysts; not trainers or
        auditors."""
        return bool(
            self.roles & {Role.REGIONAL_ADMINISTRATOR, Role.COUNTRY_MANAGER, Role.ME_ANALYST}
        )

    @property
    def sees_audit_log(self) -> bool:
        return bool(self.roles & {Role.REGIONAL_ADMINISTRATOR, Role.AUDITOR})

    @property
    def sees_analytics(self) -> bool:
        """The analytics pages (pseudonymous figures): administrators, country programme
        managers and M&E analysts; not trainers, nor auditors (they audit the access)."""
        return bool(
            self.roles & {Role.REGIONAL_ADMINISTRATOR, Role.COUNTRY_MANAGER, Role.ME_ANALYST}
        )

    def reaches_country(self, country: str) -> bool:
        return self.countries is None or country in self.countries


NO_ACCESS = Access()


def access_for(user) -> Access:
    """The access of a Django user: superusers are regional administrators."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    if user.is_superuser:
        return Access(user.get_username(), frozenset({Role.REGIONAL_ADMINISTRATOR}), None)
    return access_from_grants(user.get_username(), GRANTS_OF_USER(user.pk))


# Read for every request of a staff page: its statement made once (decision 0037).
GRANTS_OF_USER = KeptQuery(
    lambda user_id: RoleGrant.objects.filter(user_id=user_id).values_list(
        "role", "country", "person_id"
    ),
    int,
)


def access_from_grants(username: str, grants: Iterable[tuple[str, str, int | None]]) -> Access:
    """Combine ``(role, country, person_id)`` grants into one :class:`Access`."""
    roles: set[str] = set()
    countries: set[str] | None = set()
    trainers: set[int] = set()
    for role, country, person_id in grants:
        roles.add(role)
        if role == Role.TRAINER:
            if person_id is not None:
                trainers.add(person_id)
            continue
        if not country and role in REGIONAL_WHEN_NO_COUNTRY:
            countries = None
        elif countries is not None and country:
            countries.add(country)
    return Access(
        username,
        frozenset(roles),
        None if countries is None else frozenset(countries),
        frozenset(trainers),
    )


def _trained_by(access: Access) -> Q:
    return Q(lead_trainer_id__in=access.trainer_person_ids) | Q(
        co_trainers__in=access.trainer_person_ids
    )


def visible_events(access: Access, events: QuerySet[TrainingEvent] | None = None) -> QuerySet:
    events = TrainingEvent.objects.all() if events is None else events
    if not access.is_staff:
        return events.none()
    if access.countries is None:
        return events
    # Trainings held in the countries, and regional ones their people took part in.
    attended = Participation.objects.filter(person__country__in=access.countries).values("event")
    reach = Q(country__in=access.countries) | Q(pk__in=attended)
    if access.trainer_person_ids:
        led = TrainingEvent.objects.filter(_trained_by(access)).values("pk")
        reach |= Q(pk__in=led)
    return events.filter(reach)


def visible_people(access: Access, people: QuerySet[Person] | None = None) -> QuerySet:
    people = Person.objects.all() if people is None else people
    if not access.is_staff:
        return people.none()
    if access.countries is None:
        return people
    reach = Q(country__in=access.countries)
    if access.trainer_person_ids:
        led = TrainingEvent.objects.filter(_trained_by(access)).values("pk")
        taught = Person.objects.filter(participations__event__in=led).values("pk")
        reach |= Q(pk__in=taught) | Q(pk__in=access.trainer_person_ids)
    return people.filter(reach)


def by_name_or_id(sees_names: bool, path: str = "", then: str = "id") -> tuple[str, ...]:
    """The order people (or, with ``path``, the records of the person at ``path``) are
    listed in for a reader: by Latin name (then ``then``) for those who see names, by
    pseudonymous id for those who do not, as an analyst's cascade and a campaign's list
    are: an order by name would tell them which of two people's names comes first."""
    if sees_names:
        return (f"{path}name_latin", then)
    return (f"{path}public_id",)


def people_in_reach(access: Access, path: str = "person") -> Q:
    """The people ``access`` reaches (those of :func:`visible_people`), as a condition on
    the person at ``path`` of another record: ``person``, ``participation__person``.

    Use it rather than ``person__in=visible_people(access).values("pk")``: for who reaches
    every country it is no condition at all, and otherwise the person's country. An ``IN``
    list of every person beside another ``IN`` list (the trainings in reach) lets SQLite
    probe each pair of the two, a cost that grows with their product."""
    if not access.is_staff:
        return Q(pk__in=[])
    if access.countries is None:
        return Q()
    if access.trainer_person_ids:
        return Q(**{f"{path}__in": visible_people(access).values("pk")})
    return Q(**{f"{path}__country__in": access.countries})


def events_in_reach(access: Access, path: str = "event") -> Q:
    """The trainings ``access`` reaches (those of :func:`visible_events`), as a condition
    on the training at ``path`` of another record; none for who reaches every country."""
    if not access.is_staff:
        return Q(pk__in=[])
    if access.countries is None:
        return Q()
    return Q(**{f"{path}__in": visible_events(access).values("pk")})


def visible_participations(access: Access) -> QuerySet:
    """Participations in the trainings the access reaches."""
    return Participation.objects.filter(events_in_reach(access))


# Whose country decides who may change a record: its own, else that of the record it
# belongs to (a participation follows its training, a certification its person).
OWNER_FIELDS = ("event", "person", "programme", "member")


def deciding_field(record) -> str | None:
    """The field of ``record`` whose country decides who may change it."""
    if hasattr(record, "country") or isinstance(record, FollowUpCampaign):
        return "countries" if isinstance(record, FollowUpCampaign) else "country"
    return next((name for name in OWNER_FIELDS if hasattr(type(record), name)), None)


def record_country(record) -> str | None:
    """The country that decides who may change ``record``; ``""`` for a regional record,
    ``None`` when the record has none (it is then changed by regional staff only)."""
    name = deciding_field(record)
    if name is None or name == "countries":
        return None
    if name == "country":
        return record.country
    try:
        owner = getattr(record, name)
    except ObjectDoesNotExist:  # not chosen yet
        return None
    return None if owner is None else record_country(owner)


def can_change_record(access: Access, record) -> bool:
    """Whether ``access`` may change (or delete) ``record``, as it is or as it would be
    saved. The change reach is the grants' countries, never the trainings read through
    their people (a regional training is read-only to a country manager). The one rule
    for the admin; pages and the API that change a record are to ask it too."""
    if not access.can_change:
        return False
    if access.countries is None:
        return True
    if isinstance(record, FollowUpCampaign):
        return bool(record.countries) and set(record.countries) <= access.countries
    return record_country(record) in access.countries


def changeable(access: Access, queryset: QuerySet) -> QuerySet:
    """The people, organisations, trainings or programmes ``access`` may change."""
    if not access.can_change:
        return queryset.none()
    return queryset if access.countries is None else queryset.filter(country__in=access.countries)


def campaign_in_reach(access: Access, code: str) -> FollowUpCampaign | None:
    """The campaign of that code, if in reach (:func:`visible_campaigns`): for regional
    roles, every campaign, read by a kept statement (a campaign's page asks on every
    request)."""
    if access.countries is None:
        return next(iter(_CAMPAIGN_OF_CODE(code)), None)
    return visible_campaigns(access).filter(code=code).first()


_CAMPAIGN_OF_CODE = KeptQuery(lambda code: FollowUpCampaign.objects.filter(code=code)[:1], str)


def visible_campaigns(access: Access) -> QuerySet:
    """Campaigns whose countries are all within reach (every campaign for regional roles)."""
    every = FollowUpCampaign.objects.all()
    if access.countries is None:
        return every
    in_reach = [
        campaign.pk
        for campaign in every.only("pk", "countries")
        if campaign.countries and set(campaign.countries) <= access.countries
    ]
    return every.filter(pk__in=in_reach)
