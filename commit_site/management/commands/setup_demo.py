"""``manage.py setup_demo``: demo logins and generated registry data for the standalone site."""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from trainer_registry import api

# Demo logins, for a site on 127.0.0.1 only; the README lists them. Each is a registry
# role: (role, country) or None for the superuser.
DEMO_USERS = {
    "admin": None,
    "manager": ("regional_administrator", ""),
    "manager-kh": ("country_manager", "KH"),
    "analyst": ("me_analyst", ""),
    "auditor": ("auditor", ""),
    "trainer": ("trainer", ""),
}
# Demo learner accounts (not staff), each a person of the registry taking part in the
# site's own trainings: what they submit in the workbench reaches the registry.
DEMO_LEARNERS = ("learner-kh", "learner-vn", "learner-th")


def demo_password(username: str) -> str:
    return f"commit-{username}"


def scale_option(value: str) -> int:
    """The ``--scale`` option: a whole number of at least 1."""
    try:
        scale = int(value)
    except ValueError:
        scale = 0
    if scale < 1 or str(scale) != value.strip():
        raise ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return scale


class Command(BaseCommand):
    help = "Create the demo logins and load generated demo data into an empty registry."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2004, help="seed of the generator")
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=date(2018, 12, 31),
            help="date up to which careers are observed (ISO 8601)",
        )
        parser.add_argument(
            "--scale",
            type=scale_option,
            default=1,
            help="load the demo this many times over, each copy drawn from its own seed "
            "(1, the default, is the demo itself)",
        )

    def handle(self, *args, seed: int, as_of: date, scale: int = 1, **options):
        # The logins first: the demo's audit trail is tied to them (the trainer's role
        # waits for the data, which names the working trainer).
        with transaction.atomic():
            self._users()
            accounts = self._learners()
        try:
            counts = api.load_demo_data(seed=seed, as_of=as_of, scale=scale)
        except api.RegistryNotEmpty:
            self.stdout.write("The registry already holds data; demo data not loaded again.")
        else:
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            loaded = f"Loaded demo data (seed {seed}, scale {scale}): {summary}."
            self.stdout.write(self.style.SUCCESS(loaded))
        with transaction.atomic():
            self._grants(seed)
        made = api.load_site_learners(accounts, on=date.today())
        if made:
            self.stdout.write(
                f"Enrolled {made} demo learner participations in the site's trainings."
            )

    def _learners(self) -> dict[str, int]:
        User = get_user_model()
        accounts = {}
        for username in DEMO_LEARNERS:
            user, created = User.objects.get_or_create(username=username)
            if created:
                user.set_password(demo_password(username))
                user.save()
                self.stdout.write(f"Created demo learner login {username!r}.")
            accounts[username] = user.pk
        return accounts

    def _users(self) -> None:
        User = get_user_model()
        for username, grant in DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True, "is_superuser": grant is None}
            )
            if created:
                user.set_password(demo_password(username))
                user.save()
                self.stdout.write(f"Created demo login {username!r}.")

    def _grants(self, seed: int) -> None:
        User = get_user_model()
        for username, grant in DEMO_USERS.items():
            if grant is None:
                continue
            role, country = grant
            person_id = None
            if role == "trainer":
                # The working trainer: certified this year, a training waiting for its
                # certificates (none in a registry without Cambodian national trainers).
                person_id = api.demo_working_trainer(on=date.today(), seed=seed)
                if person_id is None:
                    continue
            api.grant_role(
                User.objects.get(username=username), role, country=country, person_id=person_id
            )
