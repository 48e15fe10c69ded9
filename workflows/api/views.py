"""REST API: plans the user may see, the user's open tasks, task actions and deadline extensions — same rules as the pages."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from viewflow.workflow.models import Task

from workflows import authorization, selectors
from workflows.api.exceptions import errors_under
from workflows.api.serializers import (
    ActionSerializer,
    DeadlineExtensionSerializer,
    ExtensionDecisionSerializer,
    ExtensionRequestSerializer,
    FiguresSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    TaskSerializer,
    UnitReportSerializer,
)
from workflows.figures.entry import report_figures_save
from workflows.flows import actions
from workflows.plans import clocks
from workflows.reports import consolidated as reports
from workflows.reports import extensions
from workflows.reports import selectors as report_selectors


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
        # urgent work first (Hỏa tốc … thường), then oldest first, as in the inbox
        return clocks.with_urgency(authorization.user_open_tasks(user=self.request.user)).order_by("rank", "created", "id")


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
    # refusals (403), someone first (409), bad input (400): workflows.api.exceptions
    task = actions.task_perform(task_id=pk, user=request.user, action=action, data=payload.validated_data,
                                signing_session=request.session, task=task)
    return Response(TaskSerializer(task).data)


@extend_schema(responses={200: UnitReportSerializer, 404: OpenApiResponse(description="Không tìm thấy")})
@api_view(["GET"])
def report_detail(request, pk: int):
    """A unit's report under a plan, with its role (chủ trì / phối hợp): for the unit that owes it, the one that
    receives it, and the consolidating unit (the readers of its extension requests)."""
    report = extensions.report_for_extensions(user=request.user, pk=pk)
    if report is None:
        raise NotFound(_("Không tìm thấy báo cáo."))
    return Response(UnitReportSerializer(report).data)


@extend_schema(request=FiguresSerializer, responses={200: OpenApiResponse(description="Đã lưu"),
                                                     400: OpenApiResponse(description="Danh sách ô sai; không lưu gì"),
                                                     403: OpenApiResponse(description="Không phải đơn vị báo cáo"),
                                                     404: OpenApiResponse(description="Không tìm thấy")})
@errors_under("errors")
@api_view(["PUT"])
def report_figures(request, pk: int):
    """Replace a unit's figures (the whole table, all or nothing), as the grid and the Excel upload do."""
    report = report_selectors.unit_report_for(user=request.user, pk=pk)
    table = reports.plan_indicator_table(process=report.obligation.plan) if report else None
    if report is None or table is None:
        raise NotFound(_("Không tìm thấy báo cáo hoặc kế hoạch không có bảng số liệu."))
    payload = FiguresSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    entries = {(stt, period): value for stt, values in payload.validated_data["values"].items()
               for period, value in enumerate(values)}
    # not the reporting unit (403), any wrong cell (400, every one listed under "errors"): workflows.api.exceptions
    saved = report_figures_save(report=report, table=table, user=request.user, entries=entries, source="api")
    return Response({"saved": saved})


@extend_schema(responses={200: OpenApiResponse(description="Bảng tổng hợp"), 404: OpenApiResponse(description="Không tìm thấy")})
@api_view(["GET"])
def plan_consolidated(request, pk: int):
    """The consolidated table at the user's level (?unit= to choose among theirs): sums, recomputed ratios,
    coded answers counted, the units included and those left out."""
    # a plan the user does not consolidate: 404 with the reason (workflows.api.exceptions)
    process, _levels, level = report_selectors.consolidation_level(user=request.user, pk=pk,
                                                                   unit=request.query_params.get("unit"))
    table = reports.plan_indicator_table(process=process)
    cycle = reports.consolidation_cycles(process=process, value=request.query_params.get("cycle"),
                                         today=timezone.localdate())["cycle"]  # ?cycle=<id>|all, else the current one
    result, _obligation = reports.consolidation_at(process=process, level=level, table=table, cycle=cycle)
    if result is None:
        raise NotFound(_("Kế hoạch này không yêu cầu đơn vị báo cáo."))
    return Response({
        "level": {"id": level.pk, "name": level.name},
        "cycle": {"id": cycle.pk, "label": cycle.label, "due_date": cycle.due_date} if cycle else None,
        "included": [u.name for u in result.included], "missing": [u.name for u in result.missing],
        "periods": list(table.periods) if table else [],
        "rows": [{"stt": r["stt"], "label": r["label"], "unit": r["unit"], "kind": r["kind"], "values": r["cells"]}
                 for r in (reports.consolidated_rows(table=table, result=result) if table else [])],
    })


@extend_schema(methods=["GET"], responses={200: DeadlineExtensionSerializer(many=True),
                                           404: OpenApiResponse(description="Không tìm thấy")})
@extend_schema(methods=["POST"], request=ExtensionRequestSerializer,
               responses={201: DeadlineExtensionSerializer, 400: OpenApiResponse(description="Dữ liệu không hợp lệ"),
                          403: OpenApiResponse(description="Không có quyền đề nghị gia hạn"),
                          404: OpenApiResponse(description="Không tìm thấy")})
@api_view(["GET", "POST"])
def report_extensions(request, pk: int):
    """A unit report's deadline extension requests (its history, newest first); POST asks for a new date."""
    report = extensions.report_for_extensions(user=request.user, pk=pk)
    if report is None:
        raise NotFound(_("Không tìm thấy báo cáo."))
    if request.method == "GET":
        return Response(DeadlineExtensionSerializer(extensions.report_extensions(report=report), many=True).data)
    payload = ExtensionRequestSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    # not the assignee or the unit's head (403), a date not after the due date, no reason (400): workflows.api.exceptions
    extension = extensions.extension_request(report=report, user=request.user, **payload.validated_data)
    return Response(DeadlineExtensionSerializer(extension).data, status=201)


@extend_schema(request=ExtensionDecisionSerializer,
               responses={200: DeadlineExtensionSerializer, 400: OpenApiResponse(description="Dữ liệu không hợp lệ"),
                          404: OpenApiResponse(description="Không tìm thấy")})
@api_view(["POST"])
def extension_decide(request, pk: int):
    """The consolidating unit's head approves (the report's due date moves) or refuses a request."""
    payload = ExtensionDecisionSerializer(data=request.data)
    payload.is_valid(raise_exception=True)
    # not the consolidating unit's head: 404 (workflows.api.exceptions); already decided: 400
    extension = extensions.extension_for_decision(user=request.user, pk=pk)
    extension = extensions.extension_decide(extension=extension, user=request.user,
                                            approve=payload.validated_data["decision"] == "approve",
                                            comment=payload.validated_data["comment"])
    return Response(DeadlineExtensionSerializer(extension).data)
