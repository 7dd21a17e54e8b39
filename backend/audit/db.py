"""The PostgreSQL trigger that makes audit rows append-only.

Installed by migration 0002 and again after every `migrate` (post_migrate, so the test
database, built without migrations, has it too). TRUNCATE is left to the table's owner:
the test runner empties tables that way between transactional tests.
"""

from __future__ import annotations

TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('audit.pruning', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit rows are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""
DROP_SQL = """
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def install_trigger(connection) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('audit_auditevent') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute(TRIGGER_SQL)
