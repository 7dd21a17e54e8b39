"""Production: secrets and hosts must come from the environment; `check --deploy` passes."""

from django.core.exceptions import ImproperlyConfigured

from hep.env import env_bool, env_int, env_list, env_str
from hep.settings.base import *  # noqa: F403

SECRET_KEY = env_str("SECRET_KEY")  # no default: refuse to start without one
# Django's deploy check only warns about a short key; sessions and signed values made with
# a guessable one can be forged, so stop instead (the same rule as security.W009).
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "SECRET_KEY must be at least 50 characters of at least 5 different ones; generate "
        "one with: python -c \"import secrets; print(secrets.token_urlsafe(50))\"")
DEBUG = False

# Base's localhost default would make a real deployment answer 400 to every request with
# no hint why; stop at start-up instead.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Probes speak plain HTTP from inside the network; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

# The admin is a second way in, with staff powers: off unless asked for.
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", False)

# Private by default: signed-in people only (common.permissions.CanReadApiDocs).
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", False)

# The console backend prints every email, with patients' addresses and clinical subjects,
# into the worker's log; production uses it only when EMAIL_BACKEND asks for it by name.
if EMAIL_BACKEND == CONSOLE_EMAIL_BACKEND and not env_str("EMAIL_BACKEND", ""):  # noqa: F405
    raise ImproperlyConfigured(
        "EMAIL_HOST is required: without it every email would be printed to the log. Set "
        "EMAIL_HOST to send through SMTP, or EMAIL_BACKEND to choose a backend on purpose.")
