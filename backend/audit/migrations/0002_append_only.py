"""PostgreSQL refuses any UPDATE or DELETE of an audit row, whoever asks; pruning alone
may delete, inside a transaction that says so (audit.chain.prune). SQLite relies on the
model's refusals (audit.models)."""

from django.db import migrations

from audit.db import DROP_SQL, install_trigger


def forward(apps, schema_editor):
    install_trigger(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]
    operations = [migrations.RunPython(forward, backward)]
