from django.contrib import admin

from documents.admin import ReadOnlyAdmin
from workflows.models import ArchiveCopy, AuditEntry, PlanProcess, ReceiptProcess


@admin.register(PlanProcess)
class PlanProcessAdmin(admin.ModelAdmin):
    list_display = ["id", "plan", "department", "drafter", "status", "due_date", "created"]
    list_filter = ["status", "field", "collective"]
    search_fields = ["plan__title", "plan__symbol", "submission__symbol", "drafter__username"]
    raw_id_fields = ["plan", "submission", "parent_task", "drafter"]
    date_hierarchy = "created"


@admin.register(ReceiptProcess)
class ReceiptProcessAdmin(admin.ModelAdmin):
    list_display = ["id", "document", "unit", "acknowledged_by", "acknowledged_at", "status"]
    list_filter = ["status", "unit__kind"]
    search_fields = ["document__symbol", "document__title", "unit__name"]
    raw_id_fields = ["document", "unit", "parent_task", "acknowledged_by"]


@admin.register(ArchiveCopy)
class ArchiveCopyAdmin(admin.ModelAdmin):
    list_display = ["document", "unit", "created"]
    search_fields = ["document__symbol", "unit__name"]
    raw_id_fields = ["document", "unit"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The audit log is a hash chain (workflows.audit.chain): only the services append to it, nobody edits it."""

    list_display = ["created", "process", "actor", "position", "on_behalf_of", "action", "comment"]
    list_filter = ["action"]
    search_fields = ["actor__username", "action", "comment"]
    raw_id_fields = ["process", "task", "actor", "position", "on_behalf_of"]
    date_hierarchy = "created"

    readonly_fields = ["created", "process", "task", "actor", "position", "on_behalf_of", "action", "comment", "data",
                       "prev_hash", "hash"]



from workflows.models import CalendarOverride, Notification, Obligation, ReportCycle, UnitReport  # noqa: E402


@admin.register(ReportCycle)
class ReportCycleAdmin(admin.ModelAdmin):
    """Kỳ báo cáo: made from the duty's phrase, opened by the beat (the admin may move an unopened cycle's dates)."""

    list_display = ["label", "obligation", "due_date", "opened_at"]
    list_filter = ["opened_at"]
    search_fields = ["label", "obligation__title", "obligation__plan__plan__symbol"]
    raw_id_fields = ["obligation"]
    readonly_fields = ["opened_at"]


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "due_date", "cycle_periods", "consolidator", "fanout_done", "fanout_total"]
    list_filter = ["kind", "route"]
    search_fields = ["title", "plan__plan__symbol"]
    raw_id_fields = ["plan", "consolidator"]


@admin.register(UnitReport)
class UnitReportAdmin(admin.ModelAdmin):
    list_display = ["unit", "obligation", "state", "due_date", "receiver", "assignee"]
    list_filter = ["state", "unit__kind"]
    search_fields = ["unit__name", "obligation__title"]
    raw_id_fields = ["obligation", "unit", "receiver", "parent", "process", "assignee", "report", "implementing_plan"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created", "user", "kind", "title", "read_at", "emailed_at", "email_state", "email_attempts"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username"]
    raw_id_fields = ["user", "unit_report"]


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_working_day", "source"]
    list_filter = ["is_working_day"]
    search_fields = ["source"]
    date_hierarchy = "day"
