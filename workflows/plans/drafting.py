"""Drafting a plan: the Tờ trình's body, and saving a draft without sending it (Lưu nháp, autosave).

The Tờ trình (ND30 Phụ lục III, mẫu 1.3 adapted by every sở) that carries a Kế hoạch to the UBND has
its own body, stored in the submission document's content (``documents.content`` schema):

- ``addressees``: Kính gửi: Ủy ban nhân dân tỉnh …;
- ``preamble``: one lead paragraph ("Sở … kính trình … dự thảo Kế hoạch …, như sau:");
- ``sections``: the four parts, numbered I–IV: the reasons (sự cần thiết), the legal grounds
  (căn cứ), what the plan contains (nội dung chính) and the proposal (kiến nghị, đề xuất);
- ``closing``: "Trên đây là Tờ trình … kính trình … xem xét, quyết định./.".

A part the drafter leaves blank is written from the plan (its title, its căn cứ, its sections), so a
Tờ trình is never empty; a part left at its generated text follows the plan when the plan changes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.word.citations import is_base_paragraph
from workflows import flowrefs
from workflows.models import PlanProcess

#: The four parts of a Tờ trình's body: (key, number, heading); ``{kind}``: KẾ HOẠCH, or BÁO CÁO for a Báo cáo tổng hợp.
SUBMISSION_PARTS = (
    ("reasons", "I", "SỰ CẦN THIẾT BAN HÀNH {kind}"),
    ("grounds", "II", "CĂN CỨ XÂY DỰNG {kind}"),
    ("summary", "III", "NỘI DUNG CHÍNH CỦA {kind}"),
    ("proposal", "IV", "KIẾN NGHỊ, ĐỀ XUẤT"),
)
PART_KEYS = tuple(key for key, _number, _heading in SUBMISSION_PARTS)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _plan_name(title: str) -> str:
    title = (title or "").strip().rstrip(".")
    return title[:1].lower() + title[1:] if title[:2] != title[:2].upper() else title


def submission_parts_default(*, plan_title: str, plan_content: dict, department, province,
                             kind: str = "Kế hoạch") -> dict[str, str]:
    """The text of each part, written from the plan: what a Tờ trình says when the drafter adds nothing."""
    department_name = str(department)
    province_name = province.name if province is not None else _("Ủy ban nhân dân tỉnh")
    plan = _plan_name(plan_title)
    bases = [(b.get("text") or "").strip().rstrip(";.") for b in plan_content.get("legal_bases") or []]
    bases = [text if is_base_paragraph(text) else f"Căn cứ {text}" for text in bases if text]
    grounds = [f"{text};" for text in bases] or [_("Căn cứ chức năng, nhiệm vụ, quyền hạn của %(department)s;")
                                                 % {"department": department_name}]
    grounds[-1] = grounds[-1].rstrip(";") + "."
    headings = [" ".join(x for x in [f"{s.get('number')}." if s.get("number") else "", s.get("title") or ""] if x)
                for s in plan_content.get("sections") or []]
    summary = [_("Dự thảo %(kind)s gồm các nội dung chính sau:") % {"kind": kind}] + [f"- {h};" for h in headings if h]
    tasks = [t for t in plan_content.get("tasks") or [] if (t.get("lead") or t.get("deadline_text"))]
    if tasks:
        summary.append(_("- Phụ lục phân công %(n)s nhiệm vụ cụ thể, có cơ quan chủ trì và thời hạn hoàn thành;") % {"n": len(tasks)})
    if len(summary) > 1:
        summary[-1] = summary[-1].rstrip(";") + "."
    return {
        "reasons": _("Để triển khai kịp thời, thống nhất và hiệu quả các nhiệm vụ được giao, cụ thể hóa các văn bản "
                     "chỉ đạo của cấp trên, phân công rõ trách nhiệm của các cơ quan, đơn vị, địa phương, việc ban hành "
                     "%(kind)s %(plan)s là cần thiết.") % {"kind": kind, "plan": plan},
        "grounds": "\n".join(grounds),
        "summary": "\n".join(summary),
        "proposal": _("%(department)s kính trình %(province)s xem xét, ban hành %(kind)s %(plan)s (có dự thảo %(kind)s "
                      "kèm theo).") % {"department": department_name, "province": province_name, "plan": plan, "kind": kind},
    }


def submission_content(*, parts: dict[str, str], plan_title: str, plan_content: dict, department, province,
                       recipients: list[dict] | None = None, kind: str = "Kế hoạch") -> dict:
    """The submission's content: the parts typed, each blank one written from the plan (ND30 Tờ trình layout)."""
    defaults = submission_parts_default(plan_title=plan_title, plan_content=plan_content, department=department,
                                        province=province, kind=kind)
    province_name = province.name if province is not None else _("Ủy ban nhân dân tỉnh")
    plan = _plan_name(plan_title)
    sections = []
    for key, number, heading in SUBMISSION_PARTS:
        typed = _lines(parts.get(key) or "")
        sections.append({"number": number, "title": heading.format(kind=kind.upper()), "paragraphs": typed or _lines(defaults[key]), "children": [],
                         "inline": False, "part": key, "generated": not typed})
    return {
        "addressees": [province_name],
        "preamble": [_("%(department)s kính trình %(province)s dự thảo %(kind)s %(plan)s, như sau:")
                     % {"department": department, "province": province_name, "plan": plan, "kind": kind}],
        "sections": sections,
        "closing": _("Trên đây là Tờ trình về việc ban hành %(kind)s %(plan)s, %(department)s kính trình %(province)s "
                     "xem xét, quyết định./.") % {"plan": plan, "department": department, "province": province_name,
                                                  "kind": kind},
        "recipients": recipients or [],
    }


def submission_title_default(*, plan_title: str) -> str:
    """The Tờ trình's trích yếu when the drafter types none: it follows the plan's."""
    return _("Về việc ban hành Kế hoạch %(title)s") % {"title": plan_title.strip()}


def submission_parts_typed(*, content: dict) -> dict[str, str]:
    """What the drafter typed in each part (a part still at its generated text shows blank: it follows the plan)."""
    typed = dict.fromkeys(PART_KEYS, "")
    for section in content.get("sections") or []:
        key = section.get("part")
        if key in typed and not section.get("generated"):
            typed[key] = "\n".join(section.get("paragraphs") or [])
    return typed


def process_submission_content(*, process: PlanProcess, parts: dict[str, str], plan_title: str, plan_content: dict) -> dict:
    """:func:`submission_content` for a plan process, keeping the Tờ trình's Nơi nhận."""
    old = process.submission.content or {} if process.submission_id else {}
    recipients = old.get("recipients") or [{"text": "Như trên", "archive": False},
                                           {"text": "Lưu: VT, " + process.division.code, "archive": True}]
    kind = _("Báo cáo") if process.plan_id and process.plan.doc_type == "BC" else _("Kế hoạch")
    return {**old, **submission_content(parts=parts, plan_title=plan_title, plan_content=plan_content,
                                        department=process.department, province=process.province,
                                        recipients=recipients, kind=kind)}


def submission_body_initialise(*, process: PlanProcess, parts: dict[str, str] | None = None) -> None:
    """Give a Tờ trình created in this transaction its body, written from its plan (or report) and ``parts``.

    Its first version is completed in place rather than followed by a second one: both were written
    by the same request, and the history should not show an empty Tờ trình that nobody saw.
    """
    submission, plan = process.submission, process.plan
    submission.content = process_submission_content(process=process, parts=parts or {}, plan_title=plan.title,
                                                     plan_content=plan.content)
    submission.save(update_fields=["content"])
    submission.versions.filter(number=submission.version).update(content=submission.content)


def draft_task(*, process: PlanProcess, user):
    """The open drafting step of ``process`` assigned to ``user`` (soạn thảo or chỉnh sửa), or None."""
    from viewflow.workflow.status import STATUS

    return (process.task_set.filter(status__in=[STATUS.ASSIGNED, STATUS.STARTED], owner=user,
                                    flow_task__in=_draft_task_refs()).order_by("-created").first())


def _draft_task_refs() -> list[str]:
    return [flowrefs.step(flowrefs.PLAN, "edit"), flowrefs.step(flowrefs.PLAN, "revise")]


@transaction.atomic
def plan_draft_save(*, process: PlanProcess, user, title: str, content: dict, submission_parts: dict[str, str],
                    submission_title: str = "", facts: dict | None = None, autosave: bool = False,
                    comment: str = "") -> None:
    """Save the plan and its Tờ trình while the drafter still holds the draft (Lưu nháp, autosave).

    Only the drafter, and only while a drafting step (soạn thảo, chỉnh sửa) is open and theirs; the
    plan's and the Tờ trình's versions are kept (an autosave replaces the drafter's previous autosave).
    ``facts``: Lĩnh vực, trình tập thể, hạn trình and the plan's độ khẩn, set on the soạn thảo step only.
    """
    process = PlanProcess.objects.select_for_update().get(pk=process.pk)
    if user.pk != process.drafter_id:
        raise PermissionDenied(_("Chỉ người soạn thảo được sửa dự thảo."))
    if draft_task(process=process, user=user) is None:
        raise PermissionDenied(_("Dự thảo đã được trình, không còn ở bước soạn thảo của bạn."))
    if not (title or "").strip():
        raise ValidationError({"title": _("Cần nhập trích yếu của kế hoạch.")})
    submission = process_submission_content(process=process, parts=submission_parts, plan_title=title, plan_content=content)
    submission_title = (submission_title or "").strip() or submission_title_default(plan_title=title)
    save = document_services.document_autosave if autosave else document_services.document_save_draft
    kwargs = {} if autosave else {"comment": comment or _("Lưu nháp")}
    save(document=process.plan, title=title, content=content, author=user, **kwargs)
    if submission_editable(process=process):
        save(document=process.submission, title=submission_title, content=submission, author=user, **kwargs)
    if facts is not None:  # the soạn thảo step also sets Lĩnh vực (who signs), trình tập thể and hạn trình
        process.field, process.collective, process.due_date = facts.get("field"), bool(facts.get("collective")), facts.get("due_date")
        process.save(update_fields=["field", "collective", "due_date"])
        if "default_cycle" in facts:  # the cycles of its recurring duties ("Thường xuyên", and until when)
            process.default_cycle, process.cycles_until = facts.get("default_cycle") or "half_year", facts.get("cycles_until")
            process.save(update_fields=["default_cycle", "cycles_until"])
        if "urgency" in facts and (facts.get("urgency") or "") != process.plan.urgency:  # độ khẩn, set by the drafter
            process.plan.urgency = facts.get("urgency") or ""
            process.plan.full_clean(validate_unique=False, validate_constraints=False)
            process.plan.save(update_fields=["urgency"])


def submission_editable(*, process: PlanProcess) -> bool:
    """The Tờ trình changes with its plan until the giám đốc sở signs it (it is then numbered and frozen)."""
    return not process.submission.is_issued


@transaction.atomic
def submission_revise(*, process: PlanProcess, user, parts: dict[str, str], comment: str = "") -> None:
    """The Tờ trình follows a revised plan: the parts the drafter typed, the others written again from the plan."""
    if user.pk != process.drafter_id:
        raise PermissionDenied(_("Chỉ người soạn thảo được sửa dự thảo."))
    if not submission_editable(process=process):
        return
    plan = process.plan
    plan.refresh_from_db()  # the revision was saved through another instance
    content = process_submission_content(process=process, parts=parts, plan_title=plan.title, plan_content=plan.content)
    if content != process.submission.content:
        document_services.document_save_draft(document=process.submission, content=content, author=user, comment=comment)
