"""Recording a completed questionnaire: score it from the instrument's data, store it once."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core.exceptions import ValidationError

from accounts.models import User
from common.replay import create_once
from measures.instruments import instrument_get
from measures.models import Measure
from measures.scoring import AnswersInvalid, score_answers
from measures.thresholds import instrument_thresholds


def measure_create(
    *,
    patient: User,
    instrument: str,
    answers,
    taken_at: datetime,
    created_by: User,
    version: int | None = None,
    client_id: uuid.UUID | None = None,
) -> tuple[Measure, bool]:
    """Score and store one questionnaire. Raises ValidationError naming the answer paths
    (`answers.3`) or `version`; the clinic's thresholds (NDI max_missing) apply."""
    definition = instrument_get(slug=instrument)
    version = definition.default_version if version is None else version
    if version not in definition.versions:
        raise ValidationError({"version": [
            f"{definition.short_name} has version(s) "
            f"{', '.join(map(str, definition.versions))}."]})
    thresholds = instrument_thresholds(instrument=definition, clinic=patient.clinic)
    try:
        scored = score_answers(document=definition.document, answers=answers,
                               max_missing=thresholds.max_missing)
    except AnswersInvalid as invalid:
        raise ValidationError(invalid.problems) from None
    client_id = client_id or uuid.uuid4()
    return create_once(Measure, client_id=client_id, owner={"patient": patient},
                       create=lambda: Measure.objects.create(
                           patient=patient, client_id=client_id, instrument=instrument,
                           version=version, answers=scored.answers, score=scored.rounded(),
                           band=scored.band, details=scored.details, taken_at=taken_at,
                           local_date=taken_at.astimezone(patient.zone).date(),
                           created_by=created_by))
