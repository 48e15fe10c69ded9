"""Notifications that arrive: who is told what, when a step completes (the bell and, by e-mail, the same words).

Every rule lives here. The services call the ``*_notify`` functions inside their transaction;
a task that viewflow creates is announced by ``task_arrived_notify`` (wired in ``apps.ready()`` on the
task's first save), the bulk fan-out by ``workflows.flows.fanout.fanout_tasks_notify`` (one INSERT per batch).

Rows are written in the caller's transaction; the e-mail goes through the Celery task
``send_notification_emails`` once that transaction commits (never inside the request), to the
recipients who have an e-mail address, through Django's ``EMAIL_*`` settings. The mail step is
idempotent (``emailed_at``), so a retried task sends nothing twice.

Who is told:

- a task assigned to a person: that person; a task offered to a unit's queue (an object permission on
  the unit): the people who hold that permission **and** a position in the unit on the day, no one else;
- a draft returned: its drafter (plan) or assignee (unit report), with the comment;
- a document issued: its drafter, with its number;
- a unit's report accepted or returned: the assignee who wrote it and the unit's head, with the comment;
- a document arriving at a unit (văn bản đến): the unit's văn thư;
- a deadline extension asked: the consolidating unit's head; decided: whoever asked.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart import selectors as org
from orgchart.models import Holding, Unit
from workflows import queues
from workflows.heads import unit_head_position
from workflows.models import Notification, NotificationKind, ReportState
from workflows.selectors import audit_last_action

RETURN_MARK = ":return"


# --- delivery ---------------------------------------------------------------------------------

def _email_later(ids: list[int]) -> None:
    """E-mail after commit; a broker that is down leaves them to the outbox sweep (never fails the request)."""
    if ids:
        queues.enqueue_on_commit(queues.SEND_NOTIFICATION_EMAILS, ids=list(ids))


def _deliver(rows: list[Notification]) -> list[Notification]:
    """Write the notifications (one INSERT) and e-mail, after commit, those whose recipient has an address."""
    if not rows:
        return []
    from workflows.models import EmailState
    from workflows.notifications.delivery import mark_addressless

    created = Notification.objects.bulk_create(mark_addressless(rows))
    _email_later([n.pk for n in created if n.email_state == EmailState.QUEUED and n.pk])
    return created


def _notification(*, user_id: int, kind: str, key: str, title: str, body: str = "", url: str = "",
                  unit_report=None) -> Notification:
    return Notification(user_id=user_id, kind=kind, key=key[:120], title=title[:255], body=body, url=url[:255],
                        unit_report=unit_report)


# --- who ---------------------------------------------------------------------------------------

def queue_members(*, permission: str, unit_ids: list[int], on: datetime.date) -> dict[int, list[int]]:
    """Per unit, the people offered a task guarded by ``permission`` on that unit: holders of the object permission
    who also hold a position in that unit on ``on`` (two queries, whatever the number of units)."""
    from django.contrib.contenttypes.models import ContentType
    from guardian.models import UserObjectPermission


    app_label, _dot, codename = permission.partition(".")
    granted = UserObjectPermission.objects.filter(
        permission__codename=codename, permission__content_type__app_label=app_label,
        content_type=ContentType.objects.get_for_model(Unit), object_pk__in=[str(pk) for pk in unit_ids],
    ).values_list("object_pk", "user_id")
    holding = set(Holding.objects.filter(position__unit_id__in=unit_ids).valid_on(on)
                  .values_list("position__unit_id", "user_id"))
    members: dict[int, list[int]] = {}
    for object_pk, user_id in granted:
        unit_id = int(object_pk)
        if (unit_id, user_id) in holding and user_id not in members.setdefault(unit_id, []):
            members[unit_id].append(user_id)
    return members


def _unit_head_id(unit) -> int | None:
    try:
        position = unit_head_position(unit=unit)
    except ValidationError:  # a unit without a head in the chart: nobody to tell
        return None
    actor = org.position_actor(position=position, on=timezone.localdate())
    return actor.user.pk if actor.user else None


# --- what ---------------------------------------------------------------------------------------

def _task_url(task) -> str:
    try:
        return task.reverse("index")
    except NoReverseMatch:  # a flow without task pages: the bell still tells, without a link
        return ""


def _what(process) -> str:
    """The document a process is about, as a civil servant names it: its number, else its title."""
    process = process.coerced if hasattr(process, "coerced") else process
    document = None
    if hasattr(process, "document_id"):
        document = process.document
    elif hasattr(process, "plan_id"):
        document = process.plan
    elif hasattr(process, "unit_report"):
        report = process.unit_report
        document = report.report or report.obligation.plan.plan
        return f"{document.symbol or report.obligation.title} — {report.unit}"
    if document is None:
        return str(process)
    return f"{document.symbol} — {document.title}" if document.symbol else document.title


def task_arrived_notify(*, task) -> list[Notification]:
    """A human task viewflow has just created: tell its owner, or the people of the unit's queue."""
    if task.flow_task.name == "edit":
        return []  # the drafter's own draft step ("Lưu nháp"): opened by the drafter, not news to them
    process = task.process.coerced
    step = str(task.flow_task.task_title or task.flow_task.name)
    if task.owner_id:
        last = audit_last_action(process_id=task.process_id)
        if last and RETURN_MARK in last:
            return []  # a return: its own notification (with the comment) has told this person already
        recipients = [task.owner_id]
    elif task.owner_permission and task.owner_permission_obj_pk:
        unit_id = int(task.owner_permission_obj_pk)
        recipients = queue_members(permission=task.owner_permission, unit_ids=[unit_id],
                                   on=timezone.localdate()).get(unit_id, [])
    else:
        return []
    receipt = hasattr(process, "document_id")
    kind = NotificationKind.DOCUMENT_ARRIVED if receipt else NotificationKind.TASK_ARRIVED
    title = (_("Văn bản đến: %(what)s") if receipt else _("Công việc mới: %(step)s — %(what)s")) % {
        "step": step, "what": _what(process)}
    url = _task_url(task)
    return _deliver([_notification(user_id=user_id, kind=kind, key=f"task:{task.pk}:{user_id}", title=title, url=url,
                                   body=step) for user_id in recipients])


def draft_returned_notify(*, process, comment: str, by) -> list[Notification]:
    """A plan (or Báo cáo tổng hợp) draft returned to its drafter, with the reason."""
    what = _what(process)
    return _deliver([_notification(
        user_id=process.drafter_id, kind=NotificationKind.DRAFT_RETURNED,
        key=f"returned:{process.pk}:{timezone.now().timestamp()}",
        title=_("Dự thảo bị trả lại: %(what)s") % {"what": what},
        body=_("%(who)s trả lại: %(comment)s") % {"who": by.get_full_name() or by.username, "comment": comment},
        url=process.get_absolute_url() if hasattr(process, "get_absolute_url") else "",
    )])


def document_issued_notify(*, document, drafter_id: int | None, url: str = "", unit_report=None) -> list[Notification]:
    """The drafter's document has its number (a plan or Báo cáo tổng hợp issued, a unit's report signed)."""
    if drafter_id is None:
        return []
    return _deliver([_notification(
        user_id=drafter_id, kind=NotificationKind.DOCUMENT_ISSUED, key=f"issued:{document.pk}", unit_report=unit_report,
        title=_("Đã phát hành %(symbol)s") % {"symbol": document.symbol},
        body=_("%(title)s, ngày %(date)s") % {"title": document.title, "date": document.issued_on.strftime("%d/%m/%Y")},
        url=url,
    )])


def unit_report_returned_by_head_notify(*, report, comment: str, by) -> list[Notification]:
    """The head returns the unit's draft report to the assignee who wrote it."""
    if report.assignee_id is None:
        return []
    return _deliver([_notification(
        user_id=report.assignee_id, kind=NotificationKind.DRAFT_RETURNED, unit_report=report,
        key=f"returned:r{report.pk}:{timezone.now().timestamp()}",
        title=_("Dự thảo báo cáo bị trả lại: %(what)s") % {"what": report.obligation.title},
        body=_("%(who)s trả lại: %(comment)s") % {"who": by.get_full_name() or by.username, "comment": comment},
    )])


def unit_report_received_notify(*, report, accepted: bool, comment: str = "") -> list[Notification]:
    """The receiving unit accepted or returned the unit's report: its writer and the unit's head are told."""
    symbol = report.report.symbol if report.report_id and report.report.symbol else report.obligation.title
    if accepted:
        kind, title = NotificationKind.REPORT_ACCEPTED, _("Báo cáo %(symbol)s được %(receiver)s chấp nhận")
    else:
        kind, title = NotificationKind.REPORT_RETURNED, _("Báo cáo %(symbol)s bị %(receiver)s trả lại")
    title = title % {"symbol": symbol, "receiver": report.receiver}
    recipients = [pk for pk in dict.fromkeys([report.assignee_id, _unit_head_id(report.unit)]) if pk]
    stamp = timezone.now().timestamp()
    return _deliver([_notification(user_id=user_id, kind=kind, key=f"{kind}:{report.pk}:{user_id}:{stamp}", title=title,
                                   body=comment, unit_report=report) for user_id in recipients])


def _extension_url(extension) -> str:
    from django.urls import reverse

    try:
        return reverse("extension_decide", args=[extension.pk])
    except NoReverseMatch:
        return ""


def extension_requested_notify(*, extension) -> list[Notification]:
    """A unit asks for a later due date: the consolidating unit's head (or their substitute today) is told."""
    from workflows.heads import unit_body

    report = extension.unit_report
    head_id = _unit_head_id(unit_body(report.obligation.consolidator))
    if head_id is None:
        return []
    return _deliver([_notification(
        user_id=head_id, kind=NotificationKind.EXTENSION_REQUESTED, unit_report=report,
        key=f"extension:{extension.pk}:asked:{head_id}",
        title=_("%(unit)s đề nghị gia hạn đến %(date)s: %(what)s") % {
            "unit": report.unit, "date": extension.new_due_date.strftime("%d/%m/%Y"), "what": report.obligation.title},
        body=extension.reason, url=_extension_url(extension),
    )])


def extension_decided_notify(*, extension) -> list[Notification]:
    """The head decided: whoever asked is told, with the date that now applies and the comment."""
    report = extension.unit_report
    if extension.state == "approved":
        title = _("Đã được gia hạn đến %(date)s: %(what)s") % {
            "date": extension.new_due_date.strftime("%d/%m/%Y"), "what": report.obligation.title}
    else:
        title = _("Không được gia hạn, hạn vẫn là %(date)s: %(what)s") % {
            "date": extension.old_due_date.strftime("%d/%m/%Y") if extension.old_due_date else "—",
            "what": report.obligation.title}
    return _deliver([_notification(
        user_id=extension.requested_by_id, kind=NotificationKind.EXTENSION_DECIDED, unit_report=report,
        key=f"extension:{extension.pk}:decided:{extension.requested_by_id}", title=title,
        body=extension.decision_comment,
    )])
def unit_reports_urged_notify(*, reports, heads: dict, message: str, by, entry_id: int, url_of) -> list[Notification]:
    """Đôn đốc: the assignee of each late unit's report and the unit's head are told, with the consolidator's words.
    ``heads``: unit id → the head on the day; ``url_of``: report → its page; ``entry_id``: the audit entry (the key)."""
    who = by.get_full_name() or by.username
    rows = []
    for report in reports:
        head = heads.get(report.unit_id)
        title = _("Đôn đốc: %(what)s (hạn %(due)s)") % {
            "what": report.obligation.title, "due": report.due_date.strftime("%d/%m/%Y")}
        for user_id in dict.fromkeys([report.assignee_id, head.pk if head else None]):
            if user_id:
                rows.append(_notification(user_id=user_id, kind=NotificationKind.URGED, key=f"urge:{entry_id}:{report.pk}:{user_id}",
                                          title=title, body=_("%(message)s\n— %(who)s") % {"message": message, "who": who},
                                          url=url_of(report), unit_report=report))
    return _deliver(rows)


# --- toasts: what the person who acted is told -----------------------------------------------

def receipt_registered_text(*, receipt) -> str:
    return _("Đã vào sổ văn bản đến số %(number)s, ngày %(date)s: %(symbol)s") % {
        "number": receipt.incoming_number, "date": receipt.received_on.strftime("%d/%m/%Y"),
        "symbol": receipt.document.symbol}


def task_taken_text(*, task) -> str:
    return _("Đã nhận: %(what)s") % {"what": _what(task.process)}


def step_done_text(*, process, step: str, default: str) -> str:
    """The toast once ``step`` is done: what happened, with the number where there is one."""
    process = process.coerced if hasattr(process, "coerced") else process
    if hasattr(process, "document_id") and step == "acknowledge":
        return receipt_registered_text(receipt=process)
    report = getattr(process, "unit_report", None) if not hasattr(process, "plan_id") else None
    if report is not None:
        report.refresh_from_db()
        symbol = report.report.symbol if report.report_id and report.report.symbol else ""
        if step == "sign_report":
            if report.state == ReportState.SUBMITTED:
                return _("Đã ký và gửi báo cáo %(symbol)s") % {"symbol": symbol}
            return _("Đã trả lại dự thảo báo cáo cho %(who)s") % {"who": _person(report.assignee)}
        if step == "receive":
            words = _("Đã chấp nhận báo cáo %(symbol)s của %(unit)s") if report.state == ReportState.ACCEPTED else _(
                "Đã trả lại báo cáo %(symbol)s cho %(unit)s")
            return words % {"symbol": symbol, "unit": report.unit}
        return default
    if hasattr(process, "plan_id"):
        if step == "issue":
            process.plan.refresh_from_db(fields=["symbol"])
            return _("Đã phát hành %(symbol)s") % {"symbol": process.plan.symbol}
        if process.returned_from == step:
            return _("Đã trả lại dự thảo cho %(who)s") % {"who": _person(process.drafter)}
        if step == "sign_submission":
            process.submission.refresh_from_db(fields=["symbol"])  # the service numbered another copy of the row
            return _("Đã ký Tờ trình %(symbol)s") % {"symbol": process.submission.symbol}
    return default


def _person(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""
