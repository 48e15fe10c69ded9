"""The kiểm điểm list (Đề nghị kiểm điểm): the late units of one plan sent to their superior's head as one list.

The reminders tick (``notifications.reminders``) finds the reports that reached the plan's kiểm điểm level and the
person each goes to: the head of the unit's superior (the nearest unit above it that has a head), else the staff of
the plan's consolidator. Here they become one ``DisciplineList`` per (plan, that unit, person) per tick, one entry
per report, and one notification (one e-mail) per list, linking to the list's page.

Once each: an entry's ``key`` (report, due date, person) is unique, and the tick leaves out the keys already listed
(or already sent one by one, as before the lists). A unit that reaches the level on a later tick makes a new list
with only the new units. A fixed number of statements whatever the number of units or lists.
"""

from __future__ import annotations

import dataclasses
import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from workflows.models import DisciplineEntry, DisciplineList, Notification, NotificationKind
from workflows.notifications.delivery import mark_addressless


@dataclasses.dataclass(frozen=True)
class Listed:
    """One report on the kiểm điểm list of ``user`` (the head of unit ``unit_id``, or one of its staff)."""

    plan_id: int
    unit_id: int
    to_head: bool
    user: object
    report: object
    obligation: object
    cycle: str
    unit_name: str
    late_days: int
    key: str

    @property
    def group(self) -> tuple:
        return self.plan_id, self.unit_id, self.to_head, self.user.pk


def _line(item: Listed) -> str:
    what = f"{item.obligation.title} ({item.cycle})" if item.cycle else item.obligation.title
    return _("- %(unit)s: “%(what)s”, hạn %(due)s, quá hạn %(days)s ngày làm việc") % {
        "unit": item.unit_name, "what": what, "due": item.report.due_date.strftime("%d/%m/%Y"), "days": item.late_days}


def discipline_lists_create(*, listed: list[Listed], today: datetime.date) -> list[int]:
    """Write the lists, their entries and one notification per list; return the notifications' ids (to e-mail).
    ``listed`` holds only what was not listed before; a key a concurrent tick listed meanwhile is left out."""
    groups: dict[tuple, list[Listed]] = {}
    for item in listed:
        groups.setdefault(item.group, []).append(item)
    if not groups:
        return []
    lists = DisciplineList.objects.bulk_create([
        DisciplineList(plan_id=plan_id, unit_id=unit_id, to_head=to_head, user=items[0].user, day=today)
        for (plan_id, unit_id, to_head, _user), items in groups.items()])
    entries = [DisciplineEntry(discipline_list=dlist, unit_report_id=item.report.pk, due_date=item.report.due_date,
                               late_days=item.late_days, key=item.key)
               for dlist, items in zip(lists, groups.values(), strict=True) for item in items]
    DisciplineEntry.objects.bulk_create(entries, ignore_conflicts=True, batch_size=2000)
    kept = set(DisciplineEntry.objects.filter(discipline_list__in=lists).values_list("key", flat=True))
    empty = [dlist.pk for dlist, items in zip(lists, groups.values(), strict=True)
             if not any(item.key in kept for item in items)]
    if empty:  # all of its units were listed by a concurrent tick
        DisciplineList.objects.filter(pk__in=empty).delete()
    url = reverse("discipline_list", args=[987654321])
    notifications = []
    for dlist, items in zip(lists, groups.values(), strict=True):
        items = [item for item in items if item.key in kept]
        if not items:
            continue
        plan = items[0].obligation.plan.plan.symbol
        title = _("Đề nghị kiểm điểm: %(count)s đơn vị quá hạn thực hiện Kế hoạch %(plan)s") % {
            "count": len(items), "plan": plan}
        body = "\n".join([_("Danh sách đơn vị đề nghị kiểm điểm (Kế hoạch %(plan)s):") % {"plan": plan},
                          *(_line(item) for item in items)])
        notifications.append(Notification(
            user=dlist.user, kind=NotificationKind.DISCIPLINE, key=f"discipline-list:{dlist.pk}", title=title[:255],
            body=body, url=url.replace("987654321", str(dlist.pk)), discipline_list=dlist))
    return [n.pk for n in Notification.objects.bulk_create(mark_addressless(notifications), batch_size=2000)]


def discipline_list_entries(*, discipline_list: DisciplineList):
    """The list's entries as its page shows them: unit, duty (and cycle), due date, working days late, state now."""
    return (discipline_list.entries.select_related("unit_report__unit", "unit_report__obligation", "unit_report__cycle")
            .order_by("unit_report__unit__name", "pk"))


def discipline_list_for_reader(*, user, pk, on: datetime.date | None = None) -> DisciplineList:
    """The list ``pk`` if ``user`` may read it on ``on`` (``authorization.discipline_list_permission``); else
    ``DisciplineList.DoesNotExist``, the same for a list that does not exist (nobody learns which lists exist)."""
    from workflows.authorization import discipline_list_permission

    found = DisciplineList.objects.select_related("plan__plan", "unit").filter(pk=pk).first()
    if found is None or not discipline_list_permission(user=user, discipline_list=found, on=on):
        raise DisciplineList.DoesNotExist(_("Không tìm thấy danh sách hoặc bạn không có quyền xem."))
    return found
