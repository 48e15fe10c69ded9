from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Văn bản")

    def ready(self):
        from django.db.models.signals import pre_delete

        from .models import Rendition, RenditionSealed

        def refuse_sealed_delete(sender, instance, **kwargs):
            # a queryset or cascade delete does not call Rendition.delete(); this catches it
            if instance.is_sealed:
                raise RenditionSealed(_("Bản kết xuất của văn bản đã ban hành không thể xóa."))

        pre_delete.connect(refuse_sealed_delete, sender=Rendition, weak=False,  # a local function: keep it alive
                           dispatch_uid="documents.refuse_sealed_delete")

        from django.db.backends.signals import connection_created

        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="documents.search.sqlite_functions")

        from orgchart.signals import units_created

        from . import tasks  # noqa: F401  the Celery tasks, registered by name (services ask for them by name)
        from .receivers import units_created_open_registers

        units_created.connect(units_created_open_registers, dispatch_uid="documents.units_created_open_registers")
