"""The acute-medication catalogue as data: programs/medications/, checked and loaded by
`load_programs` like exercises and templates, served by `GET medications`."""

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from library.loader import programs_load
from library.models import Medication

pytestmark = pytest.mark.django_db

REQUIRED = {
    "sumatriptan": ("triptan", 10), "rizatriptan": ("triptan", 10),
    "ibuprofen": ("simple_analgesic", 15), "aspirin": ("simple_analgesic", 15),
    "naproxen": ("simple_analgesic", 15), "paracetamol": ("simple_analgesic", 15),
    "aspirin-paracetamol-caffeine": ("combination_analgesic", 10),
    "codeine": ("opioid", 10), "tramadol": ("opioid", 10),
    "ergotamine": ("ergot", 10), "dihydroergotamine": ("ergot", 10),
    "ubrogepant": ("gepant", 10), "rimegepant": ("gepant", 10),
    "lasmiditan": ("lasmiditan", 10),
}


def load(*args) -> str:
    out = StringIO()
    call_command("load_programs", *args, stdout=out)
    return out.getvalue()


def test_the_shipped_catalogue_has_every_class_with_its_ichd3_limit(programs_dir):
    programs_load(programs_dir=programs_dir)
    rows = {m.slug: (m.drug_class, m.overuse_days_per_month) for m in Medication.objects.all()}
    assert {slug: rows.get(slug) for slug in REQUIRED} == REQUIRED
    assert {m.overuse_months for m in Medication.objects.all()} == {3}


def test_loading_twice_changes_nothing_and_an_edit_updates_in_place(programs_dir):
    programs_load(programs_dir=programs_dir)
    first = Medication.objects.get(slug="ibuprofen")
    assert "Medications: 0 created or updated" in load()
    path = programs_dir / "medications" / "nsaids.yaml"
    document = yaml.safe_load(path.read_text())
    document["medications"][1]["name"] = "Ibuprofen (any strength)"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    assert "Medications: 1 created or updated" in load()
    again = Medication.objects.get(slug="ibuprofen")
    assert (again.pk, again.name) == (first.pk, "Ibuprofen (any strength)")


def test_a_class_outside_the_list_is_refused_with_the_file_and_field(programs_dir):
    path = programs_dir / "medications" / "triptans.yaml"
    document = yaml.safe_load(path.read_text())
    document["class"] = "painkiller"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(CommandError) as caught:
        load("--check")
    assert "programs/medications/triptans.yaml: class: 'painkiller' is not one of" in str(
        caught.value)


def test_a_medication_listed_in_two_files_is_refused(programs_dir):
    path = programs_dir / "medications" / "opioids.yaml"
    document = yaml.safe_load(path.read_text())
    document["medications"].append({"slug": "ibuprofen", "name": "Ibuprofen"})
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(CommandError) as caught:
        load("--check")
    assert ("programs/medications/opioids.yaml: medications/5/slug: 'ibuprofen' is already "
            "listed in programs/medications/nsaids.yaml") in str(caught.value)
    assert not Medication.objects.exists()


def test_a_patient_reads_the_catalogue_with_each_class(programs_dir, patient_client):
    programs_load(programs_dir=programs_dir)
    response = patient_client.get("/api/v1/medications")
    assert response.status_code == 200
    by_slug = {row["slug"]: row for row in response.json()}
    assert by_slug["sumatriptan"]["name"] == "Sumatriptan"
    assert by_slug["sumatriptan"]["class"] == "triptan"
    assert by_slug["paracetamol"]["overuse_limit"] == {"days_per_month": 15, "months": 3,
                                                       "ichd3": "8.2.3.1"}
