"""viewflow's own task actions, with Kehoach's words.

viewflow's toast for taking a task is "Task {task} has been assigned." with an HTML link that the
toast drops ("Đã nhận công việc ."); Kehoach says what was taken: "Đã nhận: 1/KH-UBND — …".
"""

from __future__ import annotations

from viewflow.workflow.flow.views import AssignTaskView

from workflows.notifications.notify import task_taken_text


class TaskAssignView(AssignTaskView):
    def get_success_message(self, cleaned_data):
        return task_taken_text(task=self.request.activation.task)
