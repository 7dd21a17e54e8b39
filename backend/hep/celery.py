import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger

from common.log_redaction import redact_handlers
from hep import broker_reconnect

broker_reconnect.install()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hep.settings.dev")

app = Celery("hep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_secrets(logger, **kwargs) -> None:
    """Celery replaces the root logger's handlers (Django's, with their filter) with its own
    and gives task loggers theirs: the same redaction on each (common/log_redaction.py)."""
    redact_handlers(logger)
