"""Production settings: DEBUG off by default, a mandatory secret, `check --deploy` clean, a CSP with no
inline script, the API's schema and docs for logged-in users only and served without a CDN."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.test import APIClient

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, tmp_path, **env):
    # a server's environment: none of the test run's own switches (Playwright's tests set DJANGO_ALLOW_ASYNC_UNSAFE)
    environ = {k: v for k, v in os.environ.items()
               if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environ.update(KEHOACH_VAR_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environ, capture_output=True, text=True,
                          check=False,
                          timeout=300)


def test_check_deploy_is_clean(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path,
                    DEBUG="0", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="example.gov.vn")
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_is_off_unless_asked_and_then_a_secret_is_mandatory(tmp_path):
    refused = manage("check", tmp_path=tmp_path)
    assert refused.returncode != 0 and "SECRET_KEY is required when DEBUG is off" in refused.stderr
    shown = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)",
                   tmp_path=tmp_path, SECRET_KEY=secrets.token_urlsafe(60))
    assert shown.returncode == 0 and shown.stdout.split()[-2:] == ["False", "True"], shown.stderr


def test_pages_carry_a_csp_without_inline_script(chart, client, users):
    client.force_login(users["cv.cchc"])
    response = client.get("/notifications/")
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")(?![^>]*nonce=)[^>]*>",
                           re.IGNORECASE)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"href=\"javascript:", re.IGNORECASE)


def _offenders(folder: Path) -> set[str]:
    found = set()
    for path in folder.rglob("*.html"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if INLINE_SCRIPT.search(text) or HANDLER.search(text) or JS_URL.search(text):
            found.add(path.relative_to(folder).as_posix())
    return found


def test_our_templates_have_no_inline_script_or_handler():
    assert _offenders(ROOT / "templates") == set()


#: viewflow templates with inline script that Kehoach never renders, and why.
VIEWFLOW_UNUSED = {
    "admin/fsm_transition_form.html": "django-fsm admin transitions: no FSM model in Kehoach",
    "registration/profile.html": "AuthViewset(with_profile_view=False) in config/urls.py",
    "viewflow/contrib/swagger.html": "the API docs are drf-spectacular's (sidecar), not viewflow's",
    "viewflow/contrib/plotly.html": "no Plotly dashboards",
    "viewflow/views/delete_action.html": "no viewset offers delete",
    "viewflow/contrib/import_export/import_action.html": "no import/export viewset",
    "viewflow/contrib/import_export/export_action.html": "no import/export viewset",
}


def test_viewflows_templates_with_inline_script_are_ones_we_never_render():
    import viewflow

    offenders = _offenders(Path(viewflow.__file__).parent / "templates")
    overridden = {p for p in offenders if (ROOT / "templates" / p).exists()}
    assert offenders - overridden <= set(VIEWFLOW_UNUSED), offenders - overridden - set(VIEWFLOW_UNUSED)
    from django.urls import NoReverseMatch, reverse

    from config.urls import urlpatterns  # noqa: F401  (AuthViewset built without its profile view)

    with pytest.raises(NoReverseMatch):
        reverse("viewflow:profile")


def test_schema_and_docs_are_for_logged_in_users_and_need_no_cdn(chart, users):
    anonymous = APIClient()
    assert anonymous.get("/api/schema/").status_code in (401, 403)
    assert anonymous.get("/api/docs/").status_code in (401, 403)
    api = APIClient()
    api.force_login(users["cv.cchc"])
    assert api.get("/api/schema/").status_code == 200
    docs = api.get("/api/docs/")
    page = docs.content.decode()
    assert docs.status_code == 200 and "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert not INLINE_SCRIPT.search(page)
    script = api.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    from django.contrib.staticfiles import finders

    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
