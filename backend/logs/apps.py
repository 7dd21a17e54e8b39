from django.apps import AppConfig


class LogsConfig(AppConfig):
    name = "logs"

    def ready(self) -> None:
        from logs.triggers import declare_setting

        declare_setting()
