"""Văn thư's intake: a received document enters the unit's sổ văn bản đến, gapless per unit per year, with its ngày đến."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from documents import services as document_services
from documents.models import Register, RegisterCounter, RegisterKind
from orgchart.models import Unit
from workflows.flows import ReceiptFlow
from workflows.models import ReceiptProcess
from workflows.plans import services

D = datetime.date


def _arrived(unit, title, users):
    """A document issued by the UBND arriving at ``unit`` (what dissemination starts for every recipient)."""
    ubnd = Unit.objects.get(key="tn-ubnd")
    document = document_services.document_create(doc_type="CV", issuer=ubnd, title=title, created_by=users["vt.ubnd"])
    ReceiptFlow.start.run(document=document, unit=unit, line=unit.name)
    return ReceiptProcess.objects.get(document=document, unit=unit)


def test_a_stranger_cannot_register_and_no_number_is_taken(chart, users):
    receipt = _arrived(chart["tn-stp"], "Về việc A", users)
    with pytest.raises(PermissionDenied):
        services.receipt_acknowledge(receipt=receipt, user=users["vt.khason"], received_on=D(2025, 9, 1))
    receipt.refresh_from_db()
    assert receipt.incoming_number is None and not RegisterCounter.objects.filter(register__kind=RegisterKind.INCOMING).exists()


def test_receipts_in_one_unit_take_1_then_2_and_another_unit_keeps_its_own_sequence(chart, users):
    first = _arrived(chart["tn-stp"], "Về việc A", users)
    second = _arrived(chart["tn-stp"], "Về việc B", users)
    elsewhere = _arrived(chart["tn-x-khason-2025"], "Về việc A", users)
    services.receipt_acknowledge(receipt=second, user=users["vt.stp"], received_on=D(2025, 9, 1))
    services.receipt_acknowledge(receipt=first, user=users["vt.stp"], received_on=D(2025, 9, 2))
    services.receipt_acknowledge(receipt=elsewhere, user=users["vt.khason"], received_on=D(2025, 9, 2))
    for receipt in (first, second, elsewhere):
        receipt.refresh_from_db()
    assert (second.incoming_number, second.received_on) == (1, D(2025, 9, 1))
    assert (first.incoming_number, first.received_on) == (2, D(2025, 9, 2))
    assert elsewhere.incoming_number == 1
    assert first.incoming_register == second.incoming_register != elsewhere.incoming_register
    assert first.incoming_register.kind == RegisterKind.INCOMING and first.incoming_register.unit.key == "tn-stp"
    # the outgoing register is untouched: the unit's documents still take their numbers from the sổ văn bản đi
    assert document_services.register_for(issuer=chart["tn-stp"], doc_type="BC").kind == RegisterKind.OUTGOING


def test_a_new_year_restarts_at_1(chart, users):
    december = _arrived(chart["tn-stp"], "Về việc A", users)
    january = _arrived(chart["tn-stp"], "Về việc B", users)
    services.receipt_acknowledge(receipt=december, user=users["vt.stp"], received_on=D(2025, 12, 31))
    services.receipt_acknowledge(receipt=january, user=users["vt.stp"], received_on=D(2026, 1, 2))
    december.refresh_from_db()
    january.refresh_from_db()
    assert (december.incoming_year, december.incoming_number) == (2025, 1)
    assert (january.incoming_year, january.incoming_number) == (2026, 1)
    assert Register.objects.filter(unit=chart["tn-stp"], kind=RegisterKind.INCOMING).count() == 1


def test_the_clerk_sees_the_document_receives_it_and_is_told_the_number(journey, on_day, client, users):
    with on_day(D(2025, 8, 1)):
        process = journey.draft(groups=["UBND các xã, phường, thị trấn"])
        journey.run_to_issue(process, on="01/08/2025")
        receipt = ReceiptProcess.objects.get(document=process.plan, unit__key="tn-x-khason-2025")
        task = receipt.task_set.get(flow_task=ReceiptFlow.acknowledge)
        journey.login("vt.khason")
        taken = client.post(task.reverse("assign"), follow=True).content.decode()
        assert "Đã nhận: 1/KH-UBND" in taken and "Đã nhận công việc ." not in taken
        screen = client.get(task.reverse("execute")).content.decode()
        # the document itself (the ND30 preview) and its downloads, before the number is given
        assert process.plan.title in screen and "KẾ HOẠCH" in screen and "Tải Word" in screen and "Tải PDF" in screen
        assert f"/documents/{process.plan.pk}/pdf/" in screen
        done = client.post(task.reverse("execute"), {"seen": "on"}, follow=True).content.decode()
        assert "Đã vào sổ văn bản đến số 1, ngày 01/08/2025: 1/KH-UBND" in done
        receipt.refresh_from_db()
        assert (receipt.incoming_number, receipt.received_on) == (1, D(2025, 8, 1))
        journey.login("cv.cchc")
        page = client.get(process.get_absolute_url()).content.decode()
    assert "số đến 1, ngày đến 01/08/2025" in page
    api = APIClient()
    api.force_authenticate(users["cv.cchc"])
    receipts = {r["unit"]: r for r in api.get(f"/api/plans/{process.pk}/").json()["receipts"]}
    assert [(r["incoming_number"], r["received_on"]) for r in receipts.values() if r["incoming_number"]] == [(1, "2025-08-01")]


@pytest.mark.django_db(transaction=True)
def test_clerks_receiving_at_the_same_instant_get_distinct_gapless_numbers(chart, users):
    """Eight receipts of one unit registered by concurrent requests (threads): 1..8, no gap, no duplicate;
    one fails midway and gives its number back. Run on PostgreSQL too (``DATABASE_URL``)."""
    import threading

    from django.db import connections, transaction

    receipts = [_arrived(chart["tn-stp"], f"Về việc {i}", users) for i in range(9)]
    doomed = receipts[-1]
    barrier = threading.Barrier(len(receipts))
    errors: list[BaseException] = []

    def receive(receipt):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                services.receipt_acknowledge(receipt=receipt, user=users["vt.stp"], received_on=D(2025, 9, 1))
                if receipt.pk == doomed.pk:
                    raise RuntimeError("lỗi giữa chừng")
        except RuntimeError:
            pass
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive, args=(r,)) for r in receipts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    numbers = sorted(ReceiptProcess.objects.filter(unit=chart["tn-stp"]).exclude(incoming_number=None)
                     .values_list("incoming_number", flat=True))
    assert numbers == list(range(1, 9))
    doomed.refresh_from_db()
    assert doomed.incoming_number is None
