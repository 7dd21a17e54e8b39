from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"

    def ready(self) -> None:
        from accounts.clinic_settings import ClinicSetting, declare
        from measures import checks  # noqa: F401 - registers the instrument file check
        from measures.thresholds import clinic_section_problems

        # measures.thresholds reads both: per-questionnaire numbers and the verdict's.
        declare(ClinicSetting(key="measures", label="Questionnaire thresholds", default={},
                              check=lambda value: clinic_section_problems("measures", value)))
        declare(ClinicSetting(key="outcomes", label="Outcome verdict thresholds", default={},
                              check=lambda value: clinic_section_problems("outcomes", value)))
