
import pytest

from library.loader import programs_load
from tests.conftest import SHIPPED_PROGRAMS  # noqa: F401 - kept importable from here


@pytest.fixture
def library(db):
    """The shipped exercises and templates, loaded as `make run` loads them."""
    return programs_load(programs_dir=SHIPPED_PROGRAMS)
