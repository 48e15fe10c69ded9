"""The folders Kehoach writes to, made when Django starts (``KehoachConfig.ready()``), not when settings are read.

Reading the settings (``manage.py check``, a test that overrides them, a tool that imports them) creates nothing;
every process that starts Django (the web server, ``manage.py``, the Celery worker and beat, which set Django
up before they connect to the broker) finds the folders there, as before.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def folders_create() -> None:
    """``VAR_DIR``, the collected static files (whitenoise looks there) and the file-system broker's folders."""
    folders = [Path(settings.VAR_DIR), Path(settings.STATIC_ROOT)]
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        folders += [Path(options[key]) for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder")]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
