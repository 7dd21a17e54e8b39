from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "measures"

    def ready(self) -> None:
        from measures import checks  # noqa: F401 - registers the instrument file check
