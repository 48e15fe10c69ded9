"""schemathesis against the API's own OpenAPI schema (``/api/schema/``): no input makes a server error.

The schema is read from ``/api/schema/`` as a logged-in demo user and every generated case is
sent through Django's test client in-process (same database as the test), authenticated with
HTTP Basic as that user. Deterministic (hypothesis ``derandomize``), about 50 examples per operation,
and the path ids are drawn half from the demo's real objects (plus two ids past any database
integer) and half from the schema (any integer). The only check is ``not_a_server_error``.
"""

from __future__ import annotations

import base64
import datetime
import json

import hypothesis
import pytest
import schemathesis
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from .test_permission_matrix import ARTIFACTS

EXAMPLES = 50
#: Ids past what the database holds (SQLite and PostgreSQL integers): a 404, never a 500 (issue 12, hole 7).
OUT_OF_RANGE = (2**63, 10**22)
USERS = ("th.snv",)  # the consolidator: reports received, figures, the Báo cáo tổng hợp in the inbox


def _real_ids():
    from viewflow.workflow.models import Task

    from workflows.models import PlanProcess
    from workflows.models.reports import UnitReport

    return {
        "plans": list(PlanProcess.objects.order_by("pk").values_list("pk", flat=True)),
        "tasks": list(Task.objects.filter(flow_task_type="HUMAN").order_by("pk").values_list("pk", flat=True)),
        "reports": list(UnitReport.objects.order_by("pk").values_list("pk", flat=True)),
    }


def _ids_for(path: str, ids: dict) -> list[int]:
    if path.startswith("/api/tasks/"):
        return ids["tasks"]
    if path.startswith("/api/reports/"):
        return ids["reports"]
    return ids["plans"]


def _call(client, case, headers):
    """Send a generated case through Django's test client and hand schemathesis a requests.Response.

    Django's test client, not schemathesis's WSGI transport: it keeps the test's database
    connection open between requests (the WSGI handler closes it after each one)."""
    from urllib.parse import urlencode, urlsplit

    import requests
    from requests.structures import CaseInsensitiveDict

    kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    method, url = kwargs["method"], kwargs["url"]
    request_headers = dict(kwargs.get("headers") or {})
    path = urlsplit(url).path
    params = kwargs.get("params")
    if params:
        path += "?" + urlencode(params, doseq=True)
    if "json" in kwargs:
        body, content_type = json.dumps(kwargs["json"]), "application/json"
    else:
        body = kwargs.get("data") or b""
        content_type = request_headers.get("Content-Type", "application/octet-stream")
    request_headers.pop("Content-Type", None)
    answer = client.generic(method, path, data=body, content_type=content_type, headers=request_headers)
    response = requests.Response()
    response.status_code = answer.status_code
    response._content = answer.content
    response.headers = CaseInsensitiveDict(answer.headers.items())
    response.url = url
    response.request = requests.Request(method=method, url=url, headers=request_headers, params=params,
                                        data=body).prepare()
    response.elapsed = datetime.timedelta(0)
    return response


def _run_operation(operation, real_ids, api, headers, failures) -> tuple[int, int]:
    """About EXAMPLES generated cases of one operation, deterministic; server errors go to ``failures``."""
    seen = {"n": 0, "errors": 0}
    ids = st.sampled_from([*real_ids, *OUT_OF_RANGE])

    @hypothesis.settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @hypothesis.given(case=operation.as_strategy(), real_id=st.one_of(st.none(), ids))
    def run(case, real_id):
        for name in ("pk", "id"):
            if real_id is not None and case.path_parameters and name in case.path_parameters:
                case.path_parameters[name] = real_id
        seen["n"] += 1
        response = _call(api, case, headers)
        try:
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
        except BaseException as exc:  # every failure is collected (schemathesis raises exception groups)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            failure = f"{operation.method.upper()} {operation.path} → {response.status_code}"
            if not any(f.startswith(failure) for f in failures):
                failures.append(f"{failure} (e.g. {case.formatted_path})")
            seen["errors"] += 1

    run()
    return seen["n"], seen["errors"]


@pytest.mark.parametrize("username", USERS)
def test_api_has_no_server_error(demo, username):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    raw = json.loads(response.content)
    schema = schemathesis.openapi.from_dict(raw)
    token = base64.b64encode(f"{username}:{django_settings.DEMO_PASSWORD}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    ids = _real_ids()
    api = Client(raise_request_exception=False)

    operations, examples, errors, failures = 0, 0, 0, []
    for result in schema.get_all_operations():
        operations += 1
        done, failed = _run_operation(result.ok(), _ids_for(result.ok().path, ids), api, headers, failures)
        examples, errors = examples + done, errors + failed

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"schemathesis_{username}.json").write_text(json.dumps(
        {"user": username, "operations": operations, "examples": examples, "server_error_responses": errors,
         "failing_operations": failures},
        ensure_ascii=False, indent=1))
    print(f"\nschemathesis as {username}: {operations} operations, {examples} examples, {errors} server errors "
          f"in {len(failures)} operations")
    assert operations >= 6
    assert not failures, "\n".join(failures[:30])
