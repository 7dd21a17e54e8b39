from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


def _install_trigger(sender, using, **kwargs) -> None:
    from django.db import connections

    from audit.db import install_trigger

    install_trigger(connections[using])


def _start_chain(sender, instance, created, **kwargs) -> None:
    """A new clinic's chain head exists before its first request, so appending stays one
    statement from the first row on."""
    if created:
        from audit.models import AuditChainHead

        AuditChainHead.objects.get_or_create(clinic_id=instance.pk)


class AuditConfig(AppConfig):
    name = "audit"

    def ready(self) -> None:
        post_migrate.connect(_install_trigger, sender=self)
        # By label: the audit sits below accounts and does not import it.
        post_save.connect(_start_chain, sender="accounts.Clinic")
