"""``manage.py setup_demo``: demo logins and generated registry data for the standalone site."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from trainer_registry.demo import generator, loader

# Demo logins, for a site on 127.0.0.1 only; the README lists them.
DEMO_USERS = {
    "admin": {"password": "commit-admin", "is_superuser": True},
    "manager": {"password": "commit-manager", "is_superuser": False},
}


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
        with transaction.atomic():
            self._users()
        try:
            counts = loader.load(generator.generate(seed=seed, as_of=as_of))
        except loader.RegistryNotEmpty:
            self.stdout.write("The registry already holds data; demo data not loaded again.")
        else:
            summary = ", ".join(f"{n} {what}" for what, n in counts.items())
            self.stdout.write(self.style.SUCCESS(f"Loaded demo data (seed {seed}): {summary}."))

    def _users(self) -> None:
        User = get_user_model()
        view_registry = Permission.objects.filter(
            content_type__app_label="trainer_registry", codename__startswith="view_"
        )
        for username, spec in DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "is_superuser": spec["is_superuser"]},
            )
            if created:
                user.set_password(spec["password"])
                user.save()
                self.stdout.write(f"Created demo login {username!r}.")
            if not spec["is_superuser"]:
                user.user_permissions.add(*view_registry)
