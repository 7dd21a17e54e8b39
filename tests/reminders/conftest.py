from datetime import timedelta

import pytest

from reminders.models import PushSubscription, ReminderSettings
from reminders.services import reschedule
from tests.factories import ExerciseFactory, assign, item, phase, program
from tests.reminders.receiver import PushReceiver


@pytest.fixture
def receiver():
    with PushReceiver() as r:
        yield r


def subscribe(user, receiver, name, **kwargs) -> PushSubscription:
    sub = receiver.subscriber(name, **kwargs)
    return PushSubscription.objects.create(user=user, endpoint=receiver.endpoint(name),
                                           p256dh=sub.p256dh, auth=sub.auth_b64)


def with_program(patient, *, times_per_day=1, start=None):
    exercise = ExerciseFactory()
    template = program(phase(item(exercise, reps=10, times_per_day=times_per_day)))
    return assign(patient, template, start or patient.local_today() - timedelta(days=3)), exercise


def remind(user, times, *, now=None, **fields) -> ReminderSettings:
    row = ReminderSettings(user=user, times=times, channels=fields.pop("channels", ["push"]),
                           **fields)
    reschedule(row, after=now, save=False)
    row.save()
    return row
