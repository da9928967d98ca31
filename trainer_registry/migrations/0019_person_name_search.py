"""A full-text index of people's names on SQLite (trainer_registry.listing.name_search).

An FTS5 table with the trigram tokenizer over the person table's two names, filled from
the people already recorded and kept by triggers. Made only on SQLite, and only where
SQLite has FTS5 and its trigram tokenizer (3.34 and later); elsewhere searches read the
names as before. Django rebuilds a SQLite table to alter it, which drops its triggers:
a migration that alters the person table must make them again
(``tests/trainer_registry/test_name_search.py`` finds out if it does not).
"""

from django.db import migrations

TABLE = "trainer_registry_person_names"
PEOPLE = "trainer_registry_person"
NAMES = "name_latin, name_local"
STATEMENTS = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({NAMES}, content='{PEOPLE}', "
    "content_rowid='id', tokenize='trigram')",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
    f"CREATE TRIGGER {TABLE}_inserted AFTER INSERT ON {PEOPLE} BEGIN "
    f"INSERT INTO {TABLE}(rowid, {NAMES}) VALUES (new.id, new.name_latin, new.name_local); END",
    f"CREATE TRIGGER {TABLE}_deleted AFTER DELETE ON {PEOPLE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {NAMES}) "
    "VALUES ('delete', old.id, old.name_latin, old.name_local); END",
    f"CREATE TRIGGER {TABLE}_renamed AFTER UPDATE OF {NAMES} ON {PEOPLE} BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {NAMES}) "
    "VALUES ('delete', old.id, old.name_latin, old.name_local); "
    f"INSERT INTO {TABLE}(rowid, {NAMES}) VALUES (new.id, new.name_latin, new.name_local); END",
)


def _trigram_fts(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        try:
            cursor.execute("CREATE VIRTUAL TABLE temp.probe USING fts5(x, tokenize='trigram')")
        except Exception:  # no FTS5, or no trigram tokenizer
            return False
        cursor.execute("DROP TABLE temp.probe")
    return True


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite" or not _trigram_fts(schema_editor):
        return
    for statement in STATEMENTS:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for trigger in ("inserted", "deleted", "renamed"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{trigger}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("trainer_registry", "0018_audit_kind_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
