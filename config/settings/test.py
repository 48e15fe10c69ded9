"""Settings for the test suite: base settings with a fixed key, never the production transport rules."""
from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "kehoach-test-key"

# Tests run without `collectstatic`: the plain storage, no manifest to look names up in.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
