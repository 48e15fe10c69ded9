from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgchartConfig(AppConfig):
    name = "orgchart"
    verbose_name = _("Sơ đồ tổ chức")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import selectors
        from .models import Delegation, Holding, Position, Unit

        # A person's standing (``selectors.user_standing``) is kept for the request; any change of the chart ends it.
        for model in (Unit, Position, Holding, Delegation):
            post_save.connect(selectors.chart_changed, sender=model, dispatch_uid=f"kehoach-chart-{model.__name__}")
            post_delete.connect(selectors.chart_changed, sender=model, dispatch_uid=f"kehoach-chart-del-{model.__name__}")
