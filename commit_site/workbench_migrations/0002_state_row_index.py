"""One index for the store's lookup of a row: scope id, user id and scope together.

The store (``commit_site.workbench_state``) reads a block's rows with one condition per
row, ``scope_id = ? AND user_id = ? AND scope = ?`` (``user_id IS NULL`` for the content
and settings). With the model's single-column indexes alone, the databases picked the
scope id's, which holds one record per learner of the block: every answer read every
earlier learner's record of that block. The index is made here, in SQL, because the
model is xblock-sdk's: its state in the migrations stays as the model declares it.
"""

from django.db import migrations

NAME = "workbench_xblockstate_row"
TABLE = "workbench_xblockstate"


def create(apps, schema_editor):
    quote = schema_editor.quote_name
    columns = ", ".join(quote(column) for column in ("scope_id", "user_id", "scope"))
    schema_editor.execute(f"CREATE INDEX {quote(NAME)} ON {quote(TABLE)} ({columns})")


def drop(apps, schema_editor):
    on_table = (
        f" ON {schema_editor.quote_name(TABLE)}"
        if schema_editor.connection.vendor == "mysql"
        else ""
    )
    schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(NAME)}{on_table}")


class Migration(migrations.Migration):
    dependencies = [("workbench", "0001_initial")]

    # No transaction around it: MySQL and MariaDB refuse DDL inside one.
    operations = [migrations.RunPython(create, drop, atomic=False, elidable=False)]
