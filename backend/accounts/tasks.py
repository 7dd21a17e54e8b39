from celery import shared_task

from accounts import services
from accounts.models import User


@shared_task
def send_password_reset(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        services.password_reset_email_send(user=user)
