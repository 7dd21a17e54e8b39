"""Settings for `make bench`: production settings, a fixed secret, PostgreSQL, plain HTTP.

Production's own module is imported, so middleware, authentication, renderers and
security headers are exactly what a deployment runs; only what a loopback benchmark needs
differs: a fixed SECRET_KEY, localhost hosts, no HTTPS redirect, and the reference views
in `bench.urls` (kept out of the product's URLs).
"""

from __future__ import annotations

import os

import dj_database_url

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hep_bench"

# hep.settings.prod refuses to start without these; give it benchmark values first.
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789abcdefghijklmnop")
os.environ.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1")
os.environ["SECURE_SSL_REDIRECT"] = "false"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
# Production refuses to start without a mail server; the benchmark sends none.
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from hep.settings.prod import *  # noqa: E402, F403

SECRET_KEY = "bench-only-not-a-secret-0123456789abcdefghijklmnop"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_PRELOAD = False
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        conn_max_age=60,
        conn_health_checks=True,
    )
}

ROOT_URLCONF = "bench.urls"
# Argon2 stays first (hep.settings.base): login is not benchmarked, tokens are made directly.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
