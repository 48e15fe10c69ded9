"""Timings of the Word engine (đo thời gian xuất/nhập Word): ``bench_render`` and ``bench_import``.

Goals: rendering a plan with a 40-row assignment annex ≤ 150 ms, importing a
real plan ≤ 300 ms (p95 on the project's 2-core machines). ``manage.py bench``
prints these dicts.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from django.conf import settings

from documents.content import empty_content
from documents.word.parse import parse_docx
from documents.word.render import render_docx

RENDER_GOAL_MS = 150
IMPORT_GOAL_MS = 300

_LEADS = ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ",
          "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo"]
_DEADLINES = ["Quý I/2025", "Quý II/2025", "Quý III năm 2025", "Tháng 11 năm 2025", "trước ngày 15/12/2025",
              "Năm 2025", "Thường xuyên"]


def sample_plan_content(rows: int = 40) -> dict:
    """A realistic provincial plan (Kế hoạch of a UBND tỉnh) with ``rows`` rows in its assignment annex."""
    content = empty_content("KH")
    content.update({
        "type_name": "KẾ HOẠCH",
        "issuer": "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
        "issuer_code": "UBND",
        "number": 72,
        "symbol": "72/KH-UBND",
        "place": "Thái Nguyên",
        "date": "2025-03-16",
        "is_draft": False,
        "title": "Cải cách hành chính tỉnh Thái Nguyên năm 2025",
        "legal_bases": [
            {"text": "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
                     "cải cách hành chính nhà nước giai đoạn 2021 - 2030", "symbol": "76/NQ-CP", "date": "2021-07-15"},
            {"text": "Căn cứ Quyết định số 4020/QĐ-UBND ngày 16/12/2021 của UBND tỉnh Thái Nguyên ban hành Chương trình "
                     "cải cách hành chính nhà nước tỉnh Thái Nguyên giai đoạn 2021 - 2025", "symbol": "4020/QĐ-UBND",
             "date": "2021-12-16"},
        ],
        "proposal": {"symbol": "174/TTr-SNV", "date": "2025-03-13",
                     "text": "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 174/TTr-SNV ngày 13/3/2025"},
        "sections": [
            {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU", "paragraphs": [], "inline": False, "children": [
                {"number": "1", "title": "Mục đích", "inline": False, "children": [], "paragraphs": [
                    "- Cụ thể hóa mục tiêu, nhiệm vụ Chương trình tổng thể cải cách hành chính nhà nước giai đoạn "
                    "2021 - 2030 phù hợp điều kiện kinh tế - xã hội của tỉnh trong năm 2025."]},
                {"number": "2", "title": "Yêu cầu", "inline": False, "children": [], "paragraphs": [
                    "- Các cơ quan, đơn vị, địa phương xây dựng kế hoạch của đơn vị chậm nhất 10 ngày, kể từ ngày "
                    "ban hành Kế hoạch này."]},
            ]},
            {"number": "II", "title": "NỘI DUNG", "inline": False, "children": [], "paragraphs": [
                "Thực hiện các nhiệm vụ tại Danh mục kèm theo Kế hoạch này."]},
            {"number": "III", "title": "TỔ CHỨC THỰC HIỆN", "inline": False, "children": [], "paragraphs": [
                "- Các sở, ban, ngành; UBND các huyện, thành phố báo cáo UBND tỉnh (qua Sở Nội vụ tổng hợp) "
                "trước ngày 01/5/2025."]},
        ],
        "closing": "Trên đây là Kế hoạch cải cách hành chính tỉnh Thái Nguyên năm 2025./.",
        "recipients": [{"text": t, "archive": False} for t in (
            "Bộ Nội vụ", "TT. Tỉnh ủy", "TT. HĐND tỉnh", "Chủ tịch và các PCT UBND tỉnh", "Các sở, ban, ngành",
            "UBND các huyện, thành phố")] + [{"text": "Lưu: VT, HCC", "archive": True}],
        "signer": {"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Thị Loan"},
        "drafter_mark": "Chintk.3/2025",
        "tasks": [
            {"stt": str(i + 1),
             "content": f"Nhiệm vụ số {i + 1}: rà soát, đơn giản hóa thủ tục hành chính và nâng cao chất lượng "
                        "phục vụ người dân, doanh nghiệp trong lĩnh vực được giao.",
             "lead": _LEADS[i % len(_LEADS)], "cooperating": "Các sở, ban, ngành; UBND các huyện, thành phố",
             "deadline_text": _DEADLINES[i % len(_DEADLINES)], "due_date": None}
            for i in range(rows)
        ],
        "annexes": [{"kind": "tasks", "label": "", "heading": "DANH MỤC",
                     "title": "Nhiệm vụ trọng tâm cải cách hành chính tỉnh Thái Nguyên năm 2025",
                     "notes": ["(Kèm theo Kế hoạch số 72/KH-UBND ngày 16/3/2025 của UBND tỉnh Thái Nguyên)"],
                     "paragraphs": [], "sections": []}],
    })
    return content


def samples_dir() -> Path:
    """The three real sample plans shipped with the repository (``tests/fixtures/samples``)."""
    return Path(settings.BASE_DIR) / "tests" / "fixtures" / "samples"


def _stats(times: list[float], goal: float) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, int(round(0.95 * len(ordered))) - 1))]
    return {"runs": len(times), "p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1), "goal_ms": goal, "ok": p95 <= goal}


def bench_render(repeat: int = 20) -> dict:
    """Render a plan with a 40-row assignment annex ``repeat`` times."""
    content = sample_plan_content(40)
    render_docx(content)  # warm-up: imports, template
    times = []
    size = 0
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        size = len(render_docx(content))
        times.append((time.perf_counter() - start) * 1000)
    return {"name": "render_docx (Kế hoạch, phụ lục 40 dòng)", "bytes": size, **_stats(times, RENDER_GOAL_MS)}


def bench_import(repeat: int = 20) -> dict:
    """Parse each sample plan ``repeat`` times (p50/p95 over all runs, and per file)."""
    folder = samples_dir()
    files = sorted(folder.glob("*.docx"))
    blobs = {f.name: f.read_bytes() for f in files}
    all_times: list[float] = []
    per_file = {}
    for name, data in blobs.items():
        parse_docx(data).to_contract()  # warm-up
        times = []
        for _ in range(max(1, repeat)):
            start = time.perf_counter()
            parse_docx(data).to_contract()
            times.append((time.perf_counter() - start) * 1000)
        per_file[name] = _stats(times, IMPORT_GOAL_MS)
        all_times.extend(times)
    return {"name": "parse_docx + to_contract (mẫu thật)", "files": per_file, **_stats(all_times, IMPORT_GOAL_MS)}
