#!/bin/sh
# Runs before gunicorn so that the first request, the worker and beat (which wait for this
# service to be healthy) all meet the current schema and program library.
set -eu

python manage.py migrate --noinput
python manage.py load_programs

# exec: gunicorn becomes the main process and receives docker's SIGTERM directly.
exec "$@"
