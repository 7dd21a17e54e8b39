# syntax=docker/dockerfile:1
# One image for web, worker and beat; docker-compose.yml picks the process.

# --- build: resolve the locked dependencies into /app/.venv ------------------------------
FROM python:3.11-slim AS build

# Pinned so that a new uv cannot reinterpret uv.lock between two builds of one commit.
ARG UV_VERSION=0.13.8
RUN pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"

ENV UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

WORKDIR /app
# Only the manifest and lock first, so that a code change reuses the dependency layer.
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --locked --no-dev --no-install-project

# --- the PWA: built with Node, only its static files go into the image --------------------
FROM node:20-slim AS frontend
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm install --no-audit --no-fund --loglevel=error
COPY frontend/ ./
RUN npm run build

# --- runtime: no uv, no build cache, not root ---------------------------------------------
# The same base as the build stage: the venv's interpreter links point into it.
FROM python:3.11-slim

RUN groupadd --system --gid 10001 hep \
    && useradd --system --uid 10001 --gid hep --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin hep

ENV PATH=/app/.venv/bin:$PATH \
    PYTHONPATH=/app/backend \
    DJANGO_SETTINGS_MODULE=hep.settings.prod \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY manage.py ./
COPY programs/ programs/
COPY backend/ backend/
COPY docker/ docker/
# Django serves the built PWA at / (settings.WHITENOISE_ROOT).
COPY --from=frontend /frontend/dist frontend/dist/

# The key, host and mail backend only let the settings load; they are not kept in the
# image. The app user may write where the SQLite database, filesystem broker and cache go
# when DATABASE_URL / REDIS_URL are unset, but not over the collected static files.
RUN SECRET_KEY=collectstatic-only-not-a-secret-and-never-used-to-sign-anything \
       ALLOWED_HOSTS=localhost EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend \
       python manage.py collectstatic --noinput \
    && mkdir -p var/celery/queue var/celery/processed var/celery/control var/cache \
    && chown hep:hep var var/celery var/celery/queue var/celery/processed \
       var/celery/control var/cache

USER hep
EXPOSE 8000
# No HEALTHCHECK here: worker and beat run this image too and serve no HTTP; compose gives
# web its own.
# Migrations are not run here: only one process should run them (see docker-compose.yml).
CMD ["gunicorn", "hep.wsgi:application", "--config", "docker/gunicorn.conf.py"]
