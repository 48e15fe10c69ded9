"""Việc của tôi: urgent documents first (Hỏa tốc, Thượng khẩn, Khẩn), with a badge; ND30's clocks marked."""

import datetime

from documents.models import Urgency
from tests.workflows.plans.test_clocks import FRI, MON, arrived
from workflows.web.my_work import my_work

D = datetime.date


def _receipts(chart, users, on_day):
    unit = chart["tn-stp"]
    return {
        "normal": arrived(on_day, FRI, unit, "Về việc thường, đến thứ Sáu", users),
        "khan": arrived(on_day, MON, unit, "Về việc khẩn", users, urgency=Urgency.URGENT),
        "flash": arrived(on_day, MON, unit, "Về việc hỏa tốc", users, urgency=Urgency.FLASH),
        "very": arrived(on_day, MON, unit, "Về việc thượng khẩn", users, urgency=Urgency.VERY_URGENT),
    }


def test_urgent_documents_come_first_then_the_overdue_ones(chart, users, on_day):
    receipts = _receipts(chart, users, on_day)
    work = my_work(user=users["vt.stp"], today=MON)
    order = {r["task"].process_id: i for i, r in enumerate(work.rows)}
    by_name = {name: order[receipt.pk] for name, receipt in receipts.items()}
    # Hỏa tốc, Thượng khẩn, Khẩn before the normal one, although the normal one is the only overdue one
    assert by_name["flash"] < by_name["very"] < by_name["khan"] < by_name["normal"]
    rows = {r["task"].process_id: r for r in work.rows}
    assert rows[receipts["flash"].pk]["level_label"] == "Hỏa tốc"
    assert rows[receipts["normal"].pk]["level_label"] == ""


def test_a_receipt_past_its_clock_is_marked_overdue(chart, users, on_day):
    receipts = _receipts(chart, users, on_day)
    rows = {r["task"].process_id: r for r in my_work(user=users["vt.stp"], today=MON).rows}
    normal = rows[receipts["normal"].pk]
    assert normal["due"] == FRI and normal["urgency"] == 0 and normal["clock_overdue"] and normal["overdue_days"] == 3
    flash = rows[receipts["flash"].pk]
    assert flash["due"] == MON and not flash["clock_overdue"]  # due today, at once
    on_friday = {r["task"].process_id: r for r in my_work(user=users["vt.stp"], today=FRI).rows}
    assert not on_friday[receipts["normal"].pk]["clock_overdue"]  # on the day it arrived it is on time
    tuesday = {r["task"].process_id: r for r in my_work(user=users["vt.stp"], today=D(2025, 3, 18)).rows}
    assert tuesday[receipts["flash"].pk]["clock_overdue"]


def test_the_page_shows_the_badge_and_the_mark(chart, users, on_day, client):
    receipts = _receipts(chart, users, on_day)
    client.force_login(users["vt.stp"])
    with on_day(MON):
        page = client.get("/").content.decode()
    assert page.count('class="kh-urgency kh-urgency-hoa_toc"') == 1 and ">Hỏa tốc</span>" in page
    assert ">Thượng khẩn</span>" in page and ">Khẩn</span>" in page
    assert page.count('class="kh-clock-overdue"') == 1 and "quá thời hạn theo Nghị định 30" in page
    assert receipts and (page.index("Về việc hỏa tốc") < page.index("Về việc thượng khẩn") < page.index("Về việc khẩn")
                         < page.index("Về việc thường"))
