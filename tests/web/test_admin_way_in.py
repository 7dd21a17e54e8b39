"""README's way into /admin/: `manage.py createsuperuser`, then sign in there."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_documented_way_into_the_admin_works(client, monkeypatch):
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert re.search(r"manage\.py createsuperuser", readme)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long admin passphrase 42")
    call_command("createsuperuser", "--noinput", "--email", "ops@clinic.example")
    response = client.post("/admin/login/?next=/admin/", {
        "username": "ops@clinic.example", "password": "a long admin passphrase 42"})
    assert response.status_code == 302
    page = client.get("/admin/")
    assert page.status_code == 200 and "Site administration" in page.content.decode()
