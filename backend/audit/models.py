"""Who read or changed which patient's record: append-only, one hash chain per clinic."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models


class AuditAction(models.TextChoices):
    READ = "read", "Read"
    CREATE = "create", "Create"
    CHANGE = "change", "Change"
    DELETE = "delete", "Delete"
    # Not about one patient's record: the chain's own events.
    CHECKPOINT = "checkpoint", "Checkpoint"
    ERASURE = "erasure", "Erasure"


class AuditQuerySet(models.QuerySet):
    """Bulk changes are refused too (the PostgreSQL trigger refuses them at the database)."""

    def update(self, **kwargs):
        raise PermissionDenied("Audit rows cannot be changed.")

    def delete(self):
        raise PermissionDenied("Audit rows cannot be deleted.")


class AuditEvent(models.Model):
    """One access. Ids only, never names or health data. `prev_hash` is the `hash` of the
    clinic's previous row (`seq` - 1), so an edit or a gap shows (audit.chain).

    Plain integer columns, not foreign keys: the row outlives the people it names (an
    erased patient, a deleted account) and must not cascade or block.
    """

    clinic_id = models.BigIntegerField()
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    patient_id = models.BigIntegerField(null=True)
    actor_id = models.BigIntegerField(null=True)
    action = models.CharField(max_length=12, choices=AuditAction.choices)
    record = models.CharField(max_length=40)
    # HMAC-SHA256 of the address under the patient's key (PatientAuditKey): unreadable once
    # the key is destroyed at erasure.
    ip_hash = models.CharField(max_length=64, blank=True)
    # The knox token's public key prefix (not a secret): which device.
    token_id = models.CharField(max_length=16, blank=True)
    # Checkpoints only: where the chain resumes after pruning ("kept_from=<seq> anchor=<hash>").
    note = models.CharField(max_length=120, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic_id", "seq"],
                                               name="audit_one_row_per_seq")]
        indexes = [models.Index(fields=["patient_id", "at"]),
                   models.Index(fields=["clinic_id", "at"])]

    def save(self, *args, **kwargs):
        # SQLite has no trigger here: the application refuses the change itself.
        if self.pk is not None:
            raise PermissionDenied("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit rows cannot be deleted.")


class AuditChainHead(models.Model):
    """The last row of each clinic's chain, so that appending is one statement that locks
    this row (clinics never queue behind each other). A cache: audit.chain verifies the
    rows themselves."""

    clinic_id = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    prev_hash = models.CharField(max_length=64, default="")
    last_hash = models.CharField(max_length=64, default="")


class PatientAuditKey(models.Model):
    """The per-patient HMAC key of addresses; deleted at erasure (crypto-shredding)."""

    patient_id = models.BigIntegerField(primary_key=True)
    key = models.BinaryField()
