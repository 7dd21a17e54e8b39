"""Local development: `make run`."""

from hep.settings.base import *  # noqa: F403
from hep.env import env_bool

DEBUG = env_bool("DEBUG", True)
REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [  # noqa: F405
    "rest_framework.renderers.JSONRenderer",
    "rest_framework.renderers.BrowsableAPIRenderer",
]
