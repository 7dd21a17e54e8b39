import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from library.loader import programs_load

SHIPPED_PROGRAMS = Path(django_settings.PROGRAMS_DIR)


@pytest.fixture
def library(db):
    """The shipped exercises and templates, loaded as `make run` loads them."""
    return programs_load(programs_dir=SHIPPED_PROGRAMS)


@pytest.fixture
def programs_dir(tmp_path, settings) -> Path:
    """A copy of the shipped programs tree that a test may edit; PROGRAMS_DIR points at it."""
    copy = tmp_path / "programs"
    shutil.copytree(SHIPPED_PROGRAMS, copy)
    settings.PROGRAMS_DIR = copy
    return copy
