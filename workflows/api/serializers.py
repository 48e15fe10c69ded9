"""The API's serializers: input (what a request may carry) and output (what a response says), one place."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from workflows.flows import steps
from workflows.models import DeadlineExtension, ExtensionState, PlanProcess, ReportState, UnitReport, UnitRole
from workflows.plans import clocks

API_NORMAL = "thuong"  # the model's "" (thường prints nothing), named in the API

# --- output ---------------------------------------------------------------------------------------

class DocumentBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doc_type = serializers.CharField()
    symbol = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    urgency = serializers.SerializerMethodField(help_text=_("Độ khẩn: thuong, khan, thuong_khan, hoa_toc"))

    def get_urgency(self, document) -> str:
        return document.urgency or API_NORMAL


class PlanSerializer(serializers.ModelSerializer):
    plan = DocumentBriefSerializer()
    submission = DocumentBriefSerializer()
    department = serializers.CharField(source="department.short_name")
    drafter = serializers.CharField(source="drafter.get_full_name")
    url = serializers.CharField(source="get_absolute_url")

    class Meta:
        model = PlanProcess
        fields = ["id", "status", "created", "finished", "due_date", "department", "drafter", "plan", "submission", "url"]


class PlanDetailSerializer(PlanSerializer):
    content = serializers.JSONField(source="plan.content")
    receipts = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = PlanSerializer.Meta.fields + ["content", "receipts"]

    def get_receipts(self, obj) -> list[dict]:
        return [{"unit": r.unit.short_name or r.unit.name, "acknowledged_at": r.acknowledged_at,
                 "incoming_number": r.incoming_number, "received_on": r.received_on}
                for r in obj.plan.receipts.select_related("unit")]


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    process_id = serializers.IntegerField()
    step = serializers.CharField(source="flow_task.name")
    title = serializers.CharField(source="flow_task.task_title")
    status = serializers.CharField()
    owner = serializers.CharField(source="owner.username", allow_null=True, default=None)
    created = serializers.DateTimeField()
    actions = serializers.SerializerMethodField()
    report_id = serializers.SerializerMethodField(help_text=_("Báo cáo của đơn vị (cho PUT /api/reports/<id>/figures/)"))
    urgency = serializers.SerializerMethodField(help_text=_("Độ khẩn của văn bản mà công việc xử lý"))

    def get_actions(self, task) -> list[str]:
        return sorted(steps.actions_for(task.flow_task))

    def get_urgency(self, task) -> str:
        level = getattr(task, "level", None)  # annotated by clocks.with_urgency on the lists
        return (level if level is not None else clocks.task_urgency(task)) or API_NORMAL

    def get_report_id(self, task) -> int | None:
        report = getattr(task.process, "unit_report", None)
        return report.pk if report is not None else None


class UnitReportSerializer(serializers.ModelSerializer):
    """A unit's duty under a plan: its role (chủ trì, phối hợp), where its report stands, to whom it goes, by when."""

    unit = serializers.CharField(source="unit.name")
    receiver = serializers.CharField(source="receiver.name")
    plan = serializers.IntegerField(source="obligation.plan_id")
    obligation = serializers.CharField(source="obligation.title")
    role = serializers.ChoiceField(choices=UnitRole.choices, help_text=_("lead: chủ trì; cooperating: phối hợp"))
    role_label = serializers.CharField(source="get_role_display")
    state = serializers.ChoiceField(choices=ReportState.choices)
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = UnitReport
        fields = ["id", "plan", "obligation", "unit", "receiver", "role", "role_label", "state", "state_label", "due_date",
                  "submitted_at", "accepted_at"]


class DeadlineExtensionSerializer(serializers.ModelSerializer):
    """A deadline extension request (đề nghị gia hạn) and its decision."""

    unit = serializers.CharField(source="unit_report.unit.name")
    requested_by = serializers.CharField(source="requested_by.username")
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True, default=None)
    state = serializers.ChoiceField(choices=ExtensionState.choices)
    state_label = serializers.CharField(source="get_state_display")
    due_date = serializers.DateField(source="unit_report.due_date", allow_null=True,
                                     help_text=_("Hạn đang áp dụng của báo cáo"))

    class Meta:
        model = DeadlineExtension
        fields = ["id", "unit_report", "unit", "requested_by", "requested_on", "old_due_date", "new_due_date", "reason",
                  "state", "state_label", "decided_by", "decided_at", "decision_comment", "due_date"]


# --- input ----------------------------------------------------------------------------------------

class ActionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    issued_on = serializers.CharField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)
    assignee = serializers.CharField(required=False, help_text=_("Giao việc: tên đăng nhập của cán bộ được giao"))
    title = serializers.CharField(required=False, max_length=500, help_text=_("Soạn báo cáo: trích yếu"))
    sections = serializers.ListField(child=serializers.DictField(), required=False,
                                     help_text=_("Soạn báo cáo: các mục theo đề cương {number, title, paragraphs}"))
    refresh = serializers.BooleanField(required=False, default=False,
                                       help_text=_("Báo cáo tổng hợp: cập nhật số liệu trước khi trình"))
    otp = serializers.CharField(required=False, allow_blank=True, max_length=10,
                                help_text=_("Ký, phát hành: mã xác thực hai lớp (6 chữ số trên ứng dụng xác thực)"))
    pin = serializers.CharField(required=False, allow_blank=True, write_only=True, trim_whitespace=False,
                                help_text=_("Ký duyệt, ký Tờ trình, ký báo cáo, phát hành: mã PIN ký số (không được lưu)"))


class FiguresSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(allow_null=True), allow_empty=True),
        help_text=_("Theo số thứ tự chỉ tiêu: một giá trị cho mỗi kỳ, ví dụ {\"I.2.1\": [10, 12, 15, 20, 8]}"))


class ExtensionRequestSerializer(serializers.Serializer):
    new_due_date = serializers.DateField(help_text=_("Hạn mới đề nghị (YYYY-MM-DD), sau hạn hiện tại"))
    reason = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("Lý do đề nghị gia hạn"))


class ExtensionDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[("approve", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))])
    comment = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text=_("Ý kiến; bắt buộc khi không đồng ý"))
