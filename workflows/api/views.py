"""REST API: plans the user may see, the user's open tasks, and task actions — same rules as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from viewflow.workflow.models import Task

from workflows import selectors
from workflows.flows import actions
from workflows.models import PlanProcess


class DocumentBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    doc_type = serializers.CharField()
    symbol = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)


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

    def get_actions(self, task) -> list[str]:
        return sorted(actions.STEP_ACTIONS.get(task.flow_task.name, ()))

    def get_report_id(self, task) -> int | None:
        report = getattr(task.process, "unit_report", None)
        return report.pk if report is not None else None


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


class PlanList(ListAPIView):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return selectors.plan_processes_visible_to(user=self.request.user).select_related(
            "plan", "submission", "department", "drafter").order_by("-pk")


class PlanDetail(RetrieveAPIView):
    serializer_class = PlanDetailSerializer

    def get_queryset(self):
        return PlanList.get_queryset(self)


class TaskList(ListAPIView):
    serializer_class = TaskSerializer

    def get_queryset(self):
        return selectors.user_open_tasks(user=self.request.user)


@extend_schema(request=ActionSerializer, responses={200: TaskSerializer, 400: OpenApiResponse(description="Dữ liệu không hợp lệ"),
                                                    403: OpenApiResponse(description="Không có quyền"),
                                                    404: OpenApiResponse(description="Không tìm thấy"),
                                                    409: OpenApiResponse(description="Đã được người khác xử lý")})
@api_view(["POST"])
def task_action(request, pk: int, action: str):
    """approve / return / return_previous / sign / issue / acknowledge."""
    payload = ActionSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    task = Task.objects.filter(pk=pk).select_related("process").first()
    if task is None or not selectors.process_visible_to(user=request.user, process=task.process):
        raise NotFound(_("Không tìm thấy công việc."))
    try:
        task = actions.task_perform(task_id=pk, user=request.user, action=action, data=payload.validated_data,
                                    signing_session=request.session)
    except actions.TaskAlreadyHandled as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    except PermissionDenied as exc:
        return Response({"detail": str(exc) or _("Bạn không có quyền thực hiện thao tác này.")}, status=status.HTTP_403_FORBIDDEN)
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return Response(TaskSerializer(task).data)


class FiguresSerializer(serializers.Serializer):
    values = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(allow_null=True), allow_empty=True),
        help_text=_("Theo số thứ tự chỉ tiêu: một giá trị cho mỗi kỳ, ví dụ {\"I.2.1\": [10, 12, 15, 20, 8]}"))


@extend_schema(request=FiguresSerializer, responses={200: OpenApiResponse(description="Đã lưu"),
                                                     400: OpenApiResponse(description="Danh sách ô sai; không lưu gì"),
                                                     403: OpenApiResponse(description="Không phải đơn vị báo cáo"),
                                                     404: OpenApiResponse(description="Không tìm thấy")})
@api_view(["PUT"])
def report_figures(request, pk: int):
    """Replace a unit's figures (the whole table, all or nothing), as the grid and the Excel upload do."""
    from workflows.reports.consolidated import plan_indicator_table
    from workflows.figures.entry import report_figures_save
    from workflows.figures.views import unit_report_for

    report = unit_report_for(user=request.user, pk=pk)
    table = plan_indicator_table(process=report.obligation.plan) if report else None
    if report is None or table is None:
        raise NotFound(_("Không tìm thấy báo cáo hoặc kế hoạch không có bảng số liệu."))
    payload = FiguresSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    entries = {(stt, period): value for stt, values in payload.validated_data["values"].items()
               for period, value in enumerate(values)}
    try:
        saved = report_figures_save(report=report, table=table, user=request.user, entries=entries, source="api")
    except PermissionDenied as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_403_FORBIDDEN)
    except ValidationError as exc:
        return Response({"errors": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return Response({"saved": saved})


@extend_schema(responses={200: OpenApiResponse(description="Bảng tổng hợp"), 404: OpenApiResponse(description="Không tìm thấy")})
@api_view(["GET"])
def plan_consolidated(request, pk: int):
    """The consolidated table at the user's level (?unit= to choose among theirs): sums, recomputed ratios,
    coded answers counted, the units included and those left out."""
    from django.http import Http404

    from workflows.reports import consolidated as reports
    from workflows.figures.views import _plan_and_level

    try:
        process, _levels, level = _plan_and_level(request, pk)
    except Http404 as exc:
        raise NotFound(str(exc)) from None
    table = reports.plan_indicator_table(process=process)
    result, _obligation = reports.consolidation_at(process=process, level=level, table=table)
    if result is None:
        raise NotFound(_("Kế hoạch này không yêu cầu đơn vị báo cáo."))
    return Response({
        "level": {"id": level.pk, "name": level.name},
        "included": [u.name for u in result.included], "missing": [u.name for u in result.missing],
        "periods": list(table.periods) if table else [],
        "rows": [{"stt": r["stt"], "label": r["label"], "unit": r["unit"], "kind": r["kind"], "values": r["cells"]}
                 for r in (reports.consolidated_rows(table=table, result=result) if table else [])],
    })
