"""Forms of the plan process. They collect input; the services decide."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import plaintext
from documents.content import empty_annex
from documents.models import Urgency
from documents.uploads import label_with_limit
from orgchart import selectors as org
from orgchart.models import Field, RecipientGroup, Unit
from workflows.models import Decision, PlanProcess

DEFAULT_RECIPIENTS = "Các sở, ban, ngành\nLưu: VT"


class PlanContentForm(forms.Form):
    """The parts of a plan a drafter writes (Kế hoạch + Tờ trình)."""

    title = forms.CharField(label=_("Trích yếu kế hoạch"), max_length=500, widget=forms.TextInput)
    legal_bases = forms.CharField(label=_("Căn cứ (mỗi dòng một căn cứ)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    body = forms.CharField(
        label=_("Nội dung (I. … mở mục lớn, 1. … mở mục nhỏ, các dòng khác là đoạn văn)"),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    tasks = forms.CharField(
        label=_("Phụ lục nhiệm vụ (mỗi dòng: STT | nội dung | chủ trì | phối hợp | thời gian)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outline = forms.CharField(
        label=_("Đề cương báo cáo gửi kèm (I. … mở mục, các dòng khác là hướng dẫn; để trống nếu không có)"),
        required=False, widget=forms.Textarea(attrs={"rows": 4}))
    indicator_periods = forms.CharField(
        label=_("Bảng tổng hợp: các kỳ số liệu, cách nhau bởi dấu ; (ví dụ: Năm 2024; Năm 2025 (tính đến 31/3))"),
        required=False)
    indicators = forms.CharField(
        label=_("Bảng tổng hợp: mỗi dòng một chỉ tiêu “STT | chỉ tiêu | đơn vị tính” — đơn vị % với hai chỉ tiêu con là "
                "tỷ lệ tính tự động; đơn vị kiểu “Có = 1; Không = 0” là chỉ tiêu mã hóa"),
        required=False, widget=forms.Textarea(attrs={"rows": 6}))
    recipient_groups = forms.ModelMultipleChoiceField(
        label=_("Nơi nhận theo nhóm"), queryset=RecipientGroup.objects.all(), required=False
    )
    recipients = forms.CharField(label=_("Nơi nhận khác (mỗi dòng một nơi nhận, dòng cuối Lưu: VT, …)"),
                                 required=False, widget=forms.Textarea(attrs={"rows": 4}), initial=DEFAULT_RECIPIENTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only the groups that name someone today (no "UBND các huyện" after the districts ended)
        self.fields["recipient_groups"].queryset = org.recipient_groups_on(on=timezone.localdate())

    def content(self) -> dict:
        data = self.cleaned_data
        group_lines = [{"text": g.name, "archive": False} for g in data.get("recipient_groups") or []]
        recipients = group_lines + plaintext.recipients_from_text(data.get("recipients", ""))
        recipients.sort(key=lambda r: r["archive"])  # "Lưu" last
        return {
            "legal_bases": plaintext.legal_bases_from_text(data.get("legal_bases", "")),
            "sections": plaintext.sections_from_text(data["body"]),
            "tasks": plaintext.tasks_from_text(data.get("tasks", "")),
            "recipients": recipients,
            "annexes": self._annexes(),
        }

    def _annexes(self) -> list[dict]:
        data, annexes = self.cleaned_data, []
        if (data.get("outline") or "").strip():
            annexes.append({**empty_annex("outline"), "heading": "ĐỀ CƯƠNG BÁO CÁO",
                            "sections": plaintext.sections_from_text(data["outline"])})
        if data.get("indicator_rows"):
            periods = data["indicator_period_list"]
            annexes.append({**empty_annex("indicators"), "heading": "BẢNG TỔNG HỢP", "periods": periods,
                            "rows": [{**row, "values": [None] * len(periods), "note": None} for row in data["indicator_rows"]]})
        return annexes

    def clean_indicators(self):
        """Rows "STT | chỉ tiêu | đơn vị tính"; each wrong line is named."""
        text = self.cleaned_data.get("indicators") or ""
        rows, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) < 2 or len(parts) > 3 or not parts[1]:
                errors.append(_("Dòng %(n)s của bảng tổng hợp cần dạng “STT | chỉ tiêu | đơn vị tính”: %(line)s")
                              % {"n": number, "line": line.strip()})
                continue
            rows.append({"stt": parts[0], "label": parts[1], "unit": parts[2] if len(parts) == 3 else ""})
        if errors:
            raise forms.ValidationError(errors)
        if rows:
            from documents.indicators import classify

            stts = [r.stt for r in classify(rows)]
            duplicates = sorted({s for s in stts if stts.count(s) > 1})
            if duplicates:
                raise forms.ValidationError(_("Số thứ tự bị trùng trong bảng tổng hợp: %(stt)s.") % {"stt": ", ".join(duplicates)})
        self.cleaned_data["indicator_rows"] = rows
        return text

    def clean(self):
        data = super().clean()
        periods = [p.strip() for p in (data.get("indicator_periods") or "").split(";") if p.strip()]
        data["indicator_period_list"] = periods
        if data.get("indicator_rows") and not periods:
            self.add_error("indicator_periods", _("Bảng tổng hợp cần ít nhất một kỳ số liệu."))
        if not self.errors and not data.get("recipient_groups") and not plaintext.recipients_from_text(data.get("recipients", "")):
            raise forms.ValidationError(_("Cần ít nhất một nơi nhận."))
        return data

    @staticmethod
    def initial_from(title: str, content: dict) -> dict:
        return {
            "title": title,
            "legal_bases": plaintext.legal_bases_to_text(content.get("legal_bases")),
            "body": plaintext.sections_to_text(content.get("sections")),
            "tasks": plaintext.tasks_to_text(content.get("tasks")),
            "recipients": plaintext.recipients_to_text(content.get("recipients")),
            **_annexes_to_initial(content.get("annexes") or []),
        }


def _annexes_to_initial(annexes: list[dict]) -> dict:
    initial = {}
    for annex in annexes:
        if annex.get("kind") == "outline":
            initial["outline"] = plaintext.sections_to_text(annex.get("sections"))
        elif annex.get("kind") == "indicators" and "indicators" not in initial:
            initial["indicator_periods"] = "; ".join(annex.get("periods") or [])
            initial["indicators"] = "\n".join(" | ".join([r.get("stt") or "", r.get("label") or "", r.get("unit") or ""])
                                              for r in annex.get("rows") or [])
    return initial


def annexes_merge(old: list[dict], typed: list[dict]) -> list[dict]:
    """A revision replaces the outline and the first indicator table it shows; other annexes stay as they were."""
    kinds = {a["kind"] for a in typed}
    kept, replaced = [], set()
    for annex in old or []:
        kind = annex.get("kind")
        if kind in ("outline", "indicators") and kind not in replaced:
            replaced.add(kind)
            kept.extend(a for a in typed if a["kind"] == kind)
            continue
        kept.append(annex)
    kept.extend(a for a in typed if a["kind"] not in replaced and a["kind"] in kinds)
    return kept


class SubmissionBodyForm(forms.Form):
    """The Tờ trình's body, edited beside the plan: one box per part; a blank part is written from the plan."""

    submission_reasons = forms.CharField(label=_("Tờ trình — I. Sự cần thiết ban hành kế hoạch"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 3}))
    submission_grounds = forms.CharField(label=_("Tờ trình — II. Căn cứ xây dựng kế hoạch (mỗi dòng một căn cứ)"),
                                         required=False, widget=forms.Textarea(attrs={"rows": 3}))
    submission_summary = forms.CharField(label=_("Tờ trình — III. Nội dung chính của kế hoạch"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 4}))
    submission_proposal = forms.CharField(label=_("Tờ trình — IV. Kiến nghị, đề xuất"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 2}))

    SUBMISSION_FIELDS: ClassVar[dict[str, str]] = {"reasons": "submission_reasons", "grounds": "submission_grounds",
                         "summary": "submission_summary", "proposal": "submission_proposal"}

    def __init__(self, *args, submission_defaults: dict | None = None, with_submission: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_submission:  # the Tờ trình is signed and numbered: its body no longer changes
            for name in self.SUBMISSION_FIELDS.values():
                del self.fields[name]
            return
        for key, name in self.SUBMISSION_FIELDS.items():
            self.fields[name].help_text = _("Để trống: viết tự động từ kế hoạch (trích yếu, căn cứ, các mục).")
            if submission_defaults and submission_defaults.get(key):
                self.fields[name].widget.attrs["placeholder"] = submission_defaults[key]

    def submission_parts(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(name) or "" for key, name in self.SUBMISSION_FIELDS.items()}

    @classmethod
    def submission_initial(cls, parts: dict[str, str]) -> dict:
        return {name: parts.get(key, "") for key, name in cls.SUBMISSION_FIELDS.items()}


class PlanEditForm(SubmissionBodyForm, PlanContentForm):
    """The soạn thảo step: the plan, its Tờ trình and who signs it (Lĩnh vực)."""

    field = forms.ModelChoiceField(label=_("Lĩnh vực (quyết định người ký)"), queryset=Field.objects.all(), required=False)
    collective = forms.BooleanField(label=_("Trình tập thể UBND (Chủ tịch ký)"), required=False)
    due_date = forms.DateField(label=_("Hạn trình"), required=False)
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, required=False, initial=Urgency.NORMAL,
                                help_text=_("In dưới số, ký hiệu; văn bản khẩn được xử lý trước."))
    default_cycle = forms.ChoiceField(
        label=_("Chu kỳ báo cáo của nhiệm vụ \"Thường xuyên\""), required=False, initial="half_year",
        choices=PlanProcess._meta.get_field("default_cycle").choices)
    cycles_until = forms.DateField(
        label=_("Các kỳ báo cáo định kỳ đến ngày"), required=False,
        help_text=_("Để trống: đến hết năm cuối của kế hoạch (giai đoạn ghi trong trích yếu, hoặc năm ban hành)."))
    submission_title = forms.CharField(label=_("Trích yếu tờ trình (để trống: Về việc ban hành Kế hoạch …)"), required=False)
    attachment = forms.FileField(label=label_with_limit(_("Tệp đính kèm"), "KEHOACH_ATTACHMENT_MAX_BYTES"), required=False)

    field_order = ["division", "title", "field", "collective", "due_date", "urgency", "default_cycle", "cycles_until", "legal_bases", "body", "tasks",
                   "outline", "indicator_periods", "indicators", "recipient_groups", "recipients", "submission_title",
                   "submission_reasons", "submission_grounds", "submission_summary", "submission_proposal", "attachment"]

    def facts(self) -> dict:
        data = self.cleaned_data
        return {"field": data.get("field"), "collective": data.get("collective", False), "due_date": data.get("due_date"),
                "urgency": data.get("urgency") or "", "default_cycle": data.get("default_cycle") or "half_year",
                "cycles_until": data.get("cycles_until")}


class PlanDraftForm(PlanEditForm):
    division = forms.ModelChoiceField(label=_("Đơn vị soạn thảo"), queryset=None)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)

        units = org.user_units(user=user, on=timezone.localdate()) if user else []
        self.fields["division"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["division"].initial = units[0]
        self.order_fields(self.field_order)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Ý kiến xử lý"), choices=[], widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Ý kiến (bắt buộc khi trả lại)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = choices or [(Decision.APPROVE, Decision.APPROVE.label), (Decision.RETURN, Decision.RETURN.label)]
        self.fields["decision"].initial = Decision.APPROVE

    def clean(self):
        data = super().clean()
        if data.get("decision") and data["decision"] != Decision.APPROVE and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Trả lại cần ghi rõ lý do."))
        return data


class ReviseForm(SubmissionBodyForm, PlanContentForm):
    attachment = forms.FileField(label=label_with_limit(_("Thêm tệp đính kèm"), "KEHOACH_ATTACHMENT_MAX_BYTES"), required=False)
    comment = forms.CharField(label=_("Ghi chú chỉnh sửa"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["title", "legal_bases", "body", "tasks", "outline", "indicator_periods", "indicators", "recipient_groups",
                   "recipients", "submission_reasons", "submission_grounds", "submission_summary", "submission_proposal",
                   "attachment", "comment"]


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Ngày ban hành"))
    place = forms.CharField(label=_("Địa danh"), max_length=80)


class AcknowledgeForm(forms.Form):
    seen = forms.BooleanField(label=_("Đã nhận văn bản"), required=True, initial=True)


class UnitAssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)
    comment = forms.CharField(label=_("Ý kiến chỉ đạo"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = org.unit_staff(unit=unit, on=timezone.localdate())
        self.fields["assignee"].label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.username})"


class UnitReportForm(forms.Form):
    """One text box per section of the plan's outline (đề cương báo cáo)."""

    title = forms.CharField(label=_("Trích yếu báo cáo"), max_length=500)
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, outline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.outline = outline or [{"number": "", "title": str(_("Nội dung báo cáo"))}]
        for index, section in enumerate(self.outline):
            label = " ".join(x for x in [section.get("number", ""), section.get("title", "")] if x)
            self.fields[f"section_{index}"] = forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 4}))

    def content(self) -> dict:
        sections = []
        for index, section in enumerate(self.outline):
            text = self.cleaned_data.get(f"section_{index}", "")
            sections.append({"number": section.get("number", ""), "title": section.get("title", ""),
                             "paragraphs": [line.strip() for line in text.splitlines() if line.strip()], "children": []})
        return {"sections": sections, "recipients": []}


class ConsolidatedReportForm(forms.Form):
    """The Báo cáo tổng hợp draft: its title, the gathered text of each outline section, a refresh of the figures."""

    title = forms.CharField(label=_("Trích yếu báo cáo"), max_length=500)
    refresh = forms.BooleanField(label=_("Cập nhật số liệu và danh sách đơn vị đã báo cáo đến thời điểm này"),
                                 required=False)
    comment = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sections=None, **kwargs):
        super().__init__(*args, **kwargs)
        for index, section in enumerate((sections or [])[:-1]):  # the last one, the reporting units, is generated
            label = " ".join(x for x in [section.get("number", ""), section.get("title", "")] if x)
            self.fields[f"section_{index}"] = forms.CharField(label=label, required=False,
                                                              widget=forms.Textarea(attrs={"rows": 6}))

    def sections(self) -> dict[int, str]:
        return {int(name.split("_")[1]): value for name, value in self.cleaned_data.items() if name.startswith("section_")}
