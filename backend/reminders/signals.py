"""Receivers that keep other apps unaware of reminders.

- A user's zone changed (PATCH me, a therapist editing the patient, the admin): settings
  that follow the user's zone are rescheduled in the new one.
- A new alert (flare, exercise-triggered attack, progression proposal, no log): delivered to
  the patient's primary therapist at once.
- A change to a patient's program (a dose, an exercise added or removed, the phase, the
  status): the patient is told, once for a run of changes (reminders.kinds).
"""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from alerts.models import Alert
from assignments.models import PhaseChange, ProgramChange

# The zone before a save, kept on the instance between pre_save and post_save (not a field).
_ZONE_BEFORE = "_zone_before"


@receiver(pre_save, sender=User)
def _remember_zone(sender, instance: User, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if instance.pk and (update_fields is None or "timezone" in update_fields):
        before = User.objects.filter(pk=instance.pk).values_list("timezone", flat=True).first()
        setattr(instance, _ZONE_BEFORE, before)


@receiver(post_save, sender=User)
def _zone_changed(sender, instance: User, created: bool, **kwargs) -> None:
    before = getattr(instance, _ZONE_BEFORE, None)
    if not created and before is not None and before != instance.timezone:
        from reminders.services import user_zone_changed

        user_zone_changed(user=instance)
    setattr(instance, _ZONE_BEFORE, instance.timezone)


@receiver(post_save, sender=Alert)
def _alert_raised(sender, instance: Alert, created: bool, **kwargs) -> None:
    if created:
        from reminders.kinds import therapist_alert

        therapist_alert(alert=instance)


@receiver(post_save, sender=ProgramChange)
@receiver(post_save, sender=PhaseChange)
def _program_changed(sender, instance: ProgramChange | PhaseChange, created: bool,
                     **kwargs) -> None:
    if created:
        from reminders.kinds import program_changed_notice

        program_changed_notice(assignment_id=instance.assignment_id,
                               by_person=instance.changed_by_id is not None)
