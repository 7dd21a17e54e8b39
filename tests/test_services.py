"""CI runs on the real services; locally the embedded defaults are enough."""

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REQUIRE_SERVICES

pytestmark = pytest.mark.skipif(not REQUIRE_SERVICES,
                                reason="REQUIRE_SERVICES=1 only (CI): PostgreSQL and Redis")


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_cache_and_broker_are_redis():
    import redis

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert redis.Redis.from_url(settings.REDIS_URL).ping()
