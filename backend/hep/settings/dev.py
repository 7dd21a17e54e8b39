"""Local development: `make run`."""

from hep.env import env_bool
from hep.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [  # noqa: F405
    "rest_framework.renderers.JSONRenderer",
    "rest_framework.renderers.BrowsableAPIRenderer",
]
