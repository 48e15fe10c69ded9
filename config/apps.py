from django.apps import AppConfig


class KehoachConfig(AppConfig):
    """The project itself: wires what belongs to no domain app (config/converters.py, config/security.py)."""

    name = "config"
    verbose_name = "Kehoach"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import converters
        from .folders import folders_create
        from .security import session_mark_seen

        folders_create()  # var/, var/static, the file-system broker's queue (not at settings import)
        converters.register()  # before any URL pattern is built: <int:…> out of range is a 404
        user_logged_in.connect(session_mark_seen, dispatch_uid="kehoach-session-seen")
