"""Appending a row is one call of a PL/pgSQL function, whose plans PostgreSQL keeps per
connection (audit.db.APPEND_SQL; audit.chain.append_many)."""

from django.db import migrations

from audit.db import APPEND_SQL, DROP_APPEND_SQL


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_SQL)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]
    operations = [migrations.RunPython(forward, backward)]
