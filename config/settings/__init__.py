"""Kehoach settings: ``base`` for every purpose, ``production`` on top unless DEBUG=1.

``config.settings`` is what servers, workers and ``manage.py`` load. Python runs this file before
any submodule, so when another module is chosen (``config.settings.test`` for the suite, in
pyproject.toml) it must do nothing: that module builds its own settings from ``base``.
"""
import os

if os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings") == "config.settings":
    from .base import *  # noqa: F403
    from .base import DEBUG

    if not DEBUG:
        from .production import *  # noqa: F403
