"""Settings shared by every environment. Per-environment modules override a few names.

Everything that differs between machines comes from the environment (see `hep.env`).
Without DATABASE_URL / REDIS_URL the app runs embedded: SQLite and a filesystem Celery
broker under `var/`, so a fresh machine needs no server.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from hep.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]  # the repository root
VAR_DIR = Path(env_str("HEP_VAR_DIR", str(BASE_DIR / "var")))
PROGRAMS_DIR = Path(env_str("HEP_PROGRAMS_DIR", str(BASE_DIR / "programs")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Where patients open invite links; the PWA lives on the same origin as the API. Without
# PUBLIC_URL it follows PORT, the port `make run PORT=...` serves on (the Makefile also passes
# PUBLIC_URL itself, because honcho gives the worker and beat other PORT values).
PUBLIC_URL = env_str("PUBLIC_URL", f"http://localhost:{env_int('PORT', 8000)}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_celery_beat",
    "common",
    "accounts",
    "audit",
    "library",
    "assignments",
    "logs",
    "alerts",
    "monitoring",
    "measures",
    "progression",
    "reminders",
    "privacy",
    "demo",
    "web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that the PWA's files (index.html, sw.js) carry the policy too.
    "csp.middleware.CSPMiddleware",
    "common.middleware.NoStoreApiResponses",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "hep.urls"
WSGI_APPLICATION = "hep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Data stores -------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
REDIS_URL = env_str("REDIS_URL", "")

if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    # A database host that does not answer fails a request in seconds (a 503), not minutes.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT_SECONDS", 5)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hep.sqlite3"),
            # WAL lets the web server, worker and beat share the file without "database is locked".
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A request that finds the database down answers 503 with this Retry-After
# (common.error_pages); the persistent connection is health-checked before each reuse, so the
# processes recover by themselves when it is back.
DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS = env_int("DATABASE_UNAVAILABLE_RETRY_AFTER_SECONDS", 5)

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    # File-based so that rate throttling is shared by every local process.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(VAR_DIR / "cache")}}

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Kept so that hashes made by other hashers can still be verified and upgraded.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("first_name", "last_name", "email")}},
    {"NAME": "accounts.passwords.NameInPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
INVITE_TTL = timedelta(hours=env_int("INVITE_TTL_HOURS", 72))
# A password-reset link works once, for this long (Django's token generator).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_MINUTES", 60) * 60
# Reset emails one address may be sent per hour, whoever asks (no mail-bombing).
PASSWORD_RESET_EMAILS_PER_HOUR = env_int("PASSWORD_RESET_EMAILS_PER_HOUR", 3)
# Two-step sign-in: how long the step between password and code may take, how many wrong
# codes it allows, and how many 30-second steps either side of now a code may come from.
MFA_TOKEN_TTL = timedelta(minutes=env_int("MFA_TOKEN_TTL_MINUTES", 5))
MFA_ATTEMPTS = env_int("MFA_ATTEMPTS", 5)
TOTP_ALLOWED_DRIFT_STEPS = env_int("TOTP_ALLOWED_DRIFT_STEPS", 1)
RECOVERY_CODE_COUNT = 10
# A device's "last used" is written at most this often (a request seldom writes).
DEVICE_LAST_USED_EVERY = timedelta(minutes=env_int("DEVICE_LAST_USED_EVERY_MINUTES", 5))
# Sign-in failure policy (accounts.services, README "Sign-in"): an account's failures in
# the window beyond which other devices wait 1 s, doubling per failure up to the maximum;
# a device that signed in before is never delayed (its signed value lasts this long).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = timedelta(minutes=env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15))
LOGIN_DELAY_MAX_SECONDS = env_int("LOGIN_DELAY_MAX_SECONDS", 60)
KNOWN_DEVICE_MAX_AGE = timedelta(days=env_int("KNOWN_DEVICE_MAX_AGE_DAYS", 180))
# Proxies whose X-Forwarded-For is believed (common/client_ip.py): how many stand in front
# of the app, or their networks. Default none: the socket's peer is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_CIDRS = env_list("TRUSTED_PROXY_CIDRS", [])
# Django's admin at /admin/ (its sign-in goes through the same failure policy). On for
# development and tests; production serves it only when ADMIN_ENABLED=1 (settings/prod.py).
ADMIN_ENABLED = env_bool("ADMIN_ENABLED", True)

# Knox's token model is swappable; accounts.Device points at it through this name.
KNOX_TOKEN_MODEL = "knox.AuthToken"
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env_int("TOKEN_TTL_DAYS", 30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 20,
}

# --- Audit and privacy (docs/privacy.md) --------------------------------------------------
# Audit rows older than this are pruned (a checkpoint row carries the chain on). HIPAA asks
# six years for the documentation it requires.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 6 * 365)

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.DeviceTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["common.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Lists are plain arrays (the contract); `?limit=&offset=` pages any of them.
    "DEFAULT_PAGINATION_CLASS": "common.pagination.OptionalLimitOffsetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.errors.api_exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("THROTTLE_LOGIN", "30/min"),
        "invite": env_str("THROTTLE_INVITE", "30/min"),
        "password_reset": env_str("THROTTLE_PASSWORD_RESET", "10/hour"),
        "password_change": env_str("THROTTLE_PASSWORD_CHANGE", "10/hour"),
        "mfa": env_str("THROTTLE_MFA", "30/min"),
        # A patient's whole record as a ZIP: heavy, and rarely wanted twice in an hour.
        "export": env_str("THROTTLE_EXPORT", "20/hour"),
    },
    # Every throttle keys on common.client_ip (subclass common.throttling's classes).
    "NUM_PROXIES": 0,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Request bodies nesting deeper than this are refused with a 400 (common/parsers.py); the
# deepest body the API takes (a program template's phases) nests 6.
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 32)
# The schema and Swagger UI for anyone (on here, for development and the test suite), or
# for signed-in people only (production's default, hep/settings/prod.py). Build-time
# tools read the schema without a server: `manage.py spectacular --file schema.yaml`.
API_DOCS_PUBLIC = env_bool("API_DOCS_PUBLIC", True)

# No inline script or style anywhere (the PWA's device token sits in IndexedDB, where an
# injected script could read it), nothing from other origins. The built PWA and the API
# docs (web/api_docs.py) are files only; the browser tests fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Swagger UI's icons are data: URIs in its stylesheet.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "worker-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "HEP Tracker API",
    "DESCRIPTION": "Home-exercise programs, logs and monitoring for physical therapy.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StaffRoleEnum": [("therapist", "therapist"), ("clinic_admin", "clinic_admin")],
        "RoleEnum": "accounts.models.Role",
        "AssignmentStatusEnum": "assignments.models.AssignmentStatus",
        "AlertStatusEnum": "alerts.models.AlertStatus",
        "ProgressionStateEnum": "assignments.models.ProgressionState",
        "SkipReasonEnum": "logs.models.SkipReason",
        "ErasureStatusEnum": "privacy.api.views.ERASURE_STATES",
        "HeadacheKindEnum": "logs.models.HeadacheKind",
        "HeadacheSymptomEnum": "logs.models.HeadacheSymptom",
        "DisabilityEnum": "logs.models.Disability",
        "ReliefEnum": "logs.models.Relief",
    },
}

# --- Celery --------------------------------------------------------------------------------
# A request that sends a task after its write commits must not hang while the broker is
# down: connecting and publishing give up within about two seconds (the work is recorded in
# the database and swept later, common/tasks.py). Workers reconnect on their own terms.
BROKER_PUBLISH_RETRY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5,
                        "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = BROKER_PUBLISH_RETRY
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {**BROKER_PUBLISH_RETRY}
else:
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Worker-to-worker control messages; left unset, kombu writes ./control wherever it runs.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# A worker rides out a broker outage and resumes by itself (tests/faults/test_broker_outage.py):
# it retries connecting forever, also when the broker is not up yet at its start (Celery's
# default gives up after 100 attempts and exits).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Tasks running when the connection goes are let finish, not cancelled: their work is in
# PostgreSQL, not Redis. Cancelling a delivery mid-send left its push "in doubt", which is
# never sent again (no duplicates), so the fault test saw a therapist's alert never reach
# the phone. Finished, the outcome is recorded; the lost ack only means the message may
# come again, and the claims in the database make that a no-op.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic work is declared here, in code: the DatabaseScheduler copies every entry into its
# tables (PeriodicTask / CrontabSchedule) when beat starts, so it shows in the admin, and a
# change made there lasts until beat restarts and this schedule is written again.
REMINDERS_TICK_SECONDS = env_int("REMINDERS_TICK_SECONDS", 60)
PROGRESSION_SWEEP_SECONDS = env_int("PROGRESSION_SWEEP_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    # Every minute: evaluations a log made due whose message never reached a worker (the
    # broker was down when the log committed); normally the row is gone within seconds.
    "progression-sweep-pending": {"task": "progression.tasks.sweep_pending",
                                  "schedule": timedelta(seconds=PROGRESSION_SWEEP_SECONDS)},
    # The daily look at every active assignment (after-log evaluations do the rest). Its
    # hour is UTC; each assignment is evaluated on its patient's local date.
    "progression-evaluate-all-active": {
        "task": "progression.tasks.evaluate_all_active",
        "schedule": crontab(hour=env_int("PROGRESSION_DAILY_HOUR_UTC", 3), minute=30),
    },
    # Every minute, on the minute: reminders whose next due instant has come (an index range
    # scan), and notifications to (re)enqueue: snoozed, lost on the broker, or claimed by a
    # dead worker. REMINDERS_TICK_SECONDS other than 60 ticks that often instead (the
    # end-to-end test runs the real beat at 1 s).
    "reminders-tick": {"task": "reminders.tasks.tick",
                       "schedule": crontab() if REMINDERS_TICK_SECONDS == 60
                       else timedelta(seconds=REMINDERS_TICK_SECONDS)},
    # Daily: "no log for N days" alerts for therapists and missed-days nudges for patients.
    "reminders-daily": {
        "task": "reminders.tasks.daily",
        "schedule": crontab(hour=env_int("REMINDERS_DAILY_HOUR_UTC", 6), minute=15),
    },
    # Every minute: the patient list's summaries past their patient's local midnight, or
    # whose refresh after a write never reached a worker (monitoring.services).
    "monitoring-refresh-summaries": {"task": "monitoring.tasks.refresh_due",
                                     "schedule": crontab()},
    # Hourly: the weekly check-in for patients whose local time is Sunday 18:xx.
    "reminders-weekly-checkin": {"task": "reminders.tasks.weekly_checkin",
                                 "schedule": crontab(minute=0)},
    # Hourly: confirmed erasures whose grace period is over (privacy.erasure).
    "privacy-erasures-due": {"task": "privacy.tasks.erasures_due",
                             "schedule": crontab(minute=40)},
}

# --- Reminders and notifications (backend/reminders) ---------------------------------------
# Web Push VAPID keys. Unset: generated on first use and kept in the database (VapidKeys).
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "")
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:admin@localhost")
# Push endpoints on private, loopback or link-local addresses (or names resolving to them)
# are refused, at subscribe time and on every send (reminders/transports/addresses.py).
# On for a self-hosted push service on a private network; the test settings turn it on
# for the test suite's local receiver.
REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES = env_bool("REMINDERS_PUSH_ALLOW_PRIVATE_ADDRESSES",
                                                  False)
# Seconds to wait for a push service (read timeout; connecting waits at most 5).
REMINDERS_PUSH_TIMEOUT_SECONDS = env_int("REMINDERS_PUSH_TIMEOUT_SECONDS", 10)
# Reminders settings rows per transaction in the tick, notification ids per delivery message.
REMINDERS_TICK_BATCH_SIZE = env_int("REMINDERS_TICK_BATCH_SIZE", 1000)
REMINDERS_DELIVERY_BATCH_SIZE = env_int("REMINDERS_DELIVERY_BATCH_SIZE", 50)
# Retries of a transient failure (exponential backoff with jitter, 2 s, 4 s, ... capped).
REMINDERS_MAX_RETRIES = env_int("REMINDERS_MAX_RETRIES", 5)
# A claimed, unsent notification older than this is claimable again (its worker died);
# must exceed the whole retry schedule. An unclaimed one enqueued this long ago is re-sent
# to the broker (its message was lost).
REMINDERS_RECLAIM_AFTER_SECONDS = env_int("REMINDERS_RECLAIM_AFTER_SECONDS", 600)
REMINDERS_REENQUEUE_AFTER_SECONDS = env_int("REMINDERS_REENQUEUE_AFTER_SECONDS", 300)
# A reminder found later than this after its slot (beat was down) is dropped, not sent late.
REMINDERS_STALE_AFTER_MINUTES = env_int("REMINDERS_STALE_AFTER_MINUTES", 120)
# Patients: nudge after this many days with nothing logged. Therapists: alert after this many.
REMINDERS_NUDGE_AFTER_DAYS = env_int("REMINDERS_NUDGE_AFTER_DAYS", 2)
REMINDERS_NO_LOG_ALERT_DAYS = env_int("REMINDERS_NO_LOG_ALERT_DAYS", 5)
# How many times one reminder may be put off ("snooze"), snoozes of its snoozes included;
# the next answers 409. Not clinical: enough for "not now", too few to silence a day.
REMINDERS_MAX_SNOOZES = env_int("REMINDERS_MAX_SNOOZES", 3)

# Email: SMTP when EMAIL_HOST is set, else the console backend (which prints whole
# messages, addresses and subjects, to the log: production refuses it unless
# EMAIL_BACKEND names it on purpose). EMAIL_BACKEND picks any backend by its path.
EMAIL_HOST = env_str("EMAIL_HOST", "")
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
                        if EMAIL_HOST else CONSOLE_EMAIL_BACKEND)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "HEP Tracker <noreply@localhost>")

# --- Clinical defaults (settings, not constants: see shared clinical reference §4) ---------
# Pain during exercise above this is a red event (pain-monitoring model: 0-3 safe,
# 4-5 acceptable, above 5 not acceptable). Clinics and assignments may override it.
PAIN_DURING_RED_ABOVE = env_int("PAIN_DURING_RED_ABOVE", 5)
# --- Emergencies, screening and escalation (shared clinical reference §6, §7) ------------
# The number the urgent message offers as a `tel:` link after a red-flag headache. 112
# reaches emergency services from any mobile phone in Europe and many other countries;
# a clinic sets its own (`Clinic.settings["emergency_number"]`, e.g. "911").
EMERGENCY_NUMBER = env_str("EMERGENCY_NUMBER", "112")
# A headache that starts within this many hours after a logged session makes the app ask
# whether exercise brought it on (§4: an attack "during or within hours of exercise" is a
# red event; no source fixes the hours).
# Clinics: `Clinic.settings["exercise_trigger_window_hours"]`.
EXERCISE_TRIGGER_WINDOW_HOURS = env_int("EXERCISE_TRIGGER_WINDOW_HOURS", 6)
# Headache escalation: an alert when headache days in the last 28 reach the chronic range
# (15 or more a month, ICHD-3) or rise at least this many percent over the baseline
# (no source fixes the rise). Clinics: `Clinic.settings["escalation_rise_pct"]`.
ESCALATION_HEADACHE_DAYS = env_int("ESCALATION_HEADACHE_DAYS", 15)
ESCALATION_RISE_PCT = env_int("ESCALATION_RISE_PCT", 50)
# Headache diary (clinical reference section 7): an attack left open ("still going") counts
# on at most this many days from the day it started (no source fixes the number).
HEADACHE_OPEN_MAX_DAYS = env_int("HEADACHE_OPEN_MAX_DAYS", 3)
# Exercises that need a recorded clear screening (red flags, cervical arterial) before they
# are assigned, beyond those whose file says `requires_screening: true` (the self-SNAG).
# Clinics add their own: `Clinic.settings["screening_required_exercises"]` (IFOMPT framework).
SCREENING_REQUIRED_EXERCISES = env_list("SCREENING_REQUIRED_EXERCISES", [])
# Who rises to the top of the therapist's list. Cut-offs without firm evidence: settings.
ATTENTION_ADHERENCE_BELOW_PCT = env_int("ATTENTION_ADHERENCE_BELOW_PCT", 50)
ATTENTION_INACTIVE_DAYS = env_int("ATTENTION_INACTIVE_DAYS", 5)
ATTENTION_SORENESS_AT_LEAST = env_int("ATTENTION_SORENESS_AT_LEAST", 6)  # red: 6-10
# Falling adherence: the last 7 days' adherence at least this many percentage points below
# that of the full weeks (Monday to Sunday) before them, this many weeks pooled.
ATTENTION_FALLING_DROP_POINTS = env_int("ATTENTION_FALLING_DROP_POINTS", 25)
ATTENTION_FALLING_BEFORE_WEEKS = env_int("ATTENTION_FALLING_BEFORE_WEEKS", 3)
# Weekly adherence points in each row of the list (the trend), the current week last.
ATTENTION_TREND_WEEKS = env_int("ATTENTION_TREND_WEEKS", 6)

# The progression engine's thresholds (backend/progression/rules.py resolves them). Each key
# may be set again, in this order of precedence, lowest first: here, by the template phase's
# `progression` rule (programs/README.md), by a clinic (`Clinic.settings["progression"]`)
# and by an assignment (`Assignment.progression_settings`). None of these numbers is
# validated for neck or headache programs (shared clinical reference §4): settings, not code.
PROGRESSION_DEFAULTS = {
    # Evidence is read from the last `window_days` days spent in the current phase.
    "window_days": 7,
    "advance": {
        # `min_days_in_phase` has no default here: each template phase's `min_days` is it.
        # Sessions done of those prescribed in the window (a clinic choice, unverified).
        "min_adherence_pct": 80,
        # Sessions whose key exercise met the full prescribed dose (Jull: 10 x 10 s at the
        # stage before moving on; a rule used in practice, unverified as published).
        "min_full_dose_sessions": 3,
        # Move on only while exercise stays in the safe band (§4: 0-3 safe).
        "max_pain_during": 3,
        # Gaze stabilisation progresses on the dizziness it provokes, not on neck pain
        # (vestibular rehabilitation guideline, Hall 2022: mild provoked symptoms that settle
        # within minutes are expected). 4 of 10 is the product's default (unverified).
        "max_dizziness": 4,
    },
    # §4: amber pain (4-5) is acceptable only if it settles by the next morning; days of
    # amber pain that did not settle hold the phase, and this many suggest stepping back
    # ("higher next-morning pain means reduce the load").
    "hold": {"unsettled_amber_days": 1},
    "regress": {"unsettled_amber_days": 2},
    "pain": {
        # §4 pain-monitoring model (Silbernagel 2007): 0-3 safe, 4-5 acceptable if settled
        # by the next morning, above 5 not acceptable (red 6-10; some clinics use amber up
        # to 6 or 7). Pain above `red_above`, or an exercise-triggered attack, is red.
        "safe_max": 3,
        "red_above": PAIN_DURING_RED_ABOVE,
        # "Settled": next-morning neck soreness at most the patient's usual (median check-in
        # soreness over `usual_soreness_days`) plus this margin.
        "settle_margin": 1,
        "usual_soreness_days": 28,
    },
}
# Active assignments per message when the daily evaluation fans out.
PROGRESSION_BATCH_SIZE = env_int("PROGRESSION_BATCH_SIZE", 200)

# --- Outcome measures (shared clinical reference §2, §3) -----------------------------------
# Questionnaire thresholds (meaningful change, re-measure days) live in the instrument files,
# programs/instruments/; these two belong to the outcomes verdict. Clinics override both in
# Clinic.settings["outcomes"] (measures/thresholds.py).
# A responder has at least this many percent fewer headache days than the 4-week baseline:
# 50% is the usual rule (IHS trial guidelines); PT trials report 30 to 40% fewer.
OUTCOMES_RESPONDER_DROP_PCT = env_int("OUTCOMES_RESPONDER_DROP_PCT", 50)
# The verdict stays `too_early` before this many weeks: judge a program after an 8 to 12
# week trial (plan of care, §2).
OUTCOMES_TOO_EARLY_WEEKS = env_int("OUTCOMES_TOO_EARLY_WEEKS", 8)
# At least this many percent fewer headache days, short of the responder threshold, is
# `partly_responding`: 30% is meaningful in chronic migraine guidance (§3, 2026-11).
OUTCOMES_PARTLY_DROP_PCT = env_int("OUTCOMES_PARTLY_DROP_PCT", 30)
# Headache days up by at least this many percent over the baseline is `worsening` (§3).
OUTCOMES_WORSENING_RISE_PCT = env_int("OUTCOMES_WORSENING_RISE_PCT", 30)
# A diary baseline needs at least this many of its 28 days recorded; with fewer, the
# recalled intake figure (labelled as recalled) or no baseline at all (issue 10, item 7).
BASELINE_MIN_RECORDED_DAYS = env_int("BASELINE_MIN_RECORDED_DAYS", 20)
if not 1 <= OUTCOMES_RESPONDER_DROP_PCT <= 100 or OUTCOMES_TOO_EARLY_WEEKS < 0:
    raise ImproperlyConfigured("OUTCOMES_RESPONDER_DROP_PCT must be 1-100 and "
                               "OUTCOMES_TOO_EARLY_WEEKS 0 or more.")

# --- Internationalisation and files --------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_ROOT = BASE_DIR / "frontend" / "dist"  # the built PWA, served at /
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Every line goes through one handler whose filter takes invite tokens and credentials out
# (common/log_redaction.py). Django's defaults give `django` and `django.server` (runserver's
# request lines) handlers of their own, which would pass the filter by: they are re-pointed
# here. Gunicorn's and Celery's own handlers get the same filter (docker/gunicorn.conf.py,
# hep/celery.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "common.log_redaction.RedactSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}
