"""The PostgreSQL trigger that makes audit rows append-only, and the function that appends.

Installed by migrations 0002 and 0003 and again after every `migrate` (post_migrate, so the test
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
# One row at the end of a clinic's chain (audit.chain.append_many). A function rather than
# the statement itself: PL/pgSQL keeps its plans for the connection's life, so a request
# does not parse and plan an UPDATE and an INSERT each time (docs/benchmarks.md, "Audit
# log"). The head's UPDATE takes its row lock, held to commit: one clinic's rows chain in
# order, other clinics never wait. The clinic's first row makes its head.
APPEND_SQL = """
CREATE OR REPLACE FUNCTION audit_append(p_clinic bigint, p_body text, p_at timestamptz,
    p_patient bigint, p_actor bigint, p_action text, p_record text, p_ip_hash text,
    p_token text, p_note text) RETURNS void AS $$
DECLARE
    v_seq bigint; v_prev text; v_hash text;
BEGIN
    FOR attempt IN 1..2 LOOP
        UPDATE audit_auditchainhead
           SET seq = seq + 1, prev_hash = last_hash,
               last_hash = encode(sha256(convert_to(last_hash || '|' || p_body, 'UTF8')), 'hex')
         WHERE clinic_id = p_clinic
     RETURNING seq, prev_hash, last_hash INTO v_seq, v_prev, v_hash;
        EXIT WHEN FOUND;
        INSERT INTO audit_auditchainhead (clinic_id, seq, prev_hash, last_hash)
             VALUES (p_clinic, 0, '', '') ON CONFLICT DO NOTHING;
    END LOOP;
    INSERT INTO audit_auditevent (clinic_id, seq, at, patient_id, actor_id, action, record,
                                  ip_hash, token_id, note, prev_hash, hash)
         VALUES (p_clinic, v_seq, p_at, p_patient, p_actor, p_action, p_record, p_ip_hash,
                 p_token, p_note, v_prev, v_hash);
END;
$$ LANGUAGE plpgsql;
"""
DROP_APPEND_SQL = "DROP FUNCTION IF EXISTS audit_append(bigint, text, timestamptz, bigint, " \
    "bigint, text, text, text, text, text);"
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
            cursor.execute(APPEND_SQL)
