"""Word import (parse_docx → contract JSON): the three real plans against their seed texts, synthetic
variants of what other plans look like, bad files, and the ``import_plan`` command."""

from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from documents.word.errors import WordImportError
from documents.word.parse import parse_docx
from tests.documents import wordgen

CONTRACT_KEYS = {"doc_type", "is_draft", "urgency", "number", "symbol", "issuer", "place", "date", "title", "legal_bases",
                 "proposal", "signer", "recipients", "outline", "deadlines", "tasks", "indicators"}
_SHORT_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")


def _collapse(text):
    return " ".join((text or "").split())


def _iso(day, month, year):
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


@pytest.fixture(scope="module")
def contracts():
    out = {}
    for prefix in ("000", "002", "003"):
        path = wordgen.sample_path(prefix)
        out[prefix] = parse_docx(path.read_bytes(), filename=path.name).to_contract()
    return out


@pytest.fixture(scope="module")
def seeds():
    return {prefix: wordgen.seed_lines(prefix) for prefix in ("000", "002", "003")}


# --- what the seeds say, read with simple rules --------------------------------------------


def seed_body(lines):
    """The lines of the plan before its signature block."""
    end = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    return lines[:end]


def seed_outline(lines):
    out = []
    for line in seed_body(lines):
        m = re.match(r"^([IVX]+)\.\s+(.+)$", line)
        if m:
            out.append({"number": m.group(1), "title": m.group(2).strip()})
    return out


def seed_recipients(lines):
    start = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận")) + 1
    out = []
    for line in lines[start:]:
        if not line.startswith("-"):
            if out:
                break
            continue
        text = re.sub(r"\s*\*[^*]+\*\s*$", "", line)  # a handwritten mark in italics after the line
        text = re.sub(r"^-\s*", "", text).rstrip(" ;.")
        out.append({"text": text, "archive": text.startswith("Lưu")})
        if text.startswith("Lưu"):
            break
    return out


def seed_base_symbols(lines):
    symbols = []
    for line in seed_body(lines):
        if re.match(r"^(Căn cứ|Thực hiện|Triển khai)\b", line) and ("số" in line):
            for m in re.finditer(r"số\s+(\d+[\w\s/-]*?/\s?[\wĐ]+(?:-\s?[\wĐ]+)*)\s+ngày\s+(\d{1,2}/\d{1,2}/\d{4})", line):
                d, mo, y = _SHORT_DATE.match(m.group(2)).groups()
                symbols.append((re.sub(r"\s+", "", m.group(1)), _iso(d, mo, y)))
    return symbols


# --- the three real plans ------------------------------------------------------------------


def test_contract_has_every_key(contracts):
    for contract in contracts.values():
        assert set(contract) == CONTRACT_KEYS
        json.dumps(contract, ensure_ascii=False)


def test_000_header_and_signature(contracts, seeds):
    c, seed = contracts["000"], "\n".join(seeds["000"])
    assert "Kèm theo Kế hoạch số 72 /KH-UBND ngày 16 /3/2025" in seed
    assert (c["doc_type"], c["is_draft"], c["number"], c["symbol"]) == ("KH", False, 72, "72/KH-UBND")
    assert c["issuer"] == "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
    assert (c["place"], c["date"]) == ("Thái Nguyên", "2025-03-16")
    assert c["title"] == next(line for line in seeds["000"] if line.startswith("Tổng kết Chương trình"))
    assert "KT.CHỦ TỊCH" in seed and "Nguyễn Thị Loan" in seed
    assert c["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Loan"}
    assert c["proposal"] == {"symbol": "174/TTr-SNV", "date": "2025-03-13"}


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_recipients_are_those_of_the_seed(contracts, seeds, prefix):
    expected = seed_recipients(seeds[prefix])
    assert len(expected) >= 10
    assert contracts[prefix]["recipients"] == expected
    assert [r["archive"] for r in contracts[prefix]["recipients"]] == [False] * (len(expected) - 1) + [True]


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_outline_is_the_roman_sections_of_the_seed(contracts, seeds, prefix):
    expected = seed_outline(seeds[prefix])
    assert len(expected) >= 3
    assert contracts[prefix]["outline"] == expected


@pytest.mark.parametrize("prefix", ["000", "002", "003"])
def test_every_legal_base_of_the_seed(contracts, seeds, prefix):
    expected = seed_base_symbols(seeds[prefix])
    got = [(b["symbol"], b["date"]) for b in contracts[prefix]["legal_bases"]]
    assert got == expected
    assert all(b["text"] for b in contracts[prefix]["legal_bases"])


def test_legal_bases_listed(contracts):
    assert [b["symbol"] for b in contracts["000"]["legal_bases"]] == [
        "76/NQ-CP", "23/CT-TTg", "20-CT/TU", "2269/QĐ-UBND", "21/KH-UBND"]
    # a "Thực hiện …" preamble cites its documents all the same (DOMAIN.md 6)
    assert [b["symbol"] for b in contracts["002"]["legal_bases"]] == ["145/QĐ-BNV", "376/BNV-CCHC", "76/NQ-CP"]
    assert [b["symbol"] for b in contracts["003"]["legal_bases"]] == ["76/NQ-CP", "23/CT-TTg", "4020/QĐ-UBND"]


def test_000_deadlines(contracts):
    deadlines = contracts["000"]["deadlines"]
    assert {"text": "chậm nhất 10 ngày, kể từ ngày ban hành", "date": "2025-03-26"} in deadlines
    assert {"text": "trước ngày 01/5/2025", "date": "2025-05-01"} in deadlines
    assert contracts["000"]["tasks"] == [] and contracts["000"]["indicators"] == []


def test_002_header_signature_deadlines(contracts, seeds):
    c, seed = contracts["002"], seeds["002"]
    assert "Số: 60/KH-UBND" in seed and "Thái Bình, ngày 17 tháng 4 năm 2025" in seed
    assert (c["doc_type"], c["is_draft"], c["number"], c["symbol"]) == ("KH", False, 60, "60/KH-UBND")
    assert (c["issuer"], c["place"], c["date"]) == ("ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH", "Thái Bình", "2025-04-17")
    assert c["title"].startswith("TỔNG KẾT CÔNG TÁC CẢI CÁCH HÀNH CHÍNH TỈNH THÁI BÌNH GIAI ĐOẠN 2021-2025")
    assert c["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Phạm Văn Nghiêm"}
    assert c["proposal"] is None
    dates = {(d["text"].lower(), d["date"]) for d in c["deadlines"]}
    assert ("trước ngày 15/5/2025", "2025-05-15") in dates
    assert ("trước ngày 25/6/2025", "2025-06-25") in dates
    assert ("quý iii năm 2025", "2025-09-30") in dates
    assert ("trước ngày 31/5/2025", "2025-05-31") in dates
    assert c["tasks"] == []


def _seed_indicator_table(lines):
    start = next(i for i, line in enumerate(lines) if line.startswith("Năm 2025 (tính đến 31/3)")) + 1
    end = next((i for i, line in enumerate(lines) if line.startswith("Nguồn tra cứu")), len(lines))
    return lines[start:end]


def test_002_indicator_rows_and_units_follow_the_seed(contracts, seeds):
    rows = contracts["002"]["indicators"]
    table = _seed_indicator_table(seeds["002"])
    assert len(rows) == 158
    position = 0
    checked_units = 0
    for row in rows:
        if row["stt"] is None:
            assert row["label"] in table
            continue
        stt_forms = {row["stt"], row["stt"] + "."}
        k = next(i for i in range(position, len(table) - 1)
                 if table[i] in stt_forms and _collapse(table[i + 1]) == row["label"])
        position = k + 1
        if row["unit"] is not None:
            joined = [_collapse(" ".join(table[k + 2:k + 2 + n])) for n in (1, 2, 3)]
            assert row["unit"] in joined, (row, table[k + 2:k + 5])
            checked_units += 1
    assert checked_units >= 100
    by_label = {r["label"]: r for r in rows}
    assert by_label["Tỷ lệ hoàn thành Kế hoạch CCHC năm"] == {"stt": "2", "label": "Tỷ lệ hoàn thành Kế hoạch CCHC năm",
                                                               "unit": "%"}
    assert by_label["Số nhiệm vụ đề ra trong kế hoạch"]["unit"] == "Nhiệm vụ"
    assert by_label["Tỷ lệ đơn vị được kiểm tra"]["stt"] == "3.1"  # printed "3.1."
    assert by_label["Kế hoạch được giao"]["unit"] == "Triệu đồng"
    assert by_label["Chia theo tên loại VBQPPL"] == {"stt": None, "label": "Chia theo tên loại VBQPPL", "unit": None}
    assert {"%", "Văn bản", "Thủ tục", "Người", "Đơn vị", "Nhiệm vụ", "Hồ sơ"} <= {r["unit"] for r in rows}
    assert rows[0] == {"stt": "I", "label": "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "unit": None}


_003_DUE = {"Quý I/2024": "2024-03-31", "Quý II/2024": "2024-06-30", "Quý III/2024": "2024-09-30",
            "Quý IV/2024": "2024-12-31", "Năm 2024": "2024-12-31",
            "Theo Kế hoạch số 160/KH-UBND ngày 28/10/2022": None}


def test_003_every_task_row_with_lead_and_due_date(contracts, seeds):
    expected = []
    folder = wordgen.samples_dir().parent / "seeds"
    text = sorted(folder.glob("003_*.txt"))[0].read_text(encoding="utf-8")
    for line in text.splitlines():
        cells = [_collapse(c) for c in line.split("\t")]
        if len(cells) == 5 and cells[0].isdigit():
            expected.append({"stt": cells[0], "content": cells[1], "lead": cells[2], "cooperating": cells[3],
                             "deadline_text": cells[4], "due_date": _003_DUE[cells[4]]})
    assert len(expected) == 29
    assert contracts["003"]["tasks"] == expected


def test_003_header_and_signature(contracts, seeds):
    c, seed = contracts["003"], "\n".join(seeds["003"])
    assert "Kèm theo Kế hoạch số 217 /KH-UBND ngày 27/12/2023" in seed
    assert (c["number"], c["symbol"], c["date"], c["place"]) == (217, "217/KH-UBND", "2023-12-27", "Thái Nguyên")
    assert c["title"] == "Cải cách hành chính tỉnh Thái Nguyên năm 2024"
    assert c["signer"] == {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Lê Quang Tiến"}
    assert c["proposal"] == {"symbol": "867/TTr-SNV", "date": "2023-12-14"}
    assert {"text": "trước ngày 10/01/2024", "date": "2024-01-10"} in c["deadlines"]
    assert c["indicators"] == []


def test_structured_content_is_valid_and_complete():
    from documents.content import validate_content

    path = wordgen.sample_path("003")
    parsed = parse_docx(path.read_bytes())
    validate_content(parsed.content)
    content = parsed.content
    assert content["recipients"] and content["sections"][1]["children"][0]["title"] == "Cải cách thể chế"
    assert content["closing"].startswith("Trên đây là Kế hoạch CCHC năm 2024")
    assert content["drafter_mark"] == "Ntkc.12/2023"
    annex = content["annexes"][0]
    assert (annex["kind"], annex["heading"]) == ("tasks", "DANH MỤC")
    assert annex["title"] == "Nhiệm vụ trọng tâm thực hiện cải cách hành chính tỉnh Thái Nguyên năm 2024"
    assert annex["notes"][0].startswith("(Kèm theo Kế hoạch số 217")


# --- plans never seen: synthetic variants ------------------------------------------------------


def test_commune_draft_plan():
    c = parse_docx(wordgen.commune_draft_plan()).to_contract()
    assert (c["doc_type"], c["is_draft"], c["number"], c["symbol"], c["date"]) == ("KH", True, None, None, None)
    assert (c["issuer"], c["place"]) == ("ỦY BAN NHÂN DÂN XÃ PHÚC XUÂN", "Phúc Xuân")
    assert c["title"] == ("Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công xã Phúc Xuân "
                          "giai đoạn 2022 - 2025")
    # "Triển khai thực hiện …" cites a base, its date written in long form
    assert [(b["symbol"], b["date"]) for b in c["legal_bases"]] == [("72/KH-UBND", "2025-03-16")]
    assert c["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                           "name": "Hoàng Văn Nam"}
    assert c["recipients"][-1] == {"text": "Lưu: VT, VP", "archive": True}
    assert {"text": "chậm nhất 10 ngày, kể từ ngày ban hành", "date": None} in c["deadlines"]  # no issue date yet
    assert {"text": "trước ngày 25 tháng 4 năm 2025", "date": "2025-04-25"} in c["deadlines"]
    parsed = parse_docx(wordgen.commune_draft_plan())
    assert parsed.content["draft_month"] == "2025-04"


def test_department_submission():
    parsed = parse_docx(wordgen.department_submission())
    c = parsed.to_contract()
    assert (c["doc_type"], c["number"], c["symbol"], c["date"]) == ("TTr", 174, "174/TTr-SNV", "2025-03-13")
    assert c["issuer"] == "SỞ NỘI VỤ"
    assert parsed.content["parent_body"] == "UBND TỈNH THÁI NGUYÊN"
    assert parsed.content["issuer_code"] == "SNV"
    assert parsed.content["addressees"] == ["Ủy ban nhân dân tỉnh Thái Nguyên"]
    assert c["title"].startswith("Về việc ban hành Kế hoạch tổng kết")
    assert c["signer"] == {"authority": None, "title": "GIÁM ĐỐC", "name": "Trần Văn Bình"}
    # laws cited by name and date, two in one paragraph, then a decision with its symbol
    assert [(b["symbol"], b["date"]) for b in c["legal_bases"]] == [
        (None, "2015-06-19"), (None, "2019-11-22"), ("2269/QĐ-UBND", "2022-09-23")]
    assert c["outline"] == [{"number": "I", "title": "SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH"},
                            {"number": "II", "title": "NỘI DUNG CHÍNH CỦA DỰ THẢO KẾ HOẠCH"}]
    assert {"text": "trước ngày 01/5/2025", "date": "2025-05-01"} in c["deadlines"]


def test_parent_body_told_apart_without_bold():
    """Parent body and issuing body both bold, on one paragraph: the sở starts the issuing body."""
    parsed = parse_docx(wordgen.department_submission(joined_header=True))
    assert parsed.content["parent_body"] == "UBND TỈNH THÁI NGUYÊN"
    assert parsed.to_contract()["issuer"] == "SỞ NỘI VỤ"


def test_other_province_with_merged_group_rows_and_two_row_headers():
    parsed = parse_docx(wordgen.provincial_plan_with_tables())
    c = parsed.to_contract()
    assert (c["number"], c["symbol"], c["date"], c["place"]) == (5, "05/KH-UBND", "2025-02-05", "Hưng Yên")
    assert c["title"] == "Thực hiện công tác cải cách hành chính năm 2025"
    assert [b["symbol"] for b in c["legal_bases"]] == ["76/NQ-CP", "23/CT-TTg", "1234/KH-BNV"]
    assert c["legal_bases"][2]["date"] == "2024-12-31"  # "ngày 31 tháng 12 năm 2024"
    assert c["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Hữu Nghĩa"}
    assert parsed.content["drafter_mark"] == "09 KH"
    tasks = c["tasks"]
    assert [t["stt"] for t in tasks] == ["I", "1", "2", "II", "3", "4"]
    assert tasks[0] == {"stt": "I", "content": "NÂNG CAO NHẬN THỨC VỀ CẢI CÁCH HÀNH CHÍNH", "lead": None,
                        "cooperating": None, "deadline_text": None, "due_date": None}
    assert (tasks[1]["deadline_text"], tasks[1]["due_date"]) == ("Quí IV-2025", "2025-12-31")
    assert (tasks[2]["deadline_text"], tasks[2]["due_date"]) == ("Quý IV/2025 - Quý II/2026", "2026-06-30")
    assert (tasks[4]["deadline_text"], tasks[4]["due_date"]) == ("Thường xuyên", None)
    assert tasks[5]["lead"] == "Văn phòng UBND tỉnh"  # merged down from the row above
    assert tasks[5]["due_date"] == "2025-11-30"
    assert c["indicators"] == [{"stt": "1", "label": "Tỷ lệ hồ sơ giải quyết đúng hạn", "unit": "%"},
                               {"stt": "1.1", "label": "Số hồ sơ tiếp nhận", "unit": "Hồ sơ"},
                               {"stt": "1.2", "label": "Số hồ sơ giải quyết đúng hạn", "unit": "Hồ sơ"}]
    indicators = next(a for a in parsed.content["annexes"] if a["kind"] == "indicators")
    assert indicators["periods"] == ["Năm 2024", "Năm 2025"] and indicators["period_group"] == "Kết quả"
    assert indicators["after"] == ["Ghi chú: số liệu tính đến ngày 30/11/2025."]


def test_letter_with_a_header_typed_with_tabs():
    parsed = parse_docx(wordgen.tabbed_header_letter())
    c = parsed.to_contract()
    assert (c["doc_type"], c["number"], c["symbol"]) == ("CV", 376, "376/BNV-CCHC")
    assert (c["issuer"], c["place"], c["date"]) == ("BỘ NỘI VỤ", "Hà Nội", "2025-03-18")
    assert c["title"] == "V/v sơ kết 05 năm thực hiện Chương trình tổng thể cải cách hành chính"
    assert parsed.content["addressees"] == ["Các bộ, cơ quan ngang bộ",
                                            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert [b["symbol"] for b in c["legal_bases"]] == ["145/QĐ-BNV"]
    assert c["signer"] == {"authority": "KT. BỘ TRƯỞNG", "title": "THỨ TRƯỞNG", "name": "Nguyễn Văn A"}
    assert c["recipients"] == [{"text": "Như trên", "archive": False}, {"text": "Lưu: VT, CCHC", "archive": True}]
    assert {"text": "trước ngày 15/5/2025", "date": "2025-05-15"} in c["deadlines"]


def test_file_objects_are_read_too():
    data = wordgen.department_submission()
    assert parse_docx(io.BytesIO(data)).to_contract() == parse_docx(data).to_contract()


# --- bad files ------------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bombs():
    """A .docx with 101 MB of zeros inside: once declared honestly, once with the sizes patched to lie."""
    base = wordgen.department_submission()
    src = zipfile.ZipFile(io.BytesIO(base))
    members = {i.filename: src.read(i) for i in src.infolist()}
    members["word/media/zeros.bin"] = b"\0" * (101 * 1024 * 1024)
    honest = _zip(members)
    lying = bytearray(honest)
    info = zipfile.ZipFile(io.BytesIO(honest)).getinfo("word/media/zeros.bin")
    struct.pack_into("<L", lying, info.header_offset + 22, 1000)  # local header: uncompressed size
    at = lying.find(b"PK\x01\x02")
    while at != -1:  # central directory entries
        name_len = struct.unpack_from("<H", lying, at + 28)[0]
        if bytes(lying[at + 46:at + 46 + name_len]) == b"word/media/zeros.bin":
            struct.pack_into("<L", lying, at + 24, 1000)
        at = lying.find(b"PK\x01\x02", at + 4)
    return honest, bytes(lying)


def _refused(data, code):
    with pytest.raises(WordImportError) as info:
        parse_docx(data)
    assert isinstance(info.value, ValidationError)
    assert info.value.code == code
    message = info.value.text
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", message.lower()), message
    return message


def test_not_a_word_file():
    assert "không phải văn bản Word" in _refused(b"Xin chao, day khong phai tep Word", "not_docx")
    _refused(b"", "not_docx")
    _refused(_zip({"a.txt": b"x"}), "not_docx")


def test_legacy_doc_is_refused_with_advice():
    assert ".docx" in _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024, "legacy_doc")


def test_corrupt_zip():
    data = wordgen.department_submission()
    assert "bị hỏng" in _refused(data[: len(data) // 2], "corrupt")
    damaged = bytearray(data)
    body = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    start = body.header_offset + 30 + len(body.filename) + 40
    damaged[start:start + 50] = b"\xff" * 50
    _refused(bytes(damaged), "corrupt")


def test_upload_above_20_mb():
    assert "20 MB" in _refused(b"PK" + b"\0" * (20 * 1024 * 1024), "too_large")


def test_zip_bomb_declared(bombs):
    assert "100 MB" in _refused(bombs[0], "zip_bomb")


def test_zip_bomb_lying_about_its_sizes(bombs):
    _refused(bombs[1], "zip_bomb")


def test_document_without_header():
    assert "Nghị định 30" in _refused(wordgen.no_header_document(), "no_header")


def test_nothing_but_word_import_error_escapes():
    samples = [b"PK\x03\x04" + b"\0" * 100, _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<not xml"}),
               _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w:document xmlns:w='urn:x'/>"})]
    for data in samples:
        with pytest.raises(WordImportError):
            parse_docx(data)


# --- the command ------------------------------------------------------------------------------------


def test_command_prints_the_contract(tmp_path):
    path = tmp_path / "to_trinh.docx"
    path.write_bytes(wordgen.department_submission())
    out = io.StringIO()
    call_command("import_plan", str(path), "--json", stdout=out)
    contract = json.loads(out.getvalue())
    assert set(contract) == CONTRACT_KEYS and contract["symbol"] == "174/TTr-SNV"
    assert "Trần Văn Bình" in out.getvalue()  # ensure_ascii=False


def test_command_bad_file_exits_2(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"khong phai word")
    with pytest.raises(CommandError) as info:
        call_command("import_plan", str(path), "--json")
    assert info.value.returncode == 2
    assert "không phải văn bản Word" in str(info.value)


def test_command_bad_file_subprocess(tmp_path):
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04 hong")
    result = subprocess.run([sys.executable, "manage.py", "import_plan", str(path), "--json"],
                            cwd=Path(settings.BASE_DIR), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Tệp Word bị hỏng" in result.stderr
    assert result.stdout == ""


def test_command_json_subprocess(tmp_path):
    path = tmp_path / "xa.docx"
    path.write_bytes(wordgen.commune_draft_plan())
    result = subprocess.run([sys.executable, "manage.py", "import_plan", str(path), "--json"],
                            cwd=Path(settings.BASE_DIR), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    contract = json.loads(result.stdout)
    assert contract["is_draft"] is True and contract["issuer"] == "ỦY BAN NHÂN DÂN XÃ PHÚC XUÂN"
