"""Synthetic Word documents for the import tests, built with python-docx directly.

Each builder varies what real plans vary (see DOMAIN.md 6): a commune's draft
with blank number and day, a sở's Tờ trình with a parent body line, a
"Thực hiện" preamble, a two-line authority, dates in long form, group rows
merged across all columns, a two-row table header, a page-repeated header
row, "Quí IV-2025". They are written independently of ``documents.word.render``
so that the parser is not only tested against its own renderer.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _para(container, text="", *, bold=False, italic=False, size=14, align=JUSTIFY):
    p = container.add_paragraph()
    p.alignment = align
    parts = text.split("\n")
    for i, part in enumerate(parts):
        r = p.add_run(part)
        r.bold, r.italic, r.font.size = bold, italic, Pt(size)
        if i < len(parts) - 1:
            r.add_break()
    return p


def _runs(container, pieces, *, align=JUSTIFY):
    """A paragraph of (text, bold) pieces: a run-in heading."""
    p = container.add_paragraph()
    p.alignment = align
    for text, bold in pieces:
        r = p.add_run(text)
        r.bold = bold
        r.font.size = Pt(14)
    return p


def _cell_lines(cell, lines):
    """Fill a cell with (text, bold, italic, size) lines; the first reuses the cell's paragraph."""
    first = True
    for text, bold, italic, size in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = CENTER
        for i, part in enumerate(text.split("\n") if text else []):
            r = p.add_run(part)
            r.bold, r.italic, r.font.size = bold, italic, Pt(size)
            if i < text.count("\n"):
                r.add_break()


def _header(doc, *, parent, issuer_lines, number_line, place_date, two_rows=False, joined=False):
    """The ND30 header table; ``joined`` prints parent and issuer in one bold paragraph with line breaks."""
    rows = 2 if two_rows else 1
    t = doc.add_table(rows=rows, cols=2)
    if joined:
        left = [("\n".join(([parent] if parent else []) + issuer_lines), True, False, 13)]
    else:
        left = [(parent, False, False, 13)] if parent else []
        left += [(line, True, False, 13) for line in issuer_lines]
    left += [("-------", False, False, 13)]
    right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False, 13), ("Độc lập - Tự do - Hạnh phúc", True, False, 14),
             ("", False, False, 14)]
    if two_rows:
        _cell_lines(t.cell(0, 0), left)
        _cell_lines(t.cell(0, 1), right)
        _cell_lines(t.cell(1, 0), [(number_line, False, False, 13)])
        _cell_lines(t.cell(1, 1), [(place_date, False, True, 14)])
    else:
        _cell_lines(t.cell(0, 0), left + [(number_line, False, False, 13)])
        _cell_lines(t.cell(0, 1), right + [(place_date, False, True, 14)])
    return t


def _signature(doc, recipients, signer_lines, name):
    t = doc.add_table(rows=1, cols=2)
    left = [("Nơi nhận:", True, True, 12)] + [(line, False, False, 11) for line in recipients]
    right = [(line, True, False, 14) for line in signer_lines] + [("", False, False, 14)] * 3 + [(name, True, False, 14)]
    _cell_lines(t.cell(0, 0), left)
    for p in t.cell(0, 0).paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _cell_lines(t.cell(0, 1), right)


def _page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _merge_row(table, row_index, text, *, bold=True):
    row = table.rows[row_index]
    merged = row.cells[0].merge(row.cells[-1])
    merged.paragraphs[0].add_run(text).bold = bold
    return merged


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def commune_draft_plan() -> bytes:
    """A commune's draft plan: DỰ THẢO, blank number and day, "Triển khai thực hiện", two-line authority."""
    doc = Document()
    _para(doc, "DỰ THẢO", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _header(doc, parent="", issuer_lines=["ỦY BAN NHÂN DÂN", "XÃ PHÚC XUÂN"], number_line="Số:       /KH-UBND",
            place_date="Phúc Xuân, ngày      tháng 4 năm 2025")
    _para(doc, "KẾ HOẠCH", bold=True, align=CENTER)
    _para(doc, "Tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công\nxã Phúc Xuân giai đoạn 2022 - 2025",
          bold=True, align=CENTER)
    _para(doc, "-----------", align=CENTER)
    _para(doc, "Triển khai thực hiện Kế hoạch số 72/KH-UBND ngày 16 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Thái "
               "Nguyên về tổng kết Chương trình nâng cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai "
               "đoạn 2022 - 2025, Ủy ban nhân dân xã Phúc Xuân ban hành Kế hoạch thực hiện như sau:")
    _para(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    _para(doc, "1. Mục đích", bold=True)
    _para(doc, "- Đánh giá toàn diện kết quả thực hiện Chương trình trên địa bàn xã.")
    _para(doc, "II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN", bold=True)
    _para(doc, "- Các bộ phận chuyên môn xây dựng báo cáo chậm nhất 10 ngày, kể từ ngày ban hành Kế hoạch này.")
    _para(doc, "- Văn phòng HĐND và UBND xã tổng hợp, báo cáo UBND tỉnh trước ngày 25 tháng 4 năm 2025.")
    _para(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    _para(doc, "Giao Văn phòng HĐND và UBND xã theo dõi, đôn đốc thực hiện Kế hoạch này./.")
    _signature(doc, ["- UBND tỉnh (b/c);", "- TT. Đảng ủy, HĐND xã;", "- Các bộ phận chuyên môn;", "- Lưu: VT, VP."],
               ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Hoàng Văn Nam")
    return _save(doc)


def department_submission(*, joined_header: bool = False) -> bytes:
    """A sở's Tờ trình: parent body line, Kính gửi, the head signing without authority prefix."""
    doc = Document()
    _header(doc, parent="UBND TỈNH THÁI NGUYÊN", issuer_lines=["SỞ NỘI VỤ"], number_line="Số: 174/TTr-SNV",
            place_date="Thái Nguyên, ngày 13 tháng 3 năm 2025", joined=joined_header)
    _para(doc, "TỜ TRÌNH", bold=True, align=CENTER)
    _para(doc, "Về việc ban hành Kế hoạch tổng kết Chương trình nâng cao hiệu quả quản trị\nvà hành chính công "
               "tỉnh Thái Nguyên giai đoạn 2022 - 2025", bold=True, align=CENTER)
    _para(doc, "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.", align=CENTER)
    _para(doc, "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
               "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;")
    _para(doc, "Căn cứ Quyết định số 2269/QĐ-UBND ngày 23/9/2022 của Chủ tịch UBND tỉnh ban hành Chương trình nâng "
               "cao hiệu quả quản trị và hành chính công tỉnh Thái Nguyên giai đoạn 2022 - 2025;")
    _para(doc, "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh dự thảo Kế hoạch như sau:")
    _para(doc, "I. SỰ CẦN THIẾT BAN HÀNH KẾ HOẠCH", bold=True)
    _para(doc, "Chương trình kết thúc vào năm 2025, cần tổng kết, đánh giá kết quả thực hiện.")
    _para(doc, "II. NỘI DUNG CHÍNH CỦA DỰ THẢO KẾ HOẠCH", bold=True)
    _runs(doc, [("1. Thời gian:", True), (" các đơn vị báo cáo trước ngày 01/5/2025.", False)])
    _para(doc, "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, ban hành./.")
    _signature(doc, ["- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, CCHC."], ["GIÁM ĐỐC"], "Trần Văn Bình")
    return _save(doc)


def provincial_plan_with_tables() -> bytes:
    """Another province: two-row header table, "Thực hiện" preamble citing several documents, a collective
    signature, an assignment table with merged group rows, a repeated header row, a vertical merge, and an
    indicator table whose period columns sit under a merged "Kết quả" header."""
    doc = Document()
    _header(doc, parent="", issuer_lines=["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"], number_line="Số: 05/KH-UBND",
            place_date="Hưng Yên, ngày 05 tháng 02 năm 2025", two_rows=True)
    _para(doc, "KẾ HOẠCH", bold=True, align=CENTER)
    _para(doc, "Thực hiện công tác cải cách hành chính năm 2025", bold=True, align=CENTER)
    _para(doc, "Thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
               "hành chính nhà nước giai đoạn 2021 - 2030; Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ "
               "về đẩy mạnh thực hiện Chương trình tổng thể; Kế hoạch số 1234/KH-BNV ngày 31 tháng 12 năm 2024 của "
               "Bộ Nội vụ; Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính năm 2025 như sau:")
    _para(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True, align=CENTER)
    _para(doc, "Nâng cao chất lượng phục vụ người dân, doanh nghiệp.")
    _para(doc, "II. NHIỆM VỤ TRỌNG TÂM", bold=True, align=CENTER)
    _para(doc, "(Có Phụ lục nhiệm vụ kèm theo)", italic=True, align=CENTER)
    _para(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True, align=CENTER)
    _runs(doc, [("1. Sở Nội vụ: ", True),
                ("tổng hợp, báo cáo UBND tỉnh kết quả thực hiện trước ngày 15/12/2025.", False)])
    _para(doc, "Trên đây là Kế hoạch cải cách hành chính năm 2025 của tỉnh./.")
    _signature(doc, ["- Bộ Nội vụ (b/c);", "- TT. Tỉnh ủy, TT. HĐND tỉnh;", "- Các sở, ban, ngành;",
                     "- UBND các huyện, thị xã, thành phố;", "- Lưu: VT, NCKSTTHC."],
               ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Nguyễn Hữu Nghĩa")
    _para(doc, "09 KH", size=10, align=WD_ALIGN_PARAGRAPH.LEFT)
    _page_break(doc)
    _para(doc, "PHỤ LỤC", bold=True, align=CENTER)
    _para(doc, "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2025", bold=True, align=CENTER)
    _para(doc, "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05/02/2025 của UBND tỉnh)", italic=True, align=CENTER)
    tasks = doc.add_table(rows=9, cols=6)
    tasks.style = "Table Grid"
    head = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú"]
    for i, h in enumerate(head):
        tasks.cell(0, i).paragraphs[0].add_run(h).bold = True
    for i, h in enumerate(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]):
        tasks.cell(1, i).text = h
    _merge_row(tasks, 2, "I. NÂNG CAO NHẬN THỨC VỀ CẢI CÁCH HÀNH CHÍNH")
    rows = [
        ("1", "Tuyên truyền cải cách hành chính trên báo, đài", "Sở Văn hóa, Thể thao và Du lịch",
         "Báo Hưng Yên; Đài PT-TH tỉnh", "Quí IV-2025", ""),
        ("2", "Tổ chức hội thi tìm hiểu cải cách hành chính", "Sở Nội vụ", "Các sở, ban, ngành",
         "Quý IV/2025 - Quý II/2026", ""),
    ]
    for r, values in enumerate(rows, start=3):
        for c, v in enumerate(values):
            tasks.cell(r, c).text = v
    _merge_row(tasks, 5, "II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH")
    for i, h in enumerate(head):  # the header again, as at the top of a new page
        tasks.cell(6, i).text = h
    for r, values in enumerate([
        ("3", "Rà soát, đơn giản hóa thủ tục hành chính", "Văn phòng UBND tỉnh", "Các sở, ban, ngành", "Thường xuyên", ""),
        ("4", "Công bố danh mục thủ tục hành chính nội bộ", "", "Sở Tư pháp", "Tháng 11 năm 2025", ""),
    ], start=7):
        for c, v in enumerate(values):
            if v:
                tasks.cell(r, c).text = v
    tasks.cell(7, 2).merge(tasks.cell(8, 2))  # one lead for rows 3 and 4
    _page_break(doc)
    _para(doc, "BẢNG TỔNG HỢP", bold=True, align=CENTER)
    _para(doc, "Số liệu cải cách hành chính", bold=True, align=CENTER)
    ind = doc.add_table(rows=5, cols=6)
    ind.style = "Table Grid"
    for c, h in ((0, "STT"), (1, "Nội dung chỉ tiêu"), (2, "ĐVT"), (5, "Ghi chú")):
        ind.cell(0, c).text = h
        ind.cell(0, c).merge(ind.cell(1, c))
    group = ind.cell(0, 3).merge(ind.cell(0, 4))
    group.text = "Kết quả"
    ind.cell(1, 3).text = "Năm 2024"
    ind.cell(1, 4).text = "Năm 2025"
    for r, (stt, label, unit) in enumerate([("1", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%"),
                                            ("1.1", "Số hồ sơ tiếp nhận", "Hồ sơ"),
                                            ("1.2", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ")], start=2):
        ind.cell(r, 0).text, ind.cell(r, 1).text, ind.cell(r, 2).text = stt, label, unit
    _para(doc, "Ghi chú: số liệu tính đến ngày 30/11/2025.")
    return _save(doc)


def tabbed_header_letter() -> bytes:
    """A letter (công văn) whose header is typed with tabs, not a table; the signature too."""
    doc = Document()
    _para(doc, "BỘ NỘI VỤ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "\tĐộc lập - Tự do - Hạnh phúc", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "Số: 376/BNV-CCHC\tHà Nội, ngày 18 tháng 3 năm 2025", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "V/v sơ kết 05 năm thực hiện Chương trình tổng thể cải cách hành chính", size=12,
          align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "Kính gửi:", align=CENTER)
    _para(doc, "- Các bộ, cơ quan ngang bộ;", align=CENTER)
    _para(doc, "- Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.", align=CENTER)
    _para(doc, "Thực hiện Quyết định số 145/QĐ-BNV ngày 03/3/2025 của Bộ Nội vụ, Bộ Nội vụ đề nghị các cơ quan "
               "báo cáo kết quả trước ngày 15/5/2025./.")
    _para(doc, "Nơi nhận:\tKT. BỘ TRƯỞNG", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "- Như trên;\tTHỨ TRƯỞNG", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "- Lưu: VT, CCHC.", align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "\tNguyễn Văn A", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    return _save(doc)


def no_header_document() -> bytes:
    doc = Document()
    _para(doc, "Danh sách việc cần làm")
    _para(doc, "- Mua văn phòng phẩm;")
    return _save(doc)



# --- the real samples and their seed texts (ground truth) ---------------------------------


def samples_dir():
    from tests.fixtures import FIXTURES

    return FIXTURES / "samples"


def sample_path(prefix: str):
    found = sorted(samples_dir().glob(f"{prefix}_*.docx"))
    assert found, f"tests/fixtures/samples has no {prefix}_*.docx"
    return found[0]


def seed_lines(prefix: str) -> list[str]:
    """The seed text of a sample, one stripped line each (Markdown emphasis removed)."""
    import re

    found = sorted((samples_dir().parent / "seeds").glob(f"{prefix}_*.txt"))
    assert found, f"tests/fixtures/seeds has no {prefix}_*.txt"
    lines = []
    for raw in found[0].read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^#+\s*", "", raw.strip())
        line = line.replace("**", "")
        lines.append(" ".join(line.split()))
    return lines
