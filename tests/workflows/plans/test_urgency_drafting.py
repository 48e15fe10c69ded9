"""The drafter sets the plan's độ khẩn on the draft screen; its Word prints it; a Word draft brings its own."""

import datetime
import io

import docx
import pytest

from documents.models import Urgency
from documents.rendering import document_docx
from documents.word.parse import parse_docx
from tests.documents import wordgen
from workflows.flows.imports import plan_from_import
from workflows.plans import drafting

D = datetime.date


def _header_left(data: bytes) -> list[str]:
    return [p.text.strip() for p in docx.Document(io.BytesIO(data)).tables[0].rows[0].cells[0].paragraphs]


def test_the_drafter_sets_the_urgency_and_the_word_prints_it(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(urgency=Urgency.FLASH)
    process.plan.refresh_from_db()
    assert process.plan.urgency == Urgency.FLASH
    left = _header_left(document_docx(document=process.plan))
    number_at = next(i for i, text in enumerate(left) if text.startswith("Số:"))
    assert left[number_at + 1] == "HỎA TỐC"


def test_the_api_says_the_plans_urgency(journey, on_day, users, client):
    with on_day(D(2025, 3, 13)):
        process = journey.draft(urgency=Urgency.FLASH)
    client.force_login(process.drafter)
    detail = client.get(f"/api/plans/{process.pk}/").json()
    assert detail["plan"]["urgency"] == "hoa_toc" and detail["submission"]["urgency"] == "thuong"


def test_a_normal_plan_prints_no_mark(journey, on_day):
    with on_day(D(2025, 3, 13)):
        process = journey.draft()
    assert process.plan.urgency == Urgency.NORMAL
    assert not {"HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"} & set(_header_left(document_docx(document=process.plan)))


@pytest.mark.parametrize("level", [Urgency.VERY_URGENT, Urgency.NORMAL])
def test_lưu_nháp_changes_the_urgency(chart, users, level):
    """A draft kept at its soạn thảo step (as "Lưu nháp" keeps it): saving it with another độ khẩn changes the plan's."""
    from orgchart.models import Unit
    from workflows.flows import runtime

    process = runtime.plan_start(user=users["cv.cchc"], division=Unit.objects.get(key="tn-snv-cchc"), submit=False,
                                 title="Kế hoạch khẩn", content={}, urgency=Urgency.FLASH)
    assert process.plan.urgency == Urgency.FLASH
    assert drafting.draft_task(process=process, user=users["cv.cchc"]) is not None
    drafting.plan_draft_save(process=process, user=users["cv.cchc"], title="Kế hoạch khẩn", content={},
                             submission_parts={}, facts={"field": None, "collective": False, "due_date": None,
                                                         "urgency": level})
    process.plan.refresh_from_db()
    assert process.plan.urgency == level


def test_a_word_draft_brings_its_mark(chart, users):
    document = docx.Document(io.BytesIO(wordgen.commune_draft_plan()))
    first_table = document.tables[0]._tbl
    mark = document.add_paragraph("THƯỢNG KHẨN")
    first_table.addprevious(mark._p)
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_docx(buffer.getvalue())
    assert parsed.to_contract()["urgency"] == "THƯỢNG KHẨN"
    process = plan_from_import(parsed=parsed, filename="xa.docx", user=users["cv.cchc"])
    process.plan.refresh_from_db()
    assert process.plan.urgency == Urgency.VERY_URGENT


def test_the_draft_screens_offer_the_urgency(chart, users, client):
    from orgchart.models import Unit
    from workflows.flows import PlanFlow, runtime

    client.force_login(users["cv.cchc"])
    response = client.get(PlanFlow.start.reverse("execute"))
    assert 'name="urgency"' in response.content.decode() and 'label="Độ khẩn"' in response.content.decode()
    field = response.context["form"]["urgency"]
    assert [str(label) for _value, label in field.field.choices] == ["Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc"]
    process = runtime.plan_start(user=users["cv.cchc"], division=Unit.objects.get(key="tn-snv-cchc"), submit=False,
                                 title="Kế hoạch thượng khẩn", content={}, urgency=Urgency.VERY_URGENT)
    task = drafting.draft_task(process=process, user=users["cv.cchc"])
    edit = client.get(task.reverse("execute"))
    assert edit.context["form"]["urgency"].value() == Urgency.VERY_URGENT  # the edit screen shows the saved level


def test_the_plan_page_shows_the_urgency(journey, on_day, client, users):
    with on_day(D(2025, 3, 13)):
        urgent = journey.draft(urgency=Urgency.FLASH)
        normal = journey.draft(title="Kế hoạch thường")
    client.force_login(users["cv.cchc"])
    assert 'class="kh-urgency kh-urgency-hoa_toc"' in client.get(urgent.get_absolute_url()).content.decode()
    assert "kh-urgency" not in client.get(normal.get_absolute_url()).content.decode()
