from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = "Vận hành"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import task_logging  # noqa: F401  (connects the Celery signals: one JSON line per task)
