"""The permission matrix: every URL pattern × every demo role × objects of other units (issue 12).

Generated from the URLconf (viewflow's per-flow and per-node URLs, the API, the admin): each
pattern is classified in ``matrix.CLASSIFICATION`` (public / logged-in / active holder /
object-scoped with its rule / admin). The expected answer for each (pattern, role, object) comes
from that class, the object's units and people, and the role's holdings on ``matrix.DAY``
(``matrix.Oracle``), never from the application's own permission code.

A leak is a 2xx (or a redirect that ends in content) where a refusal is expected, or a list page
that links to an object the role may not read. Refusals are 401/403/404/405 or the login page.
The counts and every leak are written to ``tests/artifacts/permission_matrix.{json,txt}``.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urljoin

from django.test import Client
from django.urls import Resolver404, resolve, reverse

from . import matrix
from .matrix import ACTIVE, ADMIN, DAY, DENIAL_STATUSES, LOGIN, PUBLIC, Scoped

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FULL = os.environ.get("MATRIX_FULL") == "1"
NODE_ROLES = 6  # roles per viewflow per-node URL (besides anonymous), rotating over all the logins
ADMIN_SAMPLE = {"cv.stp", "pct.tien", "vt.khason"}  # the logins that try every admin URL (besides anonymous)

#: The demo's logins by role (README's table); every login of the demo takes part, these name the roles.
ROLES = {
    "cv.cchc": "drafter", "cv.stp": "drafter", "cv.vp": "office specialist", "cv.hcc": "office specialist",
    "th.snv": "consolidator",
    "tp.cchc": "head", "gd.snv": "head", "pgd.snv": "head", "gd.stp": "head", "cvp.vp": "head",
    "ct.hung": "chair", "pct.loan": "vice-chair", "pct.truong": "vice-chair", "pct.hoa": "vice-chair",
    "vt.ubnd": "văn thư", "vt.snv": "văn thư", "vt.stp": "văn thư",
    "ct.khason": "commune official", "cv.khason": "commune official", "vt.khason": "commune văn thư",
    "pct.tien": "former holder", "ct.phubinh": "former holder (district)", "cv.phubinh": "former holder (district)",
    "vt.phubinh": "former holder (district)", "ct.khason.cu": "former holder (commune)",
    "cv.khason.cu": "former holder (commune)", "vt.khason.cu": "former holder (commune)",
    "admin": "administrator",
}
#: Forms that only answer a POST (a GET is refused whoever asks): not listed as wrongly refused.
POST_ONLY = {"api-task-action", "api-report-figures", "workflow:tasks_assign", "workflow:tasks_unassign",
             "consolidated_report_start", "api-extension-decide", "dashboard_urge"}
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
PLACEHOLDERS = {"uidb64": "MQ", "token": "set-password", "action": "acknowledge", "object_id": "1",
                "app_label": "auth", "content_type_id": "1", "pk": "1"}
#: Preferred task states for each action (the state in which a legitimate actor could use it).
ACTION_STATES = {"assign": ("NEW",), "execute": ("ASSIGNED", "NEW"), "unassign": ("ASSIGNED",),
                 "cancel": ("NEW", "ASSIGNED"), "undo": ("DONE",), "revive": ("CANCELED", "ERROR")}


def test_every_url_pattern_is_classified():
    routes = matrix.routes()
    unclassified = [f"{r.name or '(no name)'}  →  /{r.route}" for r in routes if not r.key]
    assert not unclassified, (
        "URL patterns missing from tests/security/matrix.py CLASSIFICATION (say who may see them):\n  "
        + "\n  ".join(unclassified))
    used = {r.key for r in routes}
    stale = sorted(set(matrix.CLASSIFICATION) - used)
    assert not stale, f"classified names that no URL has any more: {stale}"


def _arguments(route) -> list[str]:
    return list(route.pattern.pattern.regex.groupindex)


class Fixtures:
    """The demo's objects, per kind of URL argument."""

    def __init__(self, oracle):
        from django.contrib.auth import get_user_model
        from viewflow.workflow.models import Process

        from workflows.models import PlanProcess

        self.oracle = oracle
        self.users = {u.username: u for u in get_user_model().objects.order_by("pk")}
        self.processes = defaultdict(list)
        for process in Process.objects.order_by("pk"):
            if process.flow_class is not None:
                self.processes[matrix.flow_namespace(process.flow_class)].append(process.pk)
        self.tasks = defaultdict(list)  # (flow, node) -> tasks
        for task in sorted(oracle.tasks.values(), key=lambda t: t.pk):
            if task.flow_task is not None:
                self.tasks[matrix.flow_namespace(task.flow_task.flow_class), task.flow_task.name].append(task)
        self.plans = list(PlanProcess.objects.order_by("pk").values_list("pk", flat=True))
        self.consolidations = list(PlanProcess.objects.filter(consolidates__isnull=True).order_by("pk")
                                   .values_list("pk", flat=True))
        reported_units = sorted({r.unit_id for r in oracle.unit_reports.values()})
        held_units = sorted({u for units in oracle.user_kinds.values() for u, _kind in units})
        self.units = sorted(set(reported_units[:12]) | set(held_units))

    def candidates(self, route) -> list[tuple[int, dict]]:
        """(object pk, URL kwargs) for an object-scoped route."""
        scope = matrix.CLASSIFICATION[route.key]
        kind = scope.kind
        if kind in ("task", "task_manage"):
            if route.name == "api-task-action":
                tasks = [t for tasks in self.tasks.values() for t in tasks if t.flow_task_type == "HUMAN"]
                return [(t.pk, {"pk": t.pk, "action": "acknowledge"}) for t in tasks]
            action = route.name.rsplit(":", 1)[-1]
            preferred = ACTION_STATES.get(action, ())
            tasks = sorted(self.tasks[route.flow, route.node], key=lambda t: (t.status not in preferred, t.pk))
            return [(t.pk, {"process_pk": t.process_id, "task_pk": t.pk}) for t in tasks]
        if kind == "process":
            return [(pk, {"process_pk": pk}) for pk in self.processes[route.flow]]
        pks = {
            "plan": self.plans, "consolidation": self.consolidations, "document": sorted(self.oracle.documents),
            "attachment": sorted(self.oracle.attachments), "unit_report": sorted(self.oracle.unit_reports),
            "unit": self.units, "extension": sorted(self.oracle.extensions),
            "discipline_list": sorted(self.oracle.discipline_lists),
        }[kind]
        return [(pk, {"pk": pk}) for pk in pks]


def _is_login(location: str) -> bool:
    return any(location.startswith(path) or f"//testserver{path}" in location for path in LOGIN_PATHS)


def _scope_of(path: str):
    """(Scoped, pk) of the object a link points at, or None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    key, _flow, _node = matrix.classify(match.view_name, matrix.flow_node_names())
    scope = matrix.CLASSIFICATION.get(key)
    if not isinstance(scope, Scoped) or scope.act:
        return None
    kwargs = match.kwargs
    pk = kwargs.get("task_pk") or kwargs.get("process_pk") or kwargs.get("pk")
    try:
        return scope, int(pk)
    except (TypeError, ValueError):
        return None


HREF = re.compile(r'href="(/[^"#?]*)')


class Matrix:
    def __init__(self, oracle, fixtures):
        self.oracle, self.fixtures = oracle, fixtures
        self.requests = 0
        self.expected_denials = 0
        self.expected_allowed = 0
        self.leaks: list[dict] = []
        self.errors: list[dict] = []
        self.refused: list[dict] = []  # refused where the oracle allows (a legitimate user may miss it)
        self.unexercised: set[str] = set()
        self.link_cache: dict[str, object] = {}
        self.timing = defaultdict(lambda: [0, 0.0])  # family of patterns -> [requests, seconds]

    def get(self, client, url):
        self.requests += 1
        return client.get(url)

    def outcome(self, client, url, scoped=True) -> tuple[str, int, str]:
        """("denied" | "allowed" | "error", status, note); the final response is kept in ``self.last``."""
        response = self.last = self.get(client, url)
        status = response.status_code
        if status >= 500:
            return "error", status, ""
        if status in (301, 302, 303, 307, 308):
            location = urljoin(url, response["Location"])
            if _is_login(location):
                return "denied", status, "login"
            follow = self.last = self.get(client, location)
            if follow.status_code >= 500:
                return "error", follow.status_code, f"→ {location}"
            if follow.status_code in (301, 302, 303, 307, 308) and _is_login(urljoin(location, follow["Location"])):
                return "denied", status, f"→ {location} → login"
            if follow.status_code >= 400:
                return "denied", status, f"→ {location} {follow.status_code}"
            if scoped and _scope_of(location.split("?")[0]) is None:
                return "denied", status, f"→ {location}"  # refused, then sent to a page of their own
            return "allowed", status, f"→ {location} {follow.status_code}"
        if status in DENIAL_STATUSES or 400 <= status < 500:
            return "denied", status, ""
        return "allowed", status, ""

    def record(self, kind, route, role, user, url, status, note="", pk=None):
        entry = {"pattern": route.key, "name": route.name, "url": url, "role": role,
                 "category": ROLES.get(role, "anonymous" if user is None else "other"), "status": status,
                 "note": note, "cause": self.cause(route, user, pk)}
        getattr(self, kind).append(entry)

    def cause(self, route, user, pk):
        if user is None:
            return "open to anonymous users"
        if user.pk in self.oracle.former:
            return "access outlives the holding (former holder)"
        scope = matrix.CLASSIFICATION.get(route.key)
        if scope == ADMIN:
            return "admin page open to non-administrators"
        if isinstance(scope, Scoped) and scope.kind in ("task", "task_manage") and scope.act and pk in self.oracle.tasks:
            task = self.oracle.tasks[pk]
            if task.status not in ("NEW", "ASSIGNED", "STARTED"):
                return f"action page on a {task.status} task"
            if not task.owner_id and not task.owner_permission:
                return "person step without its holder open to anyone"
        if isinstance(scope, Scoped) and scope.act:
            return "acts outside the user's position"
        return "reads another unit's object"

    def check_links(self, route, role, user, url, response):
        """A list page must not link to objects the user may not read."""
        if response.status_code != 200:
            return
        content_type = response.get("Content-Type", "")
        if "html" in content_type:
            paths = set(HREF.findall(response.content.decode("utf-8", "replace")))
        elif "json" in content_type:
            data = response.json()
            items = data.get("results", data) if isinstance(data, dict) else data
            paths = set()
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict) and item.get("url"):
                        paths.add(item["url"].split("?")[0])
                    elif isinstance(item, dict) and "process_id" in item and "id" in item:
                        task = self.oracle.tasks.get(item["id"])
                        if task is not None and not self.oracle.may(user, matrix.TASK, task.pk):
                            self.record("leaks", route, role, user, url, 200, f"lists task {task.pk}")
        else:
            return
        for path in sorted(paths):
            target = self.link_cache.get(path, "?")
            if target == "?":
                target = self.link_cache[path] = _scope_of(path)
            if target is None:
                continue
            scope, pk = target
            if not self.oracle.may(user, scope, pk):
                self.record("leaks", route, role, user, url, 200, f"lists {path}", pk)

    def sampled(self, route_index, route, role, role_index, count) -> bool:
        """Every role on every page and object URL; on viewflow's per-node URLs (same view for every node)
        and the admin's (one wrapper for all), anonymous plus a rotation of roles, unless MATRIX_FULL=1."""
        if FULL or role_index == 0:
            return True
        if route.key == "admin:*":
            return route.name == "admin:index" or role in ADMIN_SAMPLE
        if "<node>" in route.key:
            return (role_index - 1) in {(route_index * NODE_ROLES + j) % (count - 1) for j in range(NODE_ROLES)}
        return True

    def run(self, routes, identities):
        for index, (role, user) in enumerate(identities):
            client = Client()
            if user is not None:
                client.force_login(user)
            for route_index, route in enumerate(routes):
                if not self.sampled(route_index, route, role, index, len(identities)):
                    continue
                started, before = time.perf_counter(), self.requests
                self.run_route(client, index, role, user, route)
                family = "admin" if route.key == "admin:*" else "task" if "<node>" in route.key else (
                    "object" if isinstance(matrix.CLASSIFICATION[route.key], Scoped) else "page")
                self.timing[family][0] += self.requests - before
                self.timing[family][1] += time.perf_counter() - started

    def run_route(self, client, index, role, user, route):
        rule = matrix.CLASSIFICATION[route.key]
        if rule == PUBLIC:
            return
        if not isinstance(rule, Scoped):
            args = _arguments(route)
            if not route.name:  # the admin's unnamed redirects
                url = "/" + re.sub(r"<[^>]+>", "1", route.route)
            else:
                url = reverse(route.name, kwargs={a: PLACEHOLDERS.get(a, "1") for a in args})
            if rule == ADMIN:
                expected = self.oracle.is_admin(user)
            elif rule == ACTIVE:
                expected = self.oracle.is_active(user) or self.oracle.is_admin(user)
            else:
                expected = user is not None
            verdict, status, note = self.outcome(client, url, scoped=False)
            self.judge(route, role, user, url, expected, verdict, status, note)
            if expected and rule == LOGIN and verdict == "allowed":
                self.check_links(route, role, user, url, self.last)
            return
        candidates = self.fixtures.candidates(route)
        if not candidates:
            self.unexercised.add(route.name)
            return
        rotated = candidates[index % len(candidates):] + candidates[:index % len(candidates)]
        if "<node>" in route.key:  # keep the preferred task state first
            rotated = candidates
        denied = next(((pk, kw) for pk, kw in rotated if not self.oracle.may(user, rule, pk)), None)
        if denied is not None:
            url = reverse(route.name, kwargs=denied[1])
            verdict, status, note = self.outcome(client, url)
            self.judge(route, role, user, url, False, verdict, status, note, pk=denied[0])
        if not rule.act and user is not None and "<node>" not in route.key:
            allowed = next(((pk, kw) for pk, kw in rotated if self.oracle.may(user, rule, pk)), None)
            if allowed is not None:
                url = reverse(route.name, kwargs=allowed[1])
                verdict, status, note = self.outcome(client, url)
                self.judge(route, role, user, url, True, verdict, status, note, pk=allowed[0])

    def judge(self, route, role, user, url, expected, verdict, status, note, pk=None):
        if verdict == "error":
            self.record("errors", route, role, user, url, status, note, pk)
            return
        if expected:
            self.expected_allowed += 1
            if verdict == "denied" and route.key != "admin:*" and route.name not in POST_ONLY:
                self.record("refused", route, role, user, url, status, note, pk)
            return
        self.expected_denials += 1
        if verdict == "allowed":
            self.record("leaks", route, role, user, url, status, note, pk)


def _write_artifacts(m: Matrix, routes):
    ARTIFACTS.mkdir(exist_ok=True)
    summary = {
        "day": DAY.isoformat(), "patterns": len(routes), "requests": m.requests,
        "expected_denials": m.expected_denials, "expected_allowed": m.expected_allowed,
        "leak_entries": len(m.leaks), "server_errors": len(m.errors), "refused_where_allowed": len(m.refused),
        "unexercised_patterns": sorted(m.unexercised),
        "timing": {family: {"requests": n, "seconds": round(t, 1)} for family, (n, t) in m.timing.items()},
    }
    listed = [e for e in m.leaks if e["note"].startswith("lists")]
    leaking = len(m.leaks) - len(listed) + len({(e["url"], e["role"]) for e in listed})
    summary.update(leaking_requests=leaking, leaked_list_links=len(listed))
    head = (f"permission matrix on {DAY}: {m.requests} requests, {m.expected_denials} expected denials, "
            f"{leaking} leaking requests ({len(m.leaks) - len(listed)} direct, {len(listed)} links to other units' "
            f"objects on list pages), {len(m.errors)} server errors, {len(m.refused)} refused where allowed")
    (ARTIFACTS / "permission_matrix.json").write_text(json.dumps(
        {"summary": summary, "leaks": m.leaks, "errors": m.errors, "refused": m.refused},
        ensure_ascii=False, indent=1))
    lines = [head, ""]
    for title, entries in (("LEAKS", m.leaks), ("SERVER ERRORS", m.errors), ("REFUSED WHERE THE ORACLE ALLOWS", m.refused)):
        lines.append(f"== {title} ({len(entries)})")
        by_pattern = defaultdict(list)
        for entry in entries:
            by_pattern[entry["pattern"], entry["cause"]].append(entry)
        for (pattern, cause), group in sorted(by_pattern.items()):
            roles = Counter(e["role"] for e in group)
            lines.append(f"{pattern}  [{cause}]  {len(group)}× — roles: {', '.join(sorted(roles))}")
            for entry in group[:4]:
                lines.append(f"    {entry['role']:<14} {entry['status']} {entry['url']} {entry['note']}")
        lines.append("")
    (ARTIFACTS / "permission_matrix.txt").write_text("\n".join(lines))
    return summary, lines


def test_permission_matrix_has_no_leak(demo):
    oracle = matrix.Oracle(day=DAY)
    fixtures = Fixtures(oracle)
    routes = [r for r in matrix.routes() if r.key]
    identities = [("anonymous", None)] + [(name, user) for name, user in fixtures.users.items()]
    m = Matrix(oracle, fixtures)
    m.run(routes, identities)
    summary, lines = _write_artifacts(m, routes)
    print("\n" + lines[0], json.dumps(summary["timing"]))
    assert m.requests > 1000
    assert not m.leaks and not m.errors, "\n".join(lines[:120])
