"""Appending to and verifying the per-clinic hash chain of audit rows."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit.models import AuditAction, AuditChainHead, AuditEvent, PatientAuditKey


@dataclass(frozen=True)
class Entry:
    clinic_id: int
    patient_id: int | None
    actor_id: int | None
    action: str
    record: str
    ip: str = ""
    token_id: str = ""
    note: str = ""


def payload(*, at: datetime, patient_id, actor_id, action, record, ip_hash, token_id,
            note) -> str:
    """What a row's hash covers besides the previous hash (the seq is covered by the link)."""
    return "|".join(str(v if v is not None else "") for v in (
        at.astimezone(UTC).isoformat(), patient_id, actor_id, action, record,
        ip_hash, token_id, note))


def link(prev_hash: str, body: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


# Each process keeps the keys it used for a few minutes: a patient's key never changes
# while it exists, and reading it was one of the two queries the audit adds to a request
# (docs/benchmarks.md, "Audit log"). An erasure deletes the key row; a process that still
# holds it forgets it within KEY_CACHE_SECONDS, and what it hashed meanwhile is as
# unreadable once the key is gone from memory as any other row of the patient.
KEY_CACHE_SECONDS = 300
KEY_CACHE_SIZE = 10_000
_keys: dict[int, tuple[float, bytes]] = {}


def _cached(patient_ids: set[int], now: float) -> dict[int, bytes]:
    found = {}
    for pk in patient_ids:
        hit = _keys.get(pk)
        if hit is not None and hit[0] > now:
            found[pk] = hit[1]
    return found


def _remember(keys: dict[int, bytes], now: float) -> None:
    if len(_keys) + len(keys) > KEY_CACHE_SIZE:
        _keys.clear()  # rare: a process that touched more patients than this starts over
    for pk, key in keys.items():
        _keys[pk] = (now + KEY_CACHE_SECONDS, key)


def forget_key(patient_id: int) -> None:
    """This process stops using the patient's key (the erasure calls it)."""
    _keys.pop(patient_id, None)


def patient_keys(patient_ids: set[int]) -> dict[int, bytes]:
    """Each patient's address key, made on first use (one query when they all exist, none
    when this process used them in the last few minutes)."""
    now = time.monotonic()
    keys = _cached(patient_ids, now)
    wanted = patient_ids - keys.keys()
    if not wanted:
        return keys
    loaded = {pk: bytes(key) for pk, key in PatientAuditKey.objects.filter(
        patient_id__in=wanted).values_list("patient_id", "key")}
    _remember(loaded, now)  # committed rows: this transaction can only read those
    missing = wanted - loaded.keys()
    if missing:
        PatientAuditKey.objects.bulk_create(
            [PatientAuditKey(patient_id=pk, key=secrets.token_bytes(32)) for pk in missing],
            ignore_conflicts=True)
        made = {pk: bytes(key) for pk, key in PatientAuditKey.objects.filter(
            patient_id__in=missing).values_list("patient_id", "key")}
        # Kept only once they are committed: a rolled-back key must not hash later rows.
        transaction.on_commit(lambda: _remember(made, now))
        loaded |= made
    return keys | loaded


def ip_hash(key: bytes | None, ip: str) -> str:
    if not ip or key is None:
        return ""
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


_APPEND_PG = ("SELECT audit_append(%(clinic)s, %(body)s, %(at)s, %(patient)s, %(actor)s, "
              "%(action)s, %(record)s, %(ip_hash)s, %(token)s, %(note)s)")


def append(entry: Entry) -> None:
    append_many([entry])


def append_many(entries: list[Entry]) -> None:
    """Rows at the end of their clinics' chains, in the caller's transaction.

    One row on PostgreSQL is one call of the database's `audit_append` (audit.db): the
    UPDATE of the clinic's head row takes its row lock (held to commit, so concurrent
    requests of one clinic chain in order, and other clinics never wait) and computes the
    hash; the INSERT writes the row. Several
    rows of one clinic (a list of patients) lock the head, are chained here and written in
    one INSERT.
    """
    if not entries:
        return
    at = timezone.now()
    patients = {e.patient_id for e in entries if e.patient_id is not None and e.ip}
    keys = patient_keys(patients) if patients else {}
    rows = []
    for entry in entries:
        digest = ip_hash(keys.get(entry.patient_id) if entry.patient_id else None, entry.ip)
        rows.append((entry, digest, payload(
            at=at, patient_id=entry.patient_id, actor_id=entry.actor_id, action=entry.action,
            record=entry.record, ip_hash=digest, token_id=entry.token_id, note=entry.note)))
    if len(rows) == 1 and connection.vendor == "postgresql":
        entry, digest, body = rows[0]
        params = {"body": body, "clinic": entry.clinic_id, "at": at,
                  "patient": entry.patient_id, "actor": entry.actor_id,
                  "action": entry.action, "record": entry.record, "ip_hash": digest,
                  "token": entry.token_id, "note": entry.note}
        with connection.cursor() as cursor:
            cursor.execute(_APPEND_PG, params)  # type: ignore[arg-type]  # plain values
        return
    with transaction.atomic():
        for clinic in sorted({entry.clinic_id for entry, _, _ in rows}):
            AuditChainHead.objects.bulk_create([AuditChainHead(clinic_id=clinic)],
                                               ignore_conflicts=True)
            head = AuditChainHead.objects.select_for_update().get(clinic_id=clinic)
            seq, prev, new_rows = head.seq, head.last_hash, []
            for entry, digest, body in rows:
                if entry.clinic_id != clinic:
                    continue
                seq, new = seq + 1, link(prev, body)
                new_rows.append(AuditEvent(
                    clinic_id=clinic, seq=seq, at=at, patient_id=entry.patient_id,
                    actor_id=entry.actor_id, action=entry.action, record=entry.record,
                    ip_hash=digest, token_id=entry.token_id, note=entry.note,
                    prev_hash=prev, hash=new))
                head.prev_hash, prev = prev, new
            AuditEvent.objects.bulk_create(new_rows)
            AuditChainHead.objects.filter(clinic_id=clinic).update(
                seq=seq, prev_hash=head.prev_hash, last_hash=prev)


@dataclass(frozen=True)
class Break:
    clinic_id: int
    seq: int
    reason: str


def verify(clinic_id: int | None = None) -> list[Break]:
    """Every place where a clinic's chain does not hold: an edited row (its hash does not
    match its contents), a missing row (a gap in seq or a broken link), or a head that
    does not point at the last row. Empty when the chain is whole."""
    breaks: list[Break] = []
    clinics = ([clinic_id] if clinic_id is not None else
               list(AuditEvent.objects.values_list("clinic_id", flat=True).distinct()))
    for clinic in clinics:
        rows = AuditEvent.objects.filter(clinic_id=clinic).order_by("seq")
        anchors = {}
        for note in rows.filter(action=AuditAction.CHECKPOINT).values_list("note", flat=True):
            parts = dict(p.split("=", 1) for p in note.split())
            anchors[int(parts["kept_from"])] = parts["anchor"]
        prev: AuditEvent | None = None
        for row in rows.iterator():
            if prev is None:
                expected = "" if row.seq == 1 else anchors.get(row.seq)
                if expected is None or row.prev_hash != expected:
                    breaks.append(Break(clinic, row.seq, "the chain's first row is missing"))
            elif row.seq != prev.seq + 1 or row.prev_hash != prev.hash:
                breaks.append(Break(clinic, row.seq, f"rows before {row.seq} are missing"))
            body = payload(at=row.at, patient_id=row.patient_id, actor_id=row.actor_id,
                           action=row.action, record=row.record, ip_hash=row.ip_hash,
                           token_id=row.token_id, note=row.note)
            if link(row.prev_hash, body) != row.hash:
                breaks.append(Break(clinic, row.seq, f"row {row.seq} was changed"))
            prev = row
        head = AuditChainHead.objects.filter(clinic_id=clinic).first()
        if prev is not None and (head is None or head.last_hash != prev.hash):
            breaks.append(Break(clinic, prev.seq, "rows after the last one are missing"))
    return breaks


def prune(*, now: datetime | None = None) -> int:
    """Delete rows older than the retention (AUDIT_RETENTION_DAYS), leaving per clinic a
    checkpoint row that records where the chain resumes, so verify() still holds."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    removed = 0
    clinics = AuditEvent.objects.filter(at__lt=cutoff).values_list("clinic_id", flat=True)
    for clinic in set(clinics):
        with transaction.atomic():
            old = AuditEvent.objects.filter(clinic_id=clinic, at__lt=cutoff)
            last = old.order_by("-seq").values("seq", "hash").first()
            if last is None:
                continue
            append(Entry(clinic_id=clinic, patient_id=None, actor_id=None,
                         action=AuditAction.CHECKPOINT, record="retention",
                         note=f"kept_from={last['seq'] + 1} anchor={last['hash']}"))
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # The trigger lets this one transaction delete (audit/migrations/0002).
                    cursor.execute("SET LOCAL audit.pruning = 'on'")
                    cursor.execute("DELETE FROM audit_auditevent WHERE clinic_id = %s "
                                   "AND seq <= %s", [clinic, last["seq"]])
                    removed += cursor.rowcount
            else:
                removed += old.filter(seq__lte=last["seq"])._raw_delete(old.db)
    return removed
