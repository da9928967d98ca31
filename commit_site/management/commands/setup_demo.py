"""``manage.py setup_demo``: demo logins and generated registry data for the standalone site."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from trainer_registry.demo import activity, generator, loader
from trainer_registry.models import Person, Role, RoleGrant, TrainingEvent

# Demo logins, for a site on 127.0.0.1 only; the README lists them. Each is a registry
# role: (role, country) or None for the superuser.
DEMO_USERS = {
    "admin": None,
    "manager": (Role.REGIONAL_ADMINISTRATOR, ""),
    "manager-kh": (Role.COUNTRY_MANAGER, "KH"),
    "analyst": (Role.ME_ANALYST, ""),
    "auditor": (Role.AUDITOR, ""),
    "trainer": (Role.TRAINER, ""),
}


def demo_password(username: str) -> str:
    return f"commit-{username}"


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

    def handle(self, *args, seed: int, as_of: date, **options):
        try:
            counts = loader.load(generator.generate(seed=seed, as_of=as_of))
        except loader.RegistryNotEmpty:
            self.stdout.write("The registry already holds data; demo data not loaded again.")
        else:
            counts["certified trainers"] = activity.certify_trainers(seed)
            counts["certified national trainers"] = activity.certify_national_trainers(seed)
            counts["follow-up answers"] = activity.run_follow_up(seed)
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded demo data (seed {seed}): {summary}."))
        with transaction.atomic():
            self._users()

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
            if grant is None:
                continue
            role, country = grant
            person = None
            if role == Role.TRAINER:
                person = self._demo_trainer()
                if person is None:
                    continue
            RoleGrant.objects.get_or_create(
                user=user, role=role, country=country, defaults={"person": person}
            )

    def _demo_trainer(self) -> Person | None:
        """The lead trainer of the first national training, if there is one."""
        event = TrainingEvent.objects.filter(programme__kind="NTP").order_by("starts_on").first()
        return event.lead_trainer if event else None
