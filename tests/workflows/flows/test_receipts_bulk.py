"""Dissemination writes every unit's văn bản đến set-wise (``fanout.receipts_open``): the same rows, link and
notification as ``ReceiptFlow.start.run()`` writes for one unit, in a number of statements that does not grow
with the number of recipients."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import PROCESS, STATUS

from documents import services as document_services
from orgchart.models import Unit
from workflows.flows import ReceiptFlow, fanout
from workflows.models import Notification, ReceiptProcess


def _issued(users, title):
    return document_services.document_create(doc_type="CV", issuer=Unit.objects.get(key="tn-ubnd"), title=title,
                                             created_by=users["vt.ubnd"])


def _shape(receipt):
    """What a receipt's rows say, without their ids."""
    tasks = sorted(receipt.task_set.all(), key=lambda t: t.flow_task_type)
    human = next(t for t in tasks if t.flow_task_type == "HUMAN")
    notes = Notification.objects.filter(key__startswith=f"task:{human.pk}:")
    return {
        "process": (receipt.flow_class, receipt.status, receipt.data, receipt.line),
        "tasks": [(t.flow_task, t.flow_task_type, t.status, t.token, t.owner_id, t.owner_permission,
                   t.owner_permission_content_type_id, t.owner_permission_obj_pk == str(receipt.unit_id), t.data)
                  for t in tasks],
        "previous": [p.flow_task for p in human.previous.all()],
        "notified": sorted((n.user_id, n.kind, n.title, n.body, n.url == human.reverse("index")) for n in notes),
    }


def test_bulk_receipts_write_what_the_flow_start_writes(chart, users):
    stp, khason = chart["tn-stp"], chart["tn-x-khason-2025"]
    one_by_one = _issued(users, "Về việc A")
    ReceiptFlow.start.run(document=one_by_one, unit=stp, line="Sở Tư pháp")
    ReceiptFlow.start.run(document=one_by_one, unit=khason, line="UBND các xã")
    in_bulk = _issued(users, "Về việc A")
    assert fanout.receipts_open(document=in_bulk, recipients=[(stp, "Sở Tư pháp"), (khason, "UBND các xã")]) == 2

    for unit in (stp, khason):
        reference = ReceiptProcess.objects.get(document=one_by_one, unit=unit)
        bulk = ReceiptProcess.objects.get(document=in_bulk, unit=unit)
        expected, got = _shape(reference), _shape(bulk)
        assert got == expected
        assert got["process"][1] == PROCESS.NEW and [t[2] for t in got["tasks"]] == [STATUS.NEW, STATUS.DONE]
        assert got["notified"], "the unit's văn thư is told the document arrived"


def test_bulk_receipts_take_the_same_statements_for_two_or_many_units(chart, users):
    from django.conf import settings

    from orgchart.models import UnitKind
    from workflows.bench.data import bulk_people, bulk_units

    unit_ids = bulk_units(count=30, prefix="rcpt", parent=chart["tn-ubnd"], kind=UnitKind.COMMUNE)
    bulk_people(unit_ids=unit_ids, prefix="rcpt", password=settings.DEMO_PASSWORD)  # each with its văn thư
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("pk"))
    counts = []
    for title, part in (("Về việc A", units[:2]), ("Về việc B", units[2:])):
        document = _issued(users, title)
        with CaptureQueriesContext(connection) as queries:
            fanout.receipts_open(document=document, recipients=[(u, u.name) for u in part])
        counts.append(len(queries))
        assert ReceiptProcess.objects.filter(document=document).count() == len(part)
        assert Notification.objects.filter(kind="document_arrived", title__contains=document.title,
                                           user__username__startswith="rcpt.vt.").count() == len(part)
    assert counts[0] == counts[1]
