from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "library"

    def ready(self) -> None:
        from accounts.clinic_settings import ClinicSetting, declare
        from library.validation import progression_settings_problems

        def check(value) -> list[str]:
            return [f"{' '.join(map(str, problem.path)) or 'Thresholds'}: {problem.message}"
                    for problem in progression_settings_problems(document=value)]

        # library.rules reads it: the clinic's level of the progression thresholds.
        declare(ClinicSetting(key="progression", label="Progression thresholds",
                              default={}, check=check))
