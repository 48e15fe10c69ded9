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

from . import actions, selectors
from .models import PlanProcess


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
        return [{"unit": r.unit.short_name or r.unit.name, "acknowledged_at": r.acknowledged_at}
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

    def get_actions(self, task) -> list[str]:
        return sorted(actions.STEP_ACTIONS.get(task.flow_task.name, ()))


class ActionSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    issued_on = serializers.CharField(required=False)
    place = serializers.CharField(required=False, allow_blank=True)


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
        task = actions.task_perform(task_id=pk, user=request.user, action=action, data=payload.validated_data)
    except actions.TaskAlreadyHandled as exc:
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    except PermissionDenied as exc:
        return Response({"detail": str(exc) or _("Bạn không có quyền thực hiện thao tác này.")}, status=status.HTTP_403_FORBIDDEN)
    except ValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    return Response(TaskSerializer(task).data)
