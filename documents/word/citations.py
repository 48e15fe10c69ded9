"""Documents cited in running text (văn bản được viện dẫn): legal bases and the proposal.

A citation is a document named with its symbol (``Nghị quyết số 76/NQ-CP
ngày 15/7/2021``, ``Văn bản số 376/BNV- CCHC``, ``Chỉ thị số 20-CT/TU``,
``số 3669/QĐ-UBND``) or a law named with its date (``Luật Tổ chức chính
quyền địa phương ngày 19 tháng 6 năm 2015``). Preambles that open with
"Căn cứ", "Thực hiện" or "Triển khai thực hiện" cite the plan's legal bases;
"Theo đề nghị … tại Tờ trình số …" cites the proposal.
"""

from __future__ import annotations

import re
import unicodedata

from documents.dates.vndates import find_dates

from .ooxml import collapse

# 76/NQ-CP, 26/2019/TT-BTC, 174/TTr-SNV, 376/BNV- CCHC, 72 /KH-UBND, 1821/QĐ-UBND
_STATE_SYMBOL = (
    r"\d{1,5}(?:\s?/\s?\d{4})?\s?/\s?[A-ZĐ][A-Za-zĐđ]{0,7}(?:\s?-\s?[A-ZĐ][A-Za-zĐđ0-9]{0,11}){1,3}"
)
# 80/2015/QH13, 1208/2016/UBTVQH13 (laws, ordinances)
_LAW_SYMBOL = r"\d{1,5}\s?/\s?\d{4}\s?/\s?[A-ZĐ]{2,10}\d{1,2}"
# 20-CT/TU, 01-NQ/TU, 35-KL/TW (party documents)
_PARTY_SYMBOL = r"\d{1,5}\s?-\s?[A-ZĐ]{1,5}\s?/\s?[A-ZĐ]{1,8}(?:\s?-\s?[A-ZĐ]{1,8})?"
SYMBOL = rf"(?<![\w/-])(?:{_LAW_SYMBOL}|{_PARTY_SYMBOL}|{_STATE_SYMBOL})(?![\w/])"
SYMBOL_RE = re.compile(SYMBOL)

_DOC_WORDS = (
    r"Hiến\s+pháp|Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+quyết\s+liên\s+tịch|Nghị\s+quyết|Nghị\s+định|"
    r"Thông\s+tư\s+liên\s+tịch|Thông\s+tư|Quyết\s+định|Chỉ\s+thị|Kết\s+luận|Kế\s+hoạch|Chương\s+trình|"
    r"Công\s+văn|Văn\s+bản(?:\s+hợp\s+nhất)?|Công\s+điện|Hướng\s+dẫn|Thông\s+báo|Tờ\s+trình|Báo\s+cáo|"
    r"Đề\s+án|Phương\s+án|Quy\s+chế|Quy\s+định|Lệnh|Đề\s+cương"
)
# "Nghị quyết số 76/NQ-CP", "Nghị định 108/2020/NĐ-CP", or a bare "số 3669/QĐ-UBND"
_CITATION_RE = re.compile(
    rf"(?:(?P<word>{_DOC_WORDS})\s+(?:số\s*:?\s*)?|(?<!\w)[Ss]ố\s*:?\s*)(?P<symbol>{SYMBOL})",
)
# A law or code cited by name and date, at the start of a clause: "Luật Tổ chức … ngày 19 tháng 6 năm 2015"
_NAMED_LAW_RE = re.compile(r"(?P<word>Hiến\s+pháp|Bộ\s+luật|Luật|Pháp\s+lệnh)\s+\w")
_CLAUSE_START_RE = re.compile(r";\s*")

_LEAD_RE = re.compile(
    r"^\s*(?:(?:Căn\s+cứ|Tiếp\s+tục\s+thực\s+hiện|Thực\s+hiện|Triển\s+khai\s+thực\s+hiện|Triển\s+khai|"
    r"Thi\s+hành|Tổ\s+chức\s+thực\s+hiện)\b)",
    re.IGNORECASE,
)
_PROPOSAL_RE = re.compile(
    r"(?:Theo|Xét|Trên\s+cơ\s+sở|Căn\s+cứ)\s+(?:đề\s+nghị|đề\s+xuất|tờ\s+trình)|Theo\s+đề\s+nghị", re.IGNORECASE
)
# "…; Chủ tịch UBND tỉnh ban hành Kế hoạch …" — the issuing clause ends what is cited.
_ISSUING_CLAUSE_RE = re.compile(r"[;,.]\s*[^;]{0,120}?\bban\s+hành\s+(?:Kế\s+hoạch|kế\s+hoạch|Quyết\s+định|Chỉ\s+thị)[^;]*$")


def normalize_symbol(symbol: str) -> str:
    """``376/BNV- CCHC`` → ``376/BNV-CCHC``; ``72 /KH-UBND`` → ``72/KH-UBND``."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", symbol))


def is_base_paragraph(text: str) -> bool:
    """Does a preamble paragraph cite bases ("Căn cứ …", "Thực hiện …", "Triển khai thực hiện …")?"""
    return bool(_LEAD_RE.match(text or ""))


def is_proposal_paragraph(text: str) -> bool:
    return bool(_PROPOSAL_RE.search(text or ""))


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _first_date_after(text: str, start: int, limit: int | None = None):
    for d, (s, _e) in find_dates(text):
        if s >= start and (limit is None or s < limit):
            return d
    return None


def _split_off_proposal(text: str) -> tuple[str, str]:
    m = _PROPOSAL_RE.search(text)
    return (text, "") if not m else (text[: m.start()], text[m.start():])


def _segment_end(text: str, start: int, symbol_end: int, next_start: int) -> int:
    """Where the citation that starts at ``start`` ends: the next citation, or its first ";" after the date."""
    end = next_start
    date_end = symbol_end
    for _d, (s, e) in find_dates(text):
        if symbol_end <= s < next_start and s - symbol_end <= 12:
            date_end = e
            break
    semi = text.find(";", date_end, end)
    if semi != -1:
        end = semi
    return end


def citations(text: str) -> list[dict]:
    """Every document cited in ``text``: ``[{"text", "symbol", "date"}]`` in order of appearance."""
    text = unicodedata.normalize("NFC", text or "")
    found: list[tuple[int, int, str | None, int]] = []  # (start, symbol_end, symbol, date_search_from)
    for m in _CITATION_RE.finditer(text):
        found.append((m.start(), m.end("symbol"), normalize_symbol(m.group("symbol")), m.end("symbol")))
    lead = _LEAD_RE.match(text)
    clause_starts = {len(text) - len(text[lead.end():].lstrip()) if lead else len(text) - len(text.lstrip())}
    clause_starts.update(m.end() for m in _CLAUSE_START_RE.finditer(text))
    for start in sorted(clause_starts):
        m = _NAMED_LAW_RE.match(text, start)
        if m is None:
            continue
        if any(s <= start < e for s, e, _sym, _f in found):
            continue
        following = [i for i, (s, _e, _sym, _f) in enumerate(found)
                     if start < s and s - start < 200 and text.find(";", start, s) == -1]
        if following:  # "Luật Ban hành … số 80/2015/QH13": the law starts the citation of its symbol
            i = following[0]
            found[i] = (start, *found[i][1:])
            continue
        found.append((start, start, None, start))
    found.sort()
    out = []
    for i, (start, symbol_end, symbol, _from) in enumerate(found):
        next_start = found[i + 1][0] if i + 1 < len(found) else len(text)
        if symbol is None:
            date = _first_date_after(text, start, next_start)
            if date is None:
                continue
            end = text.find(";", start, next_start)
            end = next_start if end == -1 else end
        else:
            date = _first_date_after(text, symbol_end, min(next_start, symbol_end + 40))
            end = _segment_end(text, start, symbol_end, next_start)
        segment = collapse(text[start:end]).rstrip(" ;,.:")
        segment = re.sub(r"\s+(?:và|theo|tại|của)$", "", segment)
        out.append({"text": segment, "symbol": symbol, "date": _iso(date)})
    return out


def legal_bases(paragraphs: list[str]) -> list[dict]:
    """The legal bases cited by the preamble paragraphs that open with "Căn cứ", "Thực hiện", …

    A paragraph citing one document gives one base whose text is the whole
    clause ("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ …");
    a paragraph citing several gives one base per document, each with the
    words that describe it. A base without a symbol (a law cited by name)
    keeps ``symbol`` None.
    """
    bases: list[dict] = []
    for paragraph in paragraphs:
        text = unicodedata.normalize("NFC", paragraph or "")
        if not is_base_paragraph(text):
            continue
        cited, _proposal = _split_off_proposal(text)
        cited = _ISSUING_CLAUSE_RE.sub("", cited)
        found = citations(cited)
        if len(found) == 1 and found[0]["symbol"] is not None:
            whole = collapse(cited).rstrip(" ;,.")
            bases.append({"text": whole, "symbol": found[0]["symbol"], "date": found[0]["date"]})
        elif found:
            bases.extend(found)
        else:
            dates = find_dates(cited)
            whole = collapse(cited).rstrip(" ;,.")
            if whole:
                bases.append({"text": whole, "symbol": None, "date": _iso(dates[0][0]) if dates else None})
    return bases


def proposal(paragraphs: list[str]) -> dict | None:
    """The proposal the document answers ("Theo đề nghị của … tại Tờ trình số 174/TTr-SNV ngày 13/3/2025").

    ``{"symbol", "date", "text"}``, or None when no preamble paragraph names
    the proposing document by its symbol.
    """
    for paragraph in paragraphs:
        text = unicodedata.normalize("NFC", paragraph or "")
        m = _PROPOSAL_RE.search(text)
        if not m:
            continue
        clause = text[m.start():]
        cm = _CITATION_RE.search(clause)
        if cm is None:
            continue
        first = citations(clause[cm.start():])[0]
        semi = clause.find(";", cm.end())
        clause_text = collapse(clause[: semi if semi != -1 else len(clause)]).rstrip(" ;,.")
        return {"symbol": first["symbol"], "date": first["date"], "text": clause_text}
    return None
