"""factory_boy factories, built in code: no global JSON fixtures."""

import factory

from accounts.models import Clinic, Role, User
from library.models import Exercise, ExerciseKind, ProgramTemplate


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    name = factory.Sequence(lambda n: f"Clinic {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    clinic = factory.SubFactory(ClinicFactory)
    timezone = "UTC"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TherapistFactory(UserFactory):
    role = Role.THERAPIST


class ClinicAdminFactory(UserFactory):
    role = Role.CLINIC_ADMIN


class PatientFactory(UserFactory):
    role = Role.PATIENT
    primary_therapist = factory.SubFactory(
        TherapistFactory, clinic=factory.SelfAttribute("..clinic")
    )


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Exercise {n}")
    region = "neck"
    kind = ExerciseKind.HOLD
    instructions = "Lie on your back and nod gently."
    content_hash = factory.Sequence(lambda n: f"hash-{n}")


def phase(*items, name="Phase", min_days=7):
    return {"name": name, "min_days": min_days, "items": list(items)}


def item(exercise, **prescription):
    return {"exercise": exercise.slug, "prescription": prescription}


class ProgramTemplateFactory(factory.django.DjangoModelFactory):
    """A template; pass `phases=[phase(item(ex, reps=10, ...)), ...]`."""

    class Meta:
        model = ProgramTemplate

    slug = factory.Sequence(lambda n: f"template-{n}")
    name = factory.Sequence(lambda n: f"Template {n}")
    summary = "A test program."
    weeks = 6
    phases = factory.LazyFunction(list)
    content_hash = factory.Sequence(lambda n: f"thash-{n}")


def assign(patient, template, start_date, **kwargs):
    """An assignment made the way a therapist makes one (through the service)."""
    from assignments.services import assignment_create

    return assignment_create(patient=patient, template=template, start_date=start_date, **kwargs)


def program(*phases, **kwargs):
    """A template with the given phases, its exercises created on the fly."""
    return ProgramTemplateFactory(phases=list(phases), **kwargs)
