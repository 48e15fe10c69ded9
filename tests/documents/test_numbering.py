"""Number registers: gapless, no duplicates, per year, also under concurrency; a failure takes no number."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from documents import services
from documents.models import Document, DocumentStatus, DocumentVersion, RegisterCounter
from orgchart.models import UnitKind
from tests import factories

D = datetime.date


@pytest.fixture
def ubnd(db):
    return factories.unit(code="UBND", kind=UnitKind.PROVINCE, name="Ủy ban nhân dân tỉnh Thái Nguyên")


def _draft(issuer, title="Kế hoạch thử", doc_type="KH", **kw):
    return services.document_create(doc_type=doc_type, issuer=issuer, title=title, content={"sections": []}, **kw)


def test_symbol_formats():
    assert services.symbol_format(number=72, doc_type="KH", issuer_code="UBND") == "72/KH-UBND"
    assert services.symbol_format(number=174, doc_type="TTr", issuer_code="SNV") == "174/TTr-SNV"
    assert services.symbol_format(number=376, doc_type="CV", issuer_code="BNV", division_code="CCHC") == "376/BNV-CCHC"
    assert services.symbol_format(number=None, doc_type="KH", issuer_code="UBND") == "/KH-UBND"


def test_issue_numbers_run_from_one_per_year_and_freeze_content(ubnd):
    clerk = factories.user()
    first = services.document_issue(document=_draft(ubnd), clerk=clerk, issued_on=D(2025, 3, 16))
    second = services.document_issue(document=_draft(ubnd), clerk=clerk, issued_on=D(2025, 3, 17))
    next_year = services.document_issue(document=_draft(ubnd), clerk=clerk, issued_on=D(2026, 1, 2))
    assert (first.number, second.number, next_year.number) == (1, 2, 1)
    assert first.symbol == "1/KH-UBND" and next_year.symbol == "1/KH-UBND" and next_year.year == 2026
    assert first.status == DocumentStatus.ISSUED
    assert first.snapshot["symbol"] == "1/KH-UBND" and first.snapshot["date"] == "2025-03-16"
    assert len(first.snapshot_sha256) == 64 and services.document_verify_snapshot(document=first)
    with pytest.raises(ValidationError, match="đã ban hành"):
        services.document_save_draft(document=first, title="Sửa sau ban hành")
    with pytest.raises(ValidationError, match="đã được cấp số"):
        services.document_issue(document=first, clerk=clerk)


def test_tampered_snapshot_is_detected(ubnd):
    doc = services.document_issue(document=_draft(ubnd), clerk=factories.user(), issued_on=D(2025, 3, 16))
    Document.objects.filter(pk=doc.pk).update(snapshot={**doc.snapshot, "title": "khác"})
    doc.refresh_from_db()
    assert not services.document_verify_snapshot(document=doc)


def test_failed_issue_takes_no_number(ubnd, monkeypatch):
    clerk = factories.user()
    doc = _draft(ubnd)
    original = Document.full_clean

    def explode(self, *a, **kw):
        if self.number is not None:
            raise RuntimeError("máy in hỏng")
        return original(self, *a, **kw)

    monkeypatch.setattr(Document, "full_clean", explode)
    with pytest.raises(RuntimeError):
        services.document_issue(document=doc, clerk=clerk, issued_on=D(2025, 5, 1))
    monkeypatch.setattr(Document, "full_clean", original)
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT and doc.number is None
    assert not RegisterCounter.objects.filter(last_number__gt=0).exists()
    issued = services.document_issue(document=doc, clerk=clerk, issued_on=D(2025, 5, 1))
    assert issued.number == 1


def test_unit_without_register_gets_clear_error(db):
    issuer = factories.unit(code="SNV", kind=UnitKind.DEPARTMENT, register=False)
    doc = _draft(issuer, doc_type="TTr")
    with pytest.raises(ValidationError, match="chưa có sổ văn bản đi"):
        services.document_issue(document=doc, clerk=factories.user(), issued_on=D(2025, 3, 13))
    doc.refresh_from_db()
    assert doc.status == DocumentStatus.DRAFT


def test_drafts_keep_every_version(ubnd):
    author = factories.user()
    doc = _draft(ubnd, created_by=author)
    services.document_save_draft(document=doc, title="Bản 2", content={"sections": [{"number": "I"}]}, author=author,
                                 comment="sửa")
    services.document_save_draft(document=doc, title="Bản 3", author=author)
    versions = list(DocumentVersion.objects.filter(document=doc).values_list("number", "title"))
    assert versions == [(1, "Kế hoạch thử"), (2, "Bản 2"), (3, "Bản 3")]


def test_unknown_doc_type_is_refused(ubnd):
    with pytest.raises(ValidationError, match="Loại văn bản không hợp lệ"):
        _draft(ubnd, doc_type="XX")
    assert not Document.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fifty_clerks_issue_at_once_without_gap_or_duplicate():
    """50 threads issue at the same instant; one of them fails midway and must take no number."""
    issuer = factories.unit(code="UBND", kind=UnitKind.PROVINCE)
    clerk = factories.user()
    docs = [_draft(issuer, title=f"Kế hoạch {i}") for i in range(51)]
    doomed = docs[-1]
    barrier = threading.Barrier(len(docs))
    errors: list[BaseException] = []

    def issue(doc):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                services.document_issue(document=doc, clerk=clerk, issued_on=D(2025, 6, 1))
                if doc.pk == doomed.pk:
                    raise RuntimeError("lỗi giữa chừng")
        except RuntimeError:
            pass
        except Exception as exc:  # a lost race would show here: no retry hides it
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    numbers = sorted(Document.objects.filter(status=DocumentStatus.ISSUED).values_list("number", flat=True))
    assert numbers == list(range(1, 51)), f"{connection.vendor}: {numbers}"
    doomed.refresh_from_db()
    assert doomed.status == DocumentStatus.DRAFT and doomed.number is None
    assert RegisterCounter.objects.get().last_number == 50
