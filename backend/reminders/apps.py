from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self) -> None:
        from accounts.clinic_settings import ClinicSetting, declare
        from reminders import signals  # noqa: F401  (connects the receivers)
        from reminders.api.serializers import reminder_defaults_problems

        # reminders.services reads it when a patient's reminders are first set up.
        declare(ClinicSetting(key="reminders", label="Reminder defaults for new patients",
                              default={}, check=reminder_defaults_problems))
