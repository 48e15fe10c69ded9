"""viewflow's own words appear in Vietnamese."""

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}|%s")


def test_every_entry_is_translated_and_keeps_its_placeholders():
    catalog = polib.pofile(str(CATALOG))
    assert len(catalog) >= 150
    for entry in catalog:
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        assert all(t.strip() for t in translations), entry.msgid
        for text in translations:
            expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry.msgid


def test_the_compiler_refuses_a_catalog_with_a_gap(tmp_path):
    broken = tmp_path / "locale" / "vi" / "LC_MESSAGES"
    broken.mkdir(parents=True)
    (broken / "django.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Inbox"\nmsgstr ""\n',
                                      encoding="utf-8")
    script = (ROOT / "scripts" / "compile_messages.py").read_text(encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "compile_messages.py").write_text(script, encoding="utf-8")
    result = subprocess.run([sys.executable, str(tmp_path / "scripts" / "compile_messages.py")], capture_output=True, text=True)
    assert result.returncode == 1 and "chưa dịch" in result.stderr


@pytest.mark.parametrize("english, vietnamese", [
    ("Inbox", "Chờ xử lý"), ("Queue", "Chưa nhận"), ("Archive", "Đã xử lý"), ("Processes", "Quy trình"),
    ("Assign", "Nhận việc"), ("Execute", "Xử lý"), ("Log in", "Đăng nhập"),
])
def test_viewflow_words_in_vietnamese(english, vietnamese):
    with translation.override("vi"):
        assert gettext(english) == vietnamese


def test_the_inbox_page_speaks_vietnamese(client, chart):
    from django.conf import settings

    client.login(username="pct.loan", password=settings.DEMO_PASSWORD)
    page = client.get("/workflow/inbox/").content.decode()
    assert "Chờ xử lý" in page and "Chưa nhận" in page and "Inbox" not in page


def test_inbox_columns_are_in_vietnamese(client, chart):
    from django.conf import settings

    client.login(username="pct.loan", password=settings.DEMO_PASSWORD)
    page = client.get("/workflow/inbox/").content.decode()
    for word in ("Hạn xử lý", "Ngày giao", "Người soạn thảo", "Văn bản"):
        assert word in page
    assert ">Created<" not in page
