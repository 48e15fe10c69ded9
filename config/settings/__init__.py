"""Kehoach settings: ``base`` for every purpose, ``production`` on top unless DEBUG=1.

Tests use ``config.settings.test`` (pyproject.toml).
"""
from .base import *  # noqa: F401,F403
from .base import DEBUG

if not DEBUG:
    from .production import *  # noqa: F401,F403
