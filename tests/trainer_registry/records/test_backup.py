"""Backup and restore: portable across engines, refused when tampered or cut short."""

from __future__ import annotations

import hashlib
import hmac
import io
import zipfile

import pytest

from tests.servers import run, scratch_database
from trainer_registry.demo import generator, loader
from trainer_registry.models import AuditEvent, Person, Role, RoleGrant
from trainer_registry.records import backup


def _rewrite(archive: bytes, member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(archive))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    return out.getvalue()


OWN_KEY = "a-backup-key-of-this-test-run"


@pytest.fixture(autouse=True)
def own_backup_key(settings, monkeypatch):
    """Backups refuse the demo's published key: the tests sign with a key of their own,
    in this process and in the commands they run."""
    settings.TRAINER_REGISTRY_BACKUP_KEY = OWN_KEY
    monkeypatch.setenv("COMMIT_BACKUP_KEY", OWN_KEY)


@pytest.fixture
def archive(db, django_user_model):
    loader.load(generator.generate(seed=41))
    user = django_user_model.objects.create_user("manager-kh", password="x-long-password")
    RoleGrant.objects.create(user=user, role=Role.COUNTRY_MANAGER, country="KH")
    AuditEvent.objects.create(user=user, username="manager-kh", action="view", object_type="person")
    out = io.BytesIO()
    backup.write_backup(out)
    return out.getvalue()


def _empty_registry():
    from trainer_registry.models import Organisation, TrainingEvent

    TrainingEvent.co_trainers.through.objects.all().delete()
    Organisation.objects.update(parent=None)  # MySQL checks the self-reference row by row
    for label in reversed(backup.MODELS):
        model = backup._model(label)
        model._base_manager.all()._raw_delete(model._base_manager.db)


@pytest.mark.django_db
def test_round_trip_in_the_same_database(archive):
    people = list(Person.objects.order_by("pk").values_list("public_id", "name_local"))
    _empty_registry()
    counts = backup.restore_backup(archive)
    assert counts["trainer_registry.person"] == len(people)
    assert list(Person.objects.order_by("pk").values_list("public_id", "name_local")) == people
    again = io.BytesIO()
    backup.write_backup(again)
    assert backup.records_digest(again.getvalue()) == backup.records_digest(archive)
    assert RoleGrant.objects.get().country == "KH"


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(archive):
    before = Person.objects.count()
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore_backup(archive)
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("member", "change", "message"),
    [
        (
            "data/trainer_registry.person.jsonl",
            lambda d: d.replace(b"KH", b"VN", 1),
            "does not match its checksum",
        ),
        (
            "manifest.json",
            lambda d: d.replace(b'"rows": ', b'"rows": 1', 1),
            "signature does not match",
        ),
        ("manifest.hmac", lambda d: b"0" * 64, "signature does not match"),
    ],
)
@pytest.mark.django_db
def test_tampered_archive_is_refused_and_nothing_changes(archive, member, change, message):
    tampered = _rewrite(archive, member, change)
    _empty_registry()
    with pytest.raises(backup.BackupError, match=message):
        backup.restore_backup(tampered)
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_truncated_archive_is_refused(archive):
    _empty_registry()
    with pytest.raises(backup.BackupError, match="damaged or cut short"):
        backup.restore_backup(archive[: len(archive) // 2])
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_archive_made_with_another_key_is_refused(archive, settings):
    settings.TRAINER_REGISTRY_BACKUP_KEY = "another-key"
    with pytest.raises(backup.BackupError, match="another backup key"):
        backup.read_backup(archive)


def test_the_published_demo_key_signs_no_backup_and_restores_none(archive, settings, tmp_path):
    settings.TRAINER_REGISTRY_BACKUP_KEY = settings.DEMO_SECRET_KEY
    with pytest.raises(backup.BackupError, match="demo key published with the source code"):
        backup.write_backup(io.BytesIO())
    # An archive forged with the published key (here: a real one, signed again with it).
    forged = _rewrite(
        archive,
        "manifest.hmac",
        lambda _: (
            hmac.new(
                settings.DEMO_SECRET_KEY.encode(),
                zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json"),
                hashlib.sha256,
            )
            .hexdigest()
            .encode()
        ),
    )
    _empty_registry()
    with pytest.raises(backup.BackupError, match="set COMMIT_BACKUP_KEY"):
        backup.restore_backup(forged)
    assert not Person.objects.exists()


@pytest.mark.own_databases
def test_the_cli_refuses_the_demo_key_in_one_line(tmp_path, monkeypatch):
    monkeypatch.delenv("COMMIT_BACKUP_KEY")
    monkeypatch.delenv("COMMIT_SECRET_KEY", raising=False)
    source = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert (
        run("manage.py", "migrate", "--no-input", database_url=source, var_dir=tmp_path).returncode
        == 0
    )
    out = tmp_path / "registry.zip"
    result = run(
        "trainer-registry", "backup", "--out", str(out), database_url=source, var_dir=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "demo key published with the source code" in result.stderr
    assert result.stderr.rstrip().endswith("no backup was written")
    assert not out.exists()


@pytest.mark.django_db
@pytest.mark.own_databases
def test_backup_on_sqlite_restores_on_postgresql_and_mariadb(tmp_path):
    """Backup on SQLite, restore on PostgreSQL and on MariaDB, back up again: the archives
    hold the same records."""
    source = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    for step in (
        ["manage.py", "migrate", "--no-input"],
        ["manage.py", "setup_demo", "--seed", "43"],
    ):
        result = run(*step, database_url=source, var_dir=tmp_path)
        assert result.returncode == 0, result.stderr
    first = tmp_path / "first.zip"
    result = run(
        "trainer-registry", "backup", "--out", str(first), database_url=source, var_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    expected = backup.records_digest(first.read_bytes())
    for engine in ("postgresql", "mysql"):
        with scratch_database(engine) as target:
            assert (
                run(
                    "manage.py", "migrate", "--no-input", database_url=target, var_dir=tmp_path
                ).returncode
                == 0
            )
            restored = run(
                "trainer-registry", "restore", str(first), database_url=target, var_dir=tmp_path
            )
            assert restored.returncode == 0, restored.stderr
            second = tmp_path / f"{engine}.zip"
            again = run(
                "trainer-registry",
                "backup",
                "--out",
                str(second),
                database_url=target,
                var_dir=tmp_path,
            )
            assert again.returncode == 0, again.stderr
            assert backup.records_digest(second.read_bytes()) == expected, engine
            # Restoring twice is refused, with one line and exit status 2.
            twice = run(
                "trainer-registry", "restore", str(first), database_url=target, var_dir=tmp_path
            )
            assert twice.returncode == 2
            assert "not empty" in twice.stderr and twice.stdout == ""


@pytest.mark.own_databases
def test_cli_refuses_a_truncated_archive_in_one_line(tmp_path):
    source = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert (
        run("manage.py", "migrate", "--no-input", database_url=source, var_dir=tmp_path).returncode
        == 0
    )
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = run("trainer-registry", "restore", str(broken), database_url=source, var_dir=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "the archive is damaged or cut short" in result.stderr
    assert result.stderr.rstrip().endswith("nothing was restored")


def test_every_table_of_the_registry_is_in_the_archive():
    from django.apps import apps

    registry_tables = {
        f"trainer_registry.{model._meta.model_name}"
        for model in apps.get_app_config("trainer_registry").get_models()
    }
    assert registry_tables <= set(backup.MODELS)
