"""Fixtures that drive a plan through viewflow's task URLs (shared by flow and document tests)."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from viewflow.workflow.status import STATUS

from workflows.flows import PlanFlow

BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Đánh giá toàn diện kết quả thực hiện Chương trình.
II. NỘI DUNG
Các cơ quan báo cáo UBND tỉnh (qua Sở Nội vụ tổng hợp) trước ngày 01/5/2025.
III. TỔ CHỨC THỰC HIỆN
Sở Nội vụ hướng dẫn, đôn đốc."""


class Users(dict):
    """The demo users by login; ``signing_sessions`` keeps, per login, the signing window opened by a code
    (what a user's own browser session keeps) for steps performed through ``actions.task_perform``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.signing_sessions: dict[str, dict] = {}


@pytest.fixture
def users(chart):
    User = get_user_model()
    return Users({u.username: u for u in User.objects.all()})


def signing_code(user) -> str:
    """The one-time code ``user``'s authenticator shows now (the demo device, enrolled if missing), not yet used."""
    from orgchart import two_factor

    return two_factor.device_code(two_factor.demo_device_enrol(user))


def signs(step, data) -> bool:
    """Does posting ``data`` on ``step`` sign (and so need a one-time code)?"""
    from workflows.flows.signing import SIGNING_ACTIONS

    return step in SIGNING_ACTIONS and data.get("decision", "approve") == "approve"


class Journey:
    """Drives a plan through viewflow's own task URLs, as the users would.

    Each user keeps their own browser session (switching users puts the other's session cookie aside),
    so that a signing window opened by a one-time code lasts its 10 minutes, as it does for a real user."""

    def __init__(self, client, users):
        self.client = client
        self.users = users
        self.sessions: dict[str, str] = {}

    def login(self, username):
        from django.conf import settings
        from django.contrib.auth import SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        name, user = settings.SESSION_COOKIE_NAME, self.users[username]
        current = self.client.cookies.get(name)
        if current is not None and current.value:
            holder = SessionStore(session_key=current.value).get(SESSION_KEY)
            by_pk = {str(u.pk): login for login, u in self.users.items()}
            if holder in by_pk:
                self.sessions[by_pk[holder]] = current.value
        saved = self.sessions.get(username)
        if saved and SessionStore(session_key=saved).get(SESSION_KEY) == str(user.pk):
            self.client.cookies[name] = saved
            return
        self.client.cookies.pop(name, None)  # a new session: logging in over another user's would flush theirs
        self.client.force_login(user)

    def signing_code(self, username):
        return signing_code(self.users[username])

    def draft(self, *, username="cv.cchc", title="Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công",
              field="noi-vu", collective=False, recipients="Bộ Nội vụ\nLưu: VT, HCC", groups=(), urgency=""):
        from orgchart.models import Field, RecipientGroup, Unit

        self.login(username)
        division = Unit.objects.get(key="tn-snv-cchc")
        data = {
            "division": division.pk, "title": title, "submission_title": "",
            "field": Field.objects.get(code=field).pk if field else "",
            "due_date": "20/03/2025", "legal_bases": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
            "body": BODY, "tasks": "1 | Tổng kết | Sở Nội vụ | Các sở, ban, ngành | trước ngày 01/5/2025",
            "recipient_groups": [g.pk for g in RecipientGroup.objects.filter(name__in=groups)], "recipients": recipients,
        }
        if collective:
            data["collective"] = "on"
        if urgency:
            data["urgency"] = urgency
        response = self.client.post(PlanFlow.start.reverse("execute"), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        from workflows.models import PlanProcess

        return PlanProcess.objects.latest("pk")

    def task(self, process, step):
        return process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])

    def act(self, process, step, username, data, expect=302):
        self.login(username)
        task = self.task(process, step)
        if task.status == STATUS.NEW:
            assert self.client.post(task.reverse("assign")).status_code == 302
            task.refresh_from_db()
        if signs(step, data) and "otp_code" not in data:
            data = {**data, "otp_code": signing_code(self.users[username])}
        response = self.client.post(task.reverse("execute"), data)
        assert response.status_code == expect, response.content.decode()[:3000]
        process.refresh_from_db()
        return response

    def approve(self, process, step, username, comment=""):
        return self.act(process, step, username, {"decision": "approve", "comment": comment})

    def give_back(self, process, step, username, comment="Cần bổ sung số liệu", decision="return"):
        return self.act(process, step, username, {"decision": decision, "comment": comment})

    def revise(self, process, title="Tổng kết Chương trình (bản sửa)"):
        return self.act(process, "revise", "cv.cchc", {
            "title": title, "legal_bases": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ",
            "body": BODY + "\nBổ sung số liệu năm 2024.", "tasks": "", "recipients": "Bộ Nội vụ\nLưu: VT, HCC",
            "comment": "Đã bổ sung"})

    def issue(self, process, username="vt.ubnd", on="16/03/2025"):
        return self.act(process, "issue", username, {"issued_on": on, "place": "Thái Nguyên"})

    def run_to_issue(self, process, on="16/03/2025"):
        self.approve(process, "review", "tp.cchc")
        self.approve(process, "sign_submission", "gd.snv")
        self.approve(process, "vet", "cv.vp")
        self.approve(process, "decide", "pct.loan")
        self.issue(process, on=on)


@pytest.fixture
def journey(client, users):
    return Journey(client, users)


@pytest.fixture
def on_day():
    """Freeze 'today' for the flow (delegations and holdings are dated)."""
    import time_machine

    def travel(d: datetime.date):
        hanoi = datetime.timezone(datetime.timedelta(hours=7))
        return time_machine.travel(datetime.datetime(d.year, d.month, d.day, 9, 0, tzinfo=hanoi), tick=True)

    return travel


def issued_obligation(journey, on_day, *, fan_out_on=datetime.date(2025, 3, 16), **fields):
    """A plan issued on 16/3/2025 through the real flow, one obligation on it, fanned out as of ``fan_out_on``."""
    from orgchart.models import Unit
    from workflows.flows import fanout
    from workflows.models import Obligation, PlanProcess

    with on_day(datetime.date(2025, 3, 13)):
        process = journey.draft()
        journey.run_to_issue(process)
    fields.setdefault("consolidator", Unit.objects.get(key="tn-snv-cchc"))
    obligation = Obligation.objects.create(plan=PlanProcess.objects.get(pk=process.pk), **fields)
    fanout.fanout_obligation(obligation_id=obligation.pk, on=fan_out_on)
    return obligation


def unit_step(report, name, username, action, users, **data):
    """Perform ``name`` of a unit's report process as ``username`` through the task actions (what the API does)."""
    from workflows.flows import UnitReportFlow

    report.refresh_from_db()
    task = report.process.task_set.get(flow_task=getattr(UnitReportFlow, name), status__in=[STATUS.NEW, STATUS.ASSIGNED])
    perform(task, username, action, users, **data)
    report.refresh_from_db()


def perform(task, username, action, users, **data):
    """``actions.task_perform`` as ``username`` would call the API: a signature carries their one-time code
    (``otp``), and their signing window is kept between calls (``Users.signing_sessions``)."""
    from workflows.flows import actions
    from workflows.flows.signing import action_signs

    if action_signs(step=task.flow_task.name, action=action) and "otp" not in data:
        data["otp"] = signing_code(users[username])
    sessions = getattr(users, "signing_sessions", {})
    return actions.task_perform(task_id=task.pk, user=users[username], action=action, data=data,
                                signing_session=sessions.setdefault(username, {}))
