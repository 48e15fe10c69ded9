"""The Vietnamese catalog (locale/vi/LC_MESSAGES/django.po) and its compiler (scripts/compile_messages.py).

Everything above the last two tests needs no database: the catalog is compiled into a temporary
directory and Django is pointed at it (LOCALE_PATHS), so a missing, incomplete or broken catalog
fails here whatever .mo happens to lie in locale/.
"""

import gettext as gettext_module
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
SCRIPT = ROOT / "scripts" / "compile_messages.py"
VIEWFLOW = Path(__import__("viewflow").__file__).parent

NAMED_PERCENT = re.compile(r"%\((\w+)\)[#0 +\-]*\d*(?:\.\d+)?[a-zA-Z]")
ANON_PERCENT = re.compile(r"%(?!\()[#0 +\-]*\d*(?:\.\d+)?[sdifr]")
BRACE = re.compile(r"\{([A-Za-z0-9_.]*)\}")


def _load_compiler():
    spec = importlib.util.spec_from_file_location("compile_messages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


compiler = _load_compiler()


def placeholders(text):
    text = text.replace("%%", "").replace("{{", "").replace("}}", "")
    named = set(NAMED_PERCENT.findall(text)) | {b for b in BRACE.findall(text) if b}
    anonymous = ANON_PERCENT.findall(text) + ["{}" for b in BRACE.findall(text) if not b]
    return named, anonymous


@pytest.fixture(scope="module")
def entries():
    if not CATALOG.exists():
        pytest.fail(f"{CATALOG.relative_to(ROOT)} is missing: the UI would fall back to English")
    return [e for e in compiler.parse_po(CATALOG) if e.msgid != ""]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory, entries):
    """The catalog compiled by scripts/compile_messages.py into <tmp>/locale/vi/LC_MESSAGES/django.mo."""
    locale = tmp_path_factory.mktemp("compiled") / "locale"
    target = locale / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    stats = compiler.compile_catalog(CATALOG, target / "django.mo")
    assert stats == {"translated": len(entries), "fuzzy": 0, "untranslated": 0}
    return locale


@pytest.fixture
def vietnamese(settings, compiled):
    """Django in Vietnamese with only the freshly compiled catalog in LOCALE_PATHS."""
    settings.LOCALE_PATHS = [str(compiled)]
    with translation.override("vi"):
        yield


def test_header_declares_vietnamese_utf8_and_one_plural_form():
    header = next(e for e in compiler.parse_po(CATALOG) if e.msgid == "").msgstr
    assert "Language: vi\n" in header
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header


def test_no_empty_or_fuzzy_translation(entries):
    assert len(entries) >= 300
    for e in entries:
        assert "fuzzy" not in e.flags, e.msgid
        if e.msgid_plural is None:
            assert e.msgstr and e.msgstr.strip(), f"empty msgstr for {e.msgid!r}"
        else:
            assert list(e.msgstr_plural) == [0], f"{e.msgid!r}: Vietnamese has a single plural form"
            assert e.msgstr_plural[0].strip(), f"empty msgstr[0] for {e.msgid!r}"


def test_every_translation_keeps_the_placeholders_of_its_msgid(entries):
    for e in entries:
        # one plural form: msgstr[0] is used for every n, so it follows msgid_plural
        source, text = (e.msgid, e.msgstr) if e.msgid_plural is None else (e.msgid_plural, e.msgstr_plural[0])
        assert placeholders(text) == placeholders(source), f"{e.msgid!r} -> {text!r}"


def test_html_tags_are_kept(entries):
    for e in entries:
        text = e.msgstr if e.msgid_plural is None else e.msgstr_plural[0]
        assert re.findall(r"</?\w+", text) == re.findall(r"</?\w+", e.msgid_plural or e.msgid), e.msgid


def test_every_msgid_of_viewflows_own_catalogs_is_translated(entries):
    ours = {(e.msgctxt, e.msgid) for e in entries}
    shipped = VIEWFLOW / "locale" / "de" / "LC_MESSAGES" / "django.po"
    theirs = {(e.msgctxt, e.msgid) for e in compiler.parse_po(shipped) if e.msgid}
    assert not theirs - ours


def test_every_literal_trans_tag_in_viewflows_templates_is_translated(entries):
    ours = {e.msgid for e in entries}
    tag = re.compile(r"""\{%\s*(?:trans|translate)\s+(?:"([^"]+)"|'([^']+)')""")
    missing = set()
    for template in (VIEWFLOW / "templates").rglob("*.html"):
        for double, single in tag.findall(template.read_text(encoding="utf-8")):
            if (double or single) not in ours:
                missing.add((template.relative_to(VIEWFLOW).as_posix(), double or single))
    assert not missing


@pytest.mark.parametrize("english, expected", [
    ("Inbox", "Chờ xử lý"), ("Queue", "Chưa nhận"), ("Archive", "Đã xử lý"),
    ("Assign", "Nhận việc"), ("Unassign", "Trả lại việc"), ("Execute", "Xử lý"), ("Undo", "Hoàn tác"),
    ("Cancel", "Hủy"), ("Dashboard", "Tổng quan"), ("Processes", "Quy trình"), ("Task", "Công việc"),
    ("Created", "Ngày tạo"), ("Filter", "Lọc"), ("Log in", "Đăng nhập"), ("Log out", "Đăng xuất"),
    ("Object permissions", "Phân quyền theo đối tượng"), ("Periodic Tasks", "Tác vụ định kỳ"),
])
def test_words_in_vietnamese(vietnamese, english, expected):
    assert gettext(english) == expected


def test_task_and_process_statuses_in_vietnamese(vietnamese):
    from viewflow.workflow.status import PROCESS, STATUS

    labels = {s.value: str(s.label) for s in STATUS}
    assert labels == {
        "NEW": "Mới", "ASSIGNED": "Đã nhận", "STARTED": "Đang xử lý", "DONE": "Hoàn thành",
        "CANCELED": "Đã hủy", "ERROR": "Lỗi", "SCHEDULED": "Đã hẹn giờ", "REVIVED": "Đã khôi phục",
    }
    assert {s.value: str(s.label) for s in PROCESS} == {"NEW": "Mới", "DONE": "Hoàn thành", "CANCELED": "Đã hủy"}
    assert pgettext("STATUS", "Started") == "Đang xử lý" and gettext("Started") == "Bắt đầu lúc"


def test_without_the_catalog_the_same_words_stay_english(settings, tmp_path):
    """The Vietnamese above comes from this catalog, not from Django's or an app's."""
    settings.LOCALE_PATHS = [str(tmp_path)]
    with translation.override("vi"):
        assert [gettext(w) for w in ("Inbox", "Queue", "Archive")] == ["Inbox", "Queue", "Archive"]
        assert pgettext("STATUS", "Started") == "Started"


def test_the_compiled_file_is_a_valid_gnu_mo(compiled, entries):
    with open(compiled / "vi" / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalog = gettext_module.GNUTranslations(mo)
    assert catalog.info()["language"] == "vi" and catalog.plural(5) == 0
    assert len(catalog._catalog) == len(entries) + 1  # + the header
    assert catalog.pgettext("STATUS", "Done") == "Hoàn thành"
    assert catalog.ngettext("{0} task was successfully enabled", "{0} tasks were successfully enabled", 3) \
        == "Đã bật {0} tác vụ"


def _run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_the_script_compiles_skips_when_up_to_date_and_rebuilds_after_an_edit(tmp_path):
    po = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(CATALOG.read_bytes())
    assert _run(tmp_path).returncode == 0
    mo = po.with_suffix(".mo")
    first = mo.stat().st_mtime_ns
    result = _run(tmp_path)
    assert result.returncode == 0 and result.stdout == "" and mo.stat().st_mtime_ns == first
    os.utime(po, ns=(first + 10**9, first + 10**9))
    assert _run(tmp_path).returncode == 0 and mo.stat().st_mtime_ns > first


@pytest.mark.parametrize("body, reason", [
    ('msgid "Inbox"\nmsgstr "Chờ xử lý\n', "double-quoted string"),
    ('msgid "Inbox"\nmsgstr "a"\n\nmsgid "Inbox"\nmsgstr "b"\n', "duplicate message"),
    ('#, python-format\nmsgid "Process #%(pk)s"\nmsgstr "Quy trình #%(id)s"\n', "placeholders"),
    ('msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', "nplurals=1"),
    ('msgid "Inbox"\nmsgtsr "Chờ xử lý"\n', "unknown keyword"),
])
def test_the_script_refuses_a_malformed_catalog(tmp_path, body, reason):
    po = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                  '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n' + body, encoding="utf-8")
    result = _run(tmp_path)
    assert result.returncode == 1 and reason in result.stderr and "django.po:" in result.stderr
    assert not po.with_suffix(".mo").exists()


# The pages themselves (these two need the database and the compiled project catalog, as `make test` builds).

def test_the_inbox_page_speaks_vietnamese(client, chart):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="pct.loan"))  # login itself: tests/test_login_protection.py
    page = client.get("/workflow/inbox/").content.decode()
    assert "Chờ xử lý" in page and "Chưa nhận" in page and "Inbox" not in page


def test_inbox_columns_are_in_vietnamese(client, chart):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="pct.loan"))  # login itself: tests/test_login_protection.py
    page = client.get("/workflow/inbox/").content.decode()
    for word in ("Hạn xử lý", "Ngày giao", "Người soạn thảo", "Văn bản"):
        assert word in page
    assert ">Created<" not in page
