"""The demo holds one urgent document: the communes' 2026 plan, Hỏa tốc, waiting first at vt.khason."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from documents.models import Urgency
from workflows.models import ReceiptProcess
from workflows.web.my_work import my_work


@pytest.mark.django_db
def test_the_demo_has_a_hoa_toc_document_waiting_first_at_a_van_thu():
    from django.core.management import call_command

    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    waiting = ReceiptProcess.objects.filter(document__urgency=Urgency.FLASH, unit__key="tn-x-khason-2025",
                                            acknowledged_at__isnull=True)
    assert waiting.count() == 1
    clerk = get_user_model().objects.get(username="vt.khason")
    rows = my_work(user=clerk, today=datetime.date(2026, 12, 2)).rows
    assert rows[0]["task"].process_id == waiting.get().pk and rows[0]["level_label"] == "Hỏa tốc"
