"""Tests: the embedded stack unless DATABASE_URL / REDIS_URL say otherwise (CI sets both)."""

from hep.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only"
# Argon2 is deliberately slow; tests that check hashing override this back.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if not DATABASE_URL:  # noqa: F405
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# The local push receiver (tests/reminders/receiver.py) listens on 127.0.0.1; the tests of
# the refusal itself turn this off again.
REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES = True
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
