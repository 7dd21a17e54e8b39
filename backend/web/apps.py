from django.apps import AppConfig


class WebConfig(AppConfig):
    """Serves the built PWA (frontend/dist) from the API's origin."""

    name = "web"
