import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hep.settings.dev")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URL map) lives as long as the process. Out of
# the collector's sight, a collection during a request scans only what requests made, not
# the whole framework again (gc.freeze; with gunicorn --preload the forked workers share
# these pages too).
gc.freeze()

