from django.apps import AppConfig


class ProgressionConfig(AppConfig):
    name = "progression"

    def ready(self) -> None:
        from progression import receivers  # noqa: F401  (connects the receivers)
