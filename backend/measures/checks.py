"""`manage.py check` (and so runserver, migrate and deploy checks) reads the instrument
files: a bad edit stops start-up with the file and field, not a patient's questionnaire."""

from __future__ import annotations

from django.core.checks import Error, register

from measures.instruments import InstrumentsInvalid, instruments_read


@register()
def instrument_files_check(app_configs=None, **kwargs) -> list[Error]:
    try:
        instruments_read()
    except InstrumentsInvalid as invalid:
        return [Error(problem, id="measures.E001") for problem in invalid.problems]
    return []
