"""The signature block (thẩm quyền ký) and the recipients (Nơi nhận).

ND30 puts them in a borderless two-column table after the body: on the left
"Nơi nhận:" and one line per recipient ("- Các sở, ban, ngành;"), the last
being the archive line ("- Lưu: VT, HCC."), sometimes followed by the
drafter's mark ("Chintk.3/2025"); on the right the authority (``KT. CHỦ
TỊCH``, possibly over ``TM. ỦY BAN NHÂN DÂN``), the title (``PHÓ CHỦ
TỊCH``), room for the signature and seal, and the name. Files that lay the
two columns out with tabs are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .body import is_annex_start
from .ooxml import Block, Line, Para, Table, collapse, fold, upper_share

_AUTHORITY_RE = re.compile(r"^(?P<kind>TM|KT|TL|TUQ|Q)\s*\.\s*(?P<rest>\S.*)$")
_SIGNED_RE = re.compile(
    r"^[\[(]?\s*(?:đã\s+ký|ký|chữ\s+ký|ký\s+tên|ký,|daky|\(ký)[^)\]]*[)\]]?$|^(?:\(?đã\s+ký\)?|\[.*\])$", re.IGNORECASE
)
_RECIPIENT_HEAD_RE = re.compile(r"^N[ơo]i\s+nh[ậa]n\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)
_DASH_RE = re.compile(r"^[-–—•+]\s*")
_DRAFTER_RE = re.compile(
    r"[A-Za-zĐđÀ-ỹ]{2,}\s*\.\s*\d{1,4}\s*/\s*\d{4}|\(\s*\d{1,3}\s*b\s*\)|\b\d{1,3}\s*(?:b|bản|KH|BC|TTr|QĐ|CV)\b"
)
_ARCHIVE_TAIL_RE = re.compile(r"^(?P<keep>Lưu\b.*?[A-ZĐ0-9)])\s+[a-zđ]{1,3}$")
_TITLE_WORDS = ("CHU TICH", "GIAM DOC", "TRUONG", "THU TRUONG", "BI THU", "CHANH", "TONG", "VIEN TRUONG",
                "HIEU TRUONG", "CUC TRUONG", "BO TRUONG", "THU TUONG")


@dataclass
class SignatureBlock:
    recipients: list[dict] = field(default_factory=list)
    authority: str | None = None
    title: str | None = None
    name: str | None = None
    drafter_mark: str = ""

    @property
    def signer(self) -> dict:
        return {"authority": self.authority, "title": self.title, "name": self.name}


def recipient_text(line: str) -> str:
    """``- Các sở, ban, ngành;`` → ``Các sở, ban, ngành``."""
    text = _DASH_RE.sub("", collapse(line))
    return re.sub(r"[;.,\s]+$", "", text).strip()


def is_archive(text: str) -> bool:
    return fold(text).startswith("LUU")


def is_authority_line(text: str) -> bool:
    return bool(_AUTHORITY_RE.match(collapse(text)))


def _is_title_line(text: str) -> bool:
    t = collapse(text)
    return 0 < len(t) <= 60 and upper_share(t) >= 0.8 and any(w in fold(t) for w in _TITLE_WORDS)


def _authority(text: str) -> str:
    m = _AUTHORITY_RE.match(collapse(text))
    return f"{m.group('kind')}. {m.group('rest')}" if m else collapse(text)


def read_recipients(lines: list[str]) -> tuple[list[dict], str]:
    """(recipients, drafter mark) from the lines of the Nơi nhận column."""
    recipients: list[dict] = []
    drafter = ""
    started = False
    archived = False
    for raw in lines:
        text = collapse(raw)
        if not text:
            continue
        m = _RECIPIENT_HEAD_RE.match(text)
        if m and not started:
            started = True
            text = m.group("rest").strip()
            if not text:
                continue
        if archived:
            mark = _DRAFTER_RE.search(text)
            drafter = drafter or (mark.group(0) if mark else recipient_text(text))
            continue
        starts_item = bool(_DASH_RE.match(text))
        clean = recipient_text(text)
        if not clean:
            continue
        if recipients and not starts_item and not recipients[-1]["archive"] and not recipients[-1]["_closed"]:
            recipients[-1]["text"] = f"{recipients[-1]['text']} {clean}"  # a line that wrapped
            recipients[-1]["_closed"] = bool(re.search(r"[;.]\s*$", text))
            continue
        archive = is_archive(clean)
        if archive:
            tail = _ARCHIVE_TAIL_RE.match(clean)
            clean = tail.group("keep") if tail else clean
        recipients.append({"text": clean, "archive": archive, "_closed": bool(re.search(r"[;.]\s*$", text))})
        archived = archived or archive
    return [{"text": r["text"], "archive": r["archive"]} for r in recipients], drafter


def read_signer(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(authority, title, name) from the lines of the signature column."""
    authority: list[str] = []
    titles: list[str] = []
    names: list[str] = []
    for raw in lines:
        text = collapse(raw)
        if not text or _SIGNED_RE.match(text) or _DRAFTER_RE.fullmatch(text):
            continue
        if is_authority_line(text) and not titles and not names:
            authority.append(_authority(text))
        elif upper_share(text) >= 0.8 and not names and (not titles or len(titles) < 2):
            titles.append(text)
        elif any(ch.islower() for ch in text) and len(text) <= 60:
            names.append(text)
    if not names and len(titles) >= 2:
        names.append(titles.pop())
    return ("\n".join(authority) or None, " ".join(titles) or None, names[-1] if names else None)


def _is_signature_table(block: Block) -> bool:
    if not isinstance(block, Table) or len(block.rows) > 4 or block.ncols > 4 or not block.rows:
        return False
    folded = fold(block.text)
    if "NOI NHAN" in folded:
        return True
    lines = [collapse(line.text) for row in block.rows for cell in row if cell.col > 0 for line in cell.lines()]
    return any(is_authority_line(t) for t in lines) or any(_is_title_line(t) for t in lines)


def find_signature(blocks: list[Block], start: int) -> int | None:
    """Index of the block that opens the signature block, or None."""
    for i in range(start, len(blocks)):
        block = blocks[i]
        if _is_signature_table(block):
            return i
        if isinstance(block, Para) and _RECIPIENT_HEAD_RE.match(collapse(block.plain)) and len(block.plain) < 200:
            return i
    return None


def _split_columns(lines: list[Line]) -> tuple[list[str], list[str]]:
    left, right = [], []
    for line in lines:
        parts = [p for p in re.split(r"\t+|\s{5,}", line.text) if p.strip()]
        if len(parts) >= 2:
            left.append(parts[0])
            right.append(" ".join(parts[1:]))
            continue
        text = collapse(line.text)
        if not text:
            continue
        if _RECIPIENT_HEAD_RE.match(text) or _DASH_RE.match(text):
            left.append(text)
        else:
            right.append(text)
    return left, right


def read_signature(blocks: list[Block], at: int) -> tuple[SignatureBlock, int]:
    """Read the signature block that starts at ``blocks[at]``: (block, index after it)."""
    sig = SignatureBlock()
    block = blocks[at]
    end = at + 1
    if isinstance(block, Table):
        left_cells = [c for row in block.rows for c in row if c.col == 0]
        right_cells = [c for row in block.rows for c in row if c.col > 0]
        if not any("NOI NHAN" in fold(c.text) for c in left_cells) and any(
            "NOI NHAN" in fold(c.text) for c in right_cells
        ):
            left_cells, right_cells = right_cells, left_cells
        left = [line.text for c in left_cells for line in c.lines()]
        right = [line.text for c in right_cells for line in c.lines()]
    else:
        lines: list[Line] = []
        i = at
        while i < len(blocks) and i - at < 60:
            para = blocks[i]
            if not isinstance(para, Para) or (i > at and (para.page_break or is_annex_start(para))):
                break
            lines.extend(para.lines())
            i += 1
        end = i
        left, right = _split_columns(lines)
    sig.recipients, sig.drafter_mark = read_recipients(left)
    sig.authority, sig.title, sig.name = read_signer(right)
    if isinstance(block, Table):
        # skip empty paragraphs under the table
        while end < len(blocks) and isinstance(blocks[end], Para) and not collapse(blocks[end].plain) \
                and not blocks[end].page_break:
            end += 1
        # "Nơi nhận" printed under a table that holds only the signature
        if not sig.recipients and end < len(blocks) and isinstance(blocks[end], Para) \
                and _RECIPIENT_HEAD_RE.match(collapse(blocks[end].plain)):
            more, end = read_signature(blocks, end)
            sig.recipients, sig.drafter_mark = more.recipients, more.drafter_mark
        # the drafter's mark or copy count printed under the table ("Ntkc.12/2023", "09 KH")
        if end < len(blocks) and isinstance(blocks[end], Para):
            text = collapse(blocks[end].plain)
            if text and len(text) <= 30 and _DRAFTER_RE.search(text) and not is_annex_start(blocks[end]):
                sig.drafter_mark = sig.drafter_mark or _DRAFTER_RE.search(text).group(0)
                end += 1
    return sig, end


def signer_before(blocks: list[Block], at: int) -> tuple[int, tuple[str | None, str | None, str | None]]:
    """A signature printed as paragraphs just before "Nơi nhận": (its first index, signer)."""
    first = None
    for i in range(max(0, at - 6), at):
        block = blocks[i]
        if isinstance(block, Para) and (is_authority_line(block.plain) or _is_title_line(block.plain)):
            first = i
            break
    if first is None:
        return at, (None, None, None)
    lines = [line.text for b in blocks[first:at] if isinstance(b, Para) for line in b.lines()]
    return first, read_signer(lines)
