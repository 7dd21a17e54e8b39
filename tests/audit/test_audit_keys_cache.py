"""The per-process memory of patients' audit keys (audit.chain.patient_keys)."""

import pytest
from django.db import transaction

from audit import chain
from audit.models import PatientAuditKey
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_known_key_costs_no_query_the_second_time(django_assert_num_queries):
    patient = PatientFactory()
    first = chain.patient_keys({patient.pk})
    with django_assert_num_queries(0):
        assert chain.patient_keys({patient.pk}) == first


def test_a_key_made_in_a_transaction_that_rolls_back_is_not_remembered():
    patient = PatientFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        made = chain.patient_keys({patient.pk})[patient.pk]
        raise RuntimeError("the request failed")
    assert not PatientAuditKey.objects.filter(patient_id=patient.pk).exists()
    again = chain.patient_keys({patient.pk})[patient.pk]
    assert again != made
    assert bytes(PatientAuditKey.objects.get(patient_id=patient.pk).key) == again


def test_an_erased_key_is_forgotten_by_the_process():
    patient = PatientFactory()
    key = chain.patient_keys({patient.pk})[patient.pk]
    PatientAuditKey.objects.filter(patient_id=patient.pk).delete()
    chain.forget_key(patient.pk)
    assert chain.patient_keys({patient.pk})[patient.pk] != key
