"""Kehoach's workflow models, one module per room, re-exported here.

``from workflows.models import UnitReport`` keeps working for code and migrations; the app label
(``workflows``) and the table names are those of the single ``models.py`` this package replaced.

- ``processes``: the plan, consolidated-report and receipt processes, decisions, the audit trail.
- ``reports``: what a plan obliges a unit to do (obligations), its report and the figures in it.
- ``notifications``: the bell and e-mail notifications, and the working-day calendar's overrides.
"""

from workflows.models.notifications import (
    CalendarOverride,
    DisciplineEntry,
    DisciplineList,
    EmailState,
    EscalationLevel,
    Notification,
    NotificationKind,
)
from workflows.models.processes import (
    ACTION_LABELS,
    AUDIT_PENDING,
    ArchiveCopy,
    AuditChainHead,
    AuditEntry,
    ConsolidatedReportProcess,
    Decision,
    PlanProcess,
    ReceiptProcess,
)
from workflows.models.reports import (
    DeadlineExtension,
    ExtensionState,
    IndicatorValue,
    Obligation,
    ObligationKind,
    ReportCycle,
    ReportState,
    Route,
    UnitReport,
    UnitReportProcess,
    UnitRole,
)

__all__ = [
    "ACTION_LABELS", "AUDIT_PENDING", "ArchiveCopy", "AuditChainHead", "AuditEntry", "CalendarOverride", "ConsolidatedReportProcess",
    "Decision", "DeadlineExtension", "DisciplineEntry", "DisciplineList", "EmailState", "EscalationLevel", "ExtensionState", "IndicatorValue", "Notification", "NotificationKind", "Obligation", "ObligationKind", "PlanProcess",
    "ReceiptProcess", "ReportCycle", "ReportState", "Route", "UnitReport", "UnitReportProcess", "UnitRole",
]
