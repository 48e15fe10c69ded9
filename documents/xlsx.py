"""Excel files in and out, safely (tệp Excel: ghi và đọc an toàn).

Out: every workbook the project produces writes user text through
:func:`cell_write` / :func:`row_append`, so a title, a comment or a figure's
text cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
return) is stored as *text*, never as a formula that Excel would evaluate
(``=HYPERLINK("http://…?leak="&A1)``). The project's own formulas (ratio rows
of the template) go through :func:`formula_write`, the only way to write one.

In: :func:`workbook_open_bounded` refuses an upload before it is parsed when
the file, its unzipped parts or its declared sheet dimensions exceed the
limits in settings (``KEHOACH_XLSX_UPLOAD_MAX_BYTES``,
``KEHOACH_UPLOAD_MAX_EXPANDED_BYTES``, ``KEHOACH_XLSX_MAX_CELLS``), opens it
counting the cells of every sheet while streaming its XML (so a sheet that
lies about its dimension is stopped at the same limit), then opens it with
openpyxl in read-only mode.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from lxml import etree

from .uploads import MB, upload_size_check

#: What makes Excel or LibreOffice read a typed text as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def cell_write(cell, value):
    """Put ``value`` in ``cell``; a text that looks like a formula stays text."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"  # openpyxl turned "=…" into a formula on assignment; undo it
    return cell


def row_append(sheet, values) -> None:
    """``sheet.append(values)`` with every formula-like text kept as text."""
    values = list(values)
    sheet.append(values)
    if not values:
        return
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"


def formula_write(cell, formula: str):
    """The project's own formula (never user text)."""
    if not formula.startswith("="):
        raise ValueError("a formula starts with '='")
    cell.value = formula
    cell.data_type = "f"
    return cell


# --- reading uploads -----------------------------------------------------------


def _unreadable() -> ValidationError:
    return ValidationError(_("Tệp tải lên không phải tệp Excel (.xlsx) đọc được."), code="not_xlsx")


def _too_many_cells() -> ValidationError:
    limit = settings.KEHOACH_XLSX_MAX_CELLS
    return ValidationError(
        _("Tệp Excel quá lớn: tối đa %(limit)s ô số liệu mỗi trang tính (không tải lên được).")
        % {"limit": f"{limit:,}".replace(",", ".")},
        code="too_many_cells",
    )


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _elements_over(archive: zipfile.ZipFile, name: str, tag: str, limit: int) -> bool:
    """Stream one XML part, counting ``tag`` elements, memory held constant; True once past ``limit``."""
    seen = 0
    with archive.open(name) as stream:
        for _event, element in etree.iterparse(stream, events=("end",), tag=_MAIN_NS + tag,
                                               resolve_entities=False, no_network=True, huge_tree=False):
            seen += 1
            if seen > limit:
                return True
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    return False


def workbook_open_bounded(data: bytes):
    """Open an uploaded .xlsx read-only after checking its size, its zip, its declared dimensions
    and its real cell count, in that order; nothing is loaded into memory before the checks pass.

    Raises ``ValidationError`` (Vietnamese, naming the limit).
    """
    from openpyxl import load_workbook

    upload_size_check(size=len(data), limit=settings.KEHOACH_XLSX_UPLOAD_MAX_BYTES)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    # The declared sizes bound what zipfile inflates (it stops at the declared size and fails the
    # CRC when a member lies), so checking them is enough against a zip bomb.
    expanded_limit = settings.KEHOACH_UPLOAD_MAX_EXPANDED_BYTES
    if len(infos) > 1000 or sum(max(i.file_size, 0) for i in infos) > expanded_limit:
        raise ValidationError(
            _("Tệp Excel bất thường: khi giải nén vượt quá %(limit)d MB (nghi là tệp độc hại), không tải lên được.")
            % {"limit": expanded_limit // MB}, code="zip_bomb")
    limit = settings.KEHOACH_XLSX_MAX_CELLS
    try:
        # Count the cells themselves (and the shared strings, which openpyxl loads whole), streaming,
        # before openpyxl reads anything: a sheet's declared dimension can lie or be absent.
        names = archive.namelist()
        for name in names:
            if name.startswith("xl/worksheets/") and name.endswith(".xml") and _elements_over(archive, name, "c", limit):
                raise _too_many_cells()
        if "xl/sharedStrings.xml" in names and _elements_over(archive, "xl/sharedStrings.xml", "si", limit):
            raise _too_many_cells()
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _unreadable() from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        raise _unreadable() from None
    for sheet in book.worksheets:
        try:
            rows, columns = sheet.max_row or 0, sheet.max_column or 0  # the declared <dimension ref=…>
        except Exception:
            book.close()
            raise _unreadable() from None
        if rows * columns > limit:
            book.close()
            raise _too_many_cells()
    return book


def sheet_rows(sheet, *, max_row: int, max_col: int) -> dict[int, tuple]:
    """The values of rows 1..``max_row``, columns 1..``max_col`` of a read-only sheet, read in one pass."""
    return {number: tuple(values) for number, values in enumerate(
        sheet.iter_rows(min_row=1, max_row=max_row, min_col=1, max_col=max_col, values_only=True), start=1)}
