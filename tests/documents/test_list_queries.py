"""The Văn bản list reads a page in a fixed number of queries, however many rows it shows (no query per row:
the rows come through documents_visible_to and are not checked again one by one)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents.models import DocType, Document


def _issue(unit, count, start):
    for number in range(start, start + count):
        Document.objects.create(doc_type=DocType.PLAN, issuer=unit, title=f"Kế hoạch công tác số {number}", status="issued",
                                number=number, year=2025, symbol=f"{number}/KH-STP", issued_on=datetime.date(2025, 3, 1))


def _queries(client, **params) -> tuple[int, str]:
    client.get("/documents/document/", params)  # warm: the session, the site's menus
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/documents/document/", params)
    assert page.status_code == 200
    return len(ctx), page.content.decode()


def test_the_list_takes_the_same_queries_for_two_rows_or_twelve(chart, users, client):
    client.force_login(users["vt.stp"])
    _issue(chart["tn-stp"], 2, 1)
    few, page = _queries(client)
    assert "2/KH-STP" in page
    _issue(chart["tn-stp"], 10, 3)
    many, page = _queries(client)
    assert "12/KH-STP" in page
    assert many == few
    searched, page = _queries(client, _search="12")
    assert "12/KH-STP" in page and searched <= few + 1


def test_a_row_of_another_unit_is_not_listed(chart, users, client):
    _issue(chart["tn-stp"], 1, 1)
    client.force_login(users["vt.khason"])
    _count, page = _queries(client)
    assert "1/KH-STP" not in page
