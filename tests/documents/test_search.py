"""The Văn bản list's search box: by number/symbol, or by words of the trích yếu, with or without diacritics.

Runs on the configured database: SQLite by default (kh_unaccent + icontains), PostgreSQL full-text
search with unaccent when DATABASE_URL is PostgreSQL.
"""

import datetime

import pytest
from django.db import connection

from documents.models import DocType, Document
from documents.search import document_search, normalize
from tests import factories

TITLES = {
    "cchc": "Kế hoạch cải cách hành chính năm 2025",
    "daotao": "Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức",
    "chuyendoiso": "Báo cáo kết quả chuyển đổi số quý III",
    "phongchay": "Tờ trình về phòng cháy, chữa cháy mùa khô",
}


@pytest.fixture
def documents(db):
    issuer = factories.unit(code="UBND", name="Ủy ban nhân dân tỉnh Thử")
    made = {}
    for number, (key, title) in enumerate(TITLES.items(), start=70):
        made[key] = Document.objects.create(doc_type=DocType.PLAN, issuer=issuer, title=title, status="issued",
                                            number=number, year=2025, symbol=f"{number}/KH-UBND",
                                            issued_on=datetime.date(2025, 3, number - 60))
    return made


def found(term):
    return {d.pk for d in document_search(queryset=Document.objects.all(), term=term)}


@pytest.mark.parametrize("term, expected", [
    ("cải cách hành chính", {"cchc"}),
    ("cai cach hanh chinh", {"cchc"}),
    ("CAI CÁCH", {"cchc"}),
    ("đào tạo", {"daotao"}),
    ("dao tao", {"daotao"}),
    ("chuyen doi so", {"chuyendoiso"}),
    ("chuyển đổi", {"chuyendoiso"}),
    ("kế hoạch", {"cchc", "daotao"}),
    ("ke hoach", {"cchc", "daotao"}),
    ("phong chay chua chay", {"phongchay"}),
    ("chuyen doi s", {"chuyendoiso"}),  # the last word is still being typed: a prefix
    ("hành chính tiền tệ", set()),  # every word must be there
])
def test_words_of_the_trich_yeu_with_or_without_diacritics(documents, term, expected):
    assert found(term) == {documents[k].pk for k in expected}


@pytest.mark.parametrize("term, expected", [
    ("71/KH-UBND", {"daotao"}),
    ("71/kh-ubnd", {"daotao"}),
    ("72", {"chuyendoiso"}),
    ("73/KH", {"phongchay"}),
])
def test_by_number_or_symbol(documents, term, expected):
    assert found(term) == {documents[k].pk for k in expected}


def test_operators_in_the_term_are_words_not_syntax(documents):
    assert found("cải & | ! ( cách") == {documents["cchc"].pk}
    assert found("'&:*") == set()


def test_normalize_drops_vietnamese_diacritics_and_d_bar():
    assert normalize("Đổi mới, ĐÀO TẠO, Ứng dụng") == "doi moi, dao tao, ung dung"


def test_the_documents_list_search_box_uses_it(documents, client):
    admin = factories.user("admin.search", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get("/documents/document/", {"_search": "dao tao boi duong"}).content.decode()
    assert "71/KH-UBND" in page and "70/KH-UBND" not in page and "72/KH-UBND" not in page


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only: the GIN index")
def test_postgresql_search_reads_the_gin_index(documents):
    queryset = document_search(queryset=Document.objects.all(), term="cai cach hanh chinh")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "documents_document_title_fts" in plan, plan
