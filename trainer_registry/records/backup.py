"""Backup and restore of the whole registry as one portable, versioned, signed archive.

The archive is a ZIP file:

``manifest.json``
    format name and version, package version, the migration each app was at, and for every
    table its row count and the SHA-256 of its data file;
``manifest.hmac``
    HMAC-SHA256 of ``manifest.json`` under the backup key (``TRAINER_REGISTRY_BACKUP_KEY``,
    by default the site's ``SECRET_KEY``): a file changed, added or cut short is refused;
``data/<app>.<model>.jsonl``
    one JSON object per row, ordered by primary key, keys sorted, so that the same records
    always give the same bytes on SQLite, PostgreSQL and MySQL/MariaDB.

It holds the registry's tables and the user accounts that its grants and audit entries
name. API tokens are secrets and are left out: issue new ones after a restore. Restoring
needs an empty registry at the same migrations, and writes everything in one transaction
or nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from trainer_registry import __version__

FORMAT = "commit-registry-backup"
FORMAT_VERSION = 1
# Parents before children, so that rows can be checked as they arrive.
MODELS = (
    "auth.user",
    "trainer_registry.organisation",
    "trainer_registry.person",
    "trainer_registry.positionspell",
    "trainer_registry.programme",
    "trainer_registry.trainingevent",
    "trainer_registry.participation",
    "trainer_registry.itemresponse",
    "trainer_registry.rolegrant",
    "trainer_registry.auditevent",
    "trainer_registry.certificationcriteria",
    "trainer_registry.rubricversion",
    "trainer_registry.observation",
    "trainer_registry.criterionscore",
    "trainer_registry.trainercertification",
    "trainer_registry.credentialstatuslist",
    "trainer_registry.issuedcertificate",
    "trainer_registry.followupcampaign",
    "trainer_registry.campaignmember",
    "trainer_registry.invitation",
    "trainer_registry.followupresponse",
    "trainer_registry.queuedjob",
)
APPS = ("auth", "trainer_registry")
Progress = Callable[[str, int, int], None]


class BackupError(Exception):
    """The archive cannot be restored here; the message says why."""


def _key() -> bytes:
    """The key that signs and checks archives; never one published with the source code
    (the demo's), with which anyone could sign a forged archive."""
    key = getattr(settings, "TRAINER_REGISTRY_BACKUP_KEY", None) or settings.SECRET_KEY
    if key in getattr(settings, "TRAINER_REGISTRY_PUBLISHED_KEYS", ()):
        raise BackupError(
            "the backup key is the demo key published with the source code, with which anyone "
            "could sign a forged archive: set COMMIT_BACKUP_KEY (or COMMIT_SECRET_KEY) to a "
            "secret of your own, the same where the backup is restored"
        )
    return key.encode()


def _model(label: str):
    return apps.get_model(label)


def _schema_state() -> dict[str, str]:
    """The last applied migration of each app the archive covers."""
    applied = MigrationRecorder(connection).applied_migrations()
    state = {}
    for app in APPS:
        names = sorted(name for app_label, name in applied if app_label == app)
        state[app] = names[-1] if names else ""
    return state


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _rows(label: str) -> Iterable[str]:
    model = _model(label)
    objects = model._default_manager.order_by("pk").iterator(chunk_size=2000)
    for record in serializers.serialize("python", objects, use_natural_foreign_keys=True):
        yield json.dumps(record, cls=_ExactEncoder, sort_keys=True, ensure_ascii=False)


def write_backup(target: Path | io.BufferedIOBase, *, progress: Progress | None = None) -> dict:
    """Write the archive to ``target`` (a path or a binary file); returns the manifest."""
    key = _key()
    tables = {}
    buffer = io.BytesIO()
    with transaction.atomic(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, label in enumerate(MODELS, start=1):
            lines = [line + "\n" for line in _rows(label)]
            data = "".join(lines).encode()
            archive.writestr(f"data/{label}.jsonl", data)
            tables[label] = {"rows": len(lines), "sha256": hashlib.sha256(data).hexdigest()}
            if progress:
                progress(label, index, len(MODELS))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "package_version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "source_engine": connection.vendor,
            "schema": _schema_state(),
            "tables": tables,
        }
        manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode()
        archive.writestr("manifest.json", manifest_bytes)
        archive.writestr("manifest.hmac", hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest())
    payload = buffer.getvalue()
    if isinstance(target, Path):
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(payload)
        partial.replace(target)
    else:
        target.write(payload)
    return manifest


def read_backup(source: Path | bytes) -> tuple[dict, dict[str, list[dict]]]:
    """Open and verify an archive: signature, format, checksums. Returns the manifest and
    the rows of each table. Raises :class:`BackupError` naming what is wrong."""
    try:
        raw = source.read_bytes() if isinstance(source, Path) else source
        archive = zipfile.ZipFile(io.BytesIO(raw))
        names = set(archive.namelist())
        if not {"manifest.json", "manifest.hmac"} <= names:
            raise BackupError(
                "this is not a registry backup: manifest.json or manifest.hmac is missing"
            )
        manifest_bytes = archive.read("manifest.json")
        signature = archive.read("manifest.hmac").decode().strip()
    except zipfile.BadZipFile as exc:
        raise BackupError(f"the archive is damaged or cut short ({exc})") from None
    except (OSError, zipfile.LargeZipFile, EOFError) as exc:
        raise BackupError(f"the archive cannot be read ({exc})") from None
    expected = hmac.new(_key(), manifest_bytes, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature, expected):
        raise BackupError(
            "the manifest's signature does not match: the archive was changed, or it was made "
            "with another backup key (TRAINER_REGISTRY_BACKUP_KEY)"
        )
    manifest = json.loads(manifest_bytes)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"archive format version {manifest.get('format_version')} is not supported; "
            f"this version reads version {FORMAT_VERSION}"
        )
    rows: dict[str, list[dict]] = {}
    for label, table in manifest["tables"].items():
        member = f"data/{label}.jsonl"
        try:
            data = archive.read(member)
        except KeyError:
            raise BackupError(f"{member} is missing from the archive") from None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise BackupError(f"{member} is damaged or cut short ({exc})") from None
        if hashlib.sha256(data).hexdigest() != table["sha256"]:
            raise BackupError(f"{member} does not match its checksum: the archive was changed")
        rows[label] = [json.loads(line) for line in data.decode().splitlines()]
        if len(rows[label]) != table["rows"]:
            raise BackupError(
                f"{member} holds {len(rows[label])} rows, the manifest says {table['rows']}"
            )
    return manifest, rows


def restore_backup(source: Path | bytes, *, progress: Progress | None = None) -> dict[str, int]:
    """Restore an archive into this database, which must hold no registry data yet.

    Everything is written in one transaction: on any error nothing is kept."""
    manifest, rows = read_backup(source)
    here = _schema_state()
    if manifest["schema"] != here:
        raise BackupError(
            f"the archive was made at migrations {manifest['schema']}, this database is at "
            f"{here}: run the same version's migrations before restoring"
        )
    occupied = [label for label in MODELS if _model(label)._default_manager.exists()]
    if occupied:
        raise BackupError(
            "the target database is not empty (it holds "
            + ", ".join(occupied)
            + "): restore into a freshly migrated database"
        )
    counts = {}
    with transaction.atomic():
        with connection.constraint_checks_disabled():
            for index, label in enumerate(MODELS, start=1):
                records = rows.get(label, [])
                text = json.dumps(records, ensure_ascii=False)
                for obj in serializers.deserialize(
                    "json", text, handle_forward_references=True, ignorenonexistent=False
                ):
                    obj.save()
                counts[label] = len(records)
                if progress:
                    progress(label, index, len(MODELS))
        connection.check_constraints(table_names=[_model(label)._meta.db_table for label in MODELS])
        _reset_sequences()
    return counts


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [_model(label) for label in MODELS])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def records_digest(source: Path | bytes) -> dict[str, str]:
    """The checksum of each table's records, to compare two archives of the same data."""
    manifest, _ = read_backup(source)
    return {label: table["sha256"] for label, table in manifest["tables"].items()}
