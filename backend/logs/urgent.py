"""Red-flag headaches: what sends a patient to emergency care now, and who is told.

Shared clinical reference §6 (SNNOOP10, Do et al. 2019; standard emergency guidance): a
sudden severe "worst ever" or thunderclap headache, new weakness, numbness, speech or
vision change, fever with a stiff neck, a headache after a head injury, confusion, a
seizure or fainting. The app says stop and call the local emergency number now; it does
not say "tell your therapist" for these. The PWA shows the same message the moment a flag
is chosen (frontend/src/patient/Urgent.tsx), before and without the server.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext

from accounts.models import User
from alerts.models import AlertKind
from alerts.services import alert_raise
from library.rules import emergency_number


class RedFlag(models.TextChoices):
    THUNDERCLAP = "thunderclap", "Reached its worst within a minute (thunderclap)"
    WORST_EVER = "worst_ever", "The worst headache ever"
    NEURO_DEFICIT = "neuro_deficit", "New weakness, numbness, speech or vision change"
    FEVER_STIFF_NECK = "fever_stiff_neck", "Fever with a stiff neck"
    HEAD_INJURY = "head_injury", "After a head injury"
    CONFUSION = "confusion", "Confusion"
    SEIZURE = "seizure", "A seizure"
    FAINTING = "fainting", "Fainting"


def urgent_message(*, patient: User, red_flags: list[str]) -> dict | None:
    """`urgent` of a headache log's answer: None without a red flag."""
    if not red_flags:
        return None
    number = emergency_number(patient.clinic.settings if patient.clinic else {})
    return {
        "title": gettext("Call %(number)s now") % {"number": number},
        "message": gettext(
            "What you describe can be a sign of a serious problem that needs emergency care "
            "now. Stop any exercise and call your local emergency number (%(number)s) now, "
            "or have someone take you to an emergency department. Do not drive yourself "
            "and do not wait to hear from your therapist.") % {"number": number},
        "emergency_number": number,
    }


def urgent_record(*, patient: User, headache_log_id: int, red_flags: list[str],
                  peak_pain: int, day: str) -> None:
    """Each red-flag headache raises its own `urgent_symptoms` alert (never merged into an
    open one); reminders delivers it at once by push and email (reminders.kinds)."""
    alert_raise(patient=patient, kind=AlertKind.URGENT_SYMPTOMS,
                details={"date": day, "headache_log": headache_log_id,
                         "red_flags": list(red_flags), "peak_pain": peak_pain})
