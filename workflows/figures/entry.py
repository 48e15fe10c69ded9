"""A unit enters its figures: validation per cell, and the offline Excel round trip.

Every error names the row (its STT and label) and the period; nothing is saved
until every cell is right. Ratio rows are computed, never typed; coded rows
accept only their codes; counts are non-negative numbers; a numerator may not
exceed its denominator; count and coded rows are required — in a report cycle of a recurring duty
whose period a column of the table names (``report_period``), in that column only (the grid marks it;
the other columns may be left empty, and a cycle's consolidation sums that column only).
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.models import Indicator, IndicatorKind, IndicatorTable
from documents.xlsx import cell_write, formula_write, row_append, sheet_rows, workbook_open_bounded
from orgchart import selectors as org
from workflows.figures.consolidation import consolidate, cycle_period
from workflows.heads import unit_head_position
from workflows.models import IndicatorValue, ReportState, UnitReport
from workflows.plans.services import audit_record

SHEET = "Bảng tổng hợp"
FIRST_ROW = 3  # row 1: title, row 2: headers
HEADERS = ("STT", "Chỉ tiêu", "Đơn vị tính")  # then one column per period
ENTERED = ("count", "percent", "coded", "text")
MAX_NUMBER = Decimal(10) ** 16  # IndicatorValue.number: 20 digits, 4 after the point


def _cell_name(indicator: Indicator, period_label: str) -> str:
    return _("Dòng %(stt)s (%(label)s), %(period)s") % {"stt": indicator.stt, "label": indicator.label[:60], "period": period_label}


def _number(raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return Decimal(str(raw))
    text = str(raw).strip().replace(" ", "")
    if "," in text and "." in text:  # 1.234,5 (Vietnamese) → 1234.5
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    return Decimal(text)


def _cell_error(message, *, indicator: Indicator, period: int, label: str, code: str, **params) -> ValidationError:
    """An error about one cell: its ``code`` and ``params`` say which (``stt``, ``period`` index), so that the grid,
    the Excel upload (cell name) and the API point at it without reading the message back."""
    return ValidationError(message, code=code, params={"where": _cell_name(indicator, label), "stt": indicator.stt,
                                                       "period": period, **params})


def report_period(*, report: UnitReport, table: IndicatorTable) -> int | None:
    """The column of ``table`` that ``report``'s cycle reports on (the one naming the cycle's period); None for a
    one-off report or when no column names that period (then every column is the report's, as before)."""
    return cycle_period(cycle=report.cycle, table=table)


def validate_entries(*, table: IndicatorTable, entries: dict,
                     period: int | None = None) -> tuple[list[IndicatorValue], list[ValidationError]]:
    """``entries``: {(stt, period index): raw value}. Returns (unsaved values, errors). ``period``: the only column
    whose count and coded cells are required (a report cycle's, ``report_period``); every column if None.

    Each error is a ``ValidationError`` with a ``code`` and ``params``; an error about a cell of the table has
    ``params["stt"]`` and ``params["period"]`` (the period's index).
    """
    indicators = {i.stt: i for i in table.indicators.all()}
    periods = list(table.periods)
    values, errors, numbers = [], [], {}
    for (stt, column), raw in entries.items():
        indicator = indicators.get(stt)
        if indicator is None:
            errors.append(ValidationError(_("Không có chỉ tiêu số %(stt)s trong bảng."), code="unknown_row",
                                          params={"stt": stt}))
            continue
        if not 0 <= column < len(periods):
            errors.append(ValidationError(_("Kỳ số liệu thứ %(n)s không có trong bảng."), code="unknown_period",
                                          params={"n": column + 1}))
            continue
        cell = {"indicator": indicator, "period": column, "label": periods[column]}
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if indicator.kind in (IndicatorKind.RATIO, IndicatorKind.GROUP):
            if not empty:
                errors.append(_cell_error(_("%(where)s: dòng này được tính tự động, không nhập số liệu."),
                                          code="computed", **cell))
            continue
        if empty:
            continue
        value = IndicatorValue(indicator=indicator, period=column)
        if indicator.kind == IndicatorKind.TEXT:
            value.text = str(raw).strip()
        elif indicator.kind == IndicatorKind.CODED:
            try:
                code = int(_number(raw))
            except (InvalidOperation, TypeError, ValueError):
                code = None
            allowed = sorted(indicator.codes.values())
            if code not in allowed:
                choices = "; ".join(f"{label} = {number}" for label, number in indicator.codes.items())
                errors.append(_cell_error(_("%(where)s: “%(raw)s” không phải mã hợp lệ (%(choices)s)."),
                                          code="not_a_code", raw=raw, choices=choices, **cell))
                continue
            value.code = code
        else:
            try:
                number = _number(raw)
            except (InvalidOperation, ValueError):
                number = None
            if number is None or not number.is_finite():
                errors.append(_cell_error(_("%(where)s: “%(raw)s” không phải là số."), code="not_a_number", raw=raw,
                                          **cell))
                continue
            if abs(number) >= MAX_NUMBER:
                errors.append(_cell_error(_("%(where)s: số liệu quá lớn."), code="too_large", **cell))
                continue
            if number < 0:
                errors.append(_cell_error(_("%(where)s: số liệu không được âm."), code="negative", **cell))
                continue
            if indicator.kind == IndicatorKind.PERCENT and number > 100:
                errors.append(_cell_error(_("%(where)s: tỷ lệ không được lớn hơn 100%%."), code="above_100", **cell))
                continue
            value.number = number
            numbers[(indicator.pk, column)] = number
        values.append(value)
    for ratio in (i for i in indicators.values() if i.kind == IndicatorKind.RATIO and i.numerator_id and i.denominator_id):
        for column, label in enumerate(periods):
            top, bottom = numbers.get((ratio.numerator_id, column)), numbers.get((ratio.denominator_id, column))
            if top is not None and bottom is not None and top > bottom:
                errors.append(_cell_error(_("%(where)s: tử số (dòng %(a)s) lớn hơn mẫu số (dòng %(b)s)."),
                                          code="numerator_above_denominator", indicator=ratio, period=column,
                                          label=label, a=ratio.numerator.stt, b=ratio.denominator.stt))
    given = {(v.indicator.stt, v.period) for v in values}
    wrong = {(e.params["stt"], e.params["period"]) for e in errors if "period" in e.params}
    required = list(enumerate(periods)) if period is None else [(period, periods[period])]
    for indicator in indicators.values():
        if indicator.kind in (IndicatorKind.COUNT, IndicatorKind.CODED):
            for column, label in required:
                if (indicator.stt, column) not in given and (indicator.stt, column) not in wrong:
                    errors.append(_cell_error(_("%(where)s: chưa nhập số liệu."), code="missing", indicator=indicator,
                                              period=column, label=label))
    return values, errors


@transaction.atomic
def indicator_values_save(*, report: UnitReport, table: IndicatorTable, entries: dict) -> int:
    """Save a unit's whole table, or nothing: raises ValidationError listing every wrong cell (required: the column
    of the report's cycle, if one names it, else every column)."""
    values, errors = validate_entries(table=table, entries=entries, period=report_period(report=report, table=table))
    if errors:
        raise ValidationError(errors)
    IndicatorValue.objects.filter(report=report, indicator__table=table).delete()
    for value in values:
        value.report = report
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    return len(values)


#: A unit may (re)enter its figures while it writes its report, or after it was returned.
WRITABLE_STATES = (ReportState.ACKNOWLEDGED, ReportState.DRAFTING, ReportState.RETURNED)


def report_figures_writers(*, report: UnitReport) -> set[int]:
    """Ids of who may write a unit's figures today: the report's assignee, and the unit's head (or whoever acts for them)."""
    from orgchart import selectors as org

    writers = {report.assignee_id} if report.assignee_id else set()
    try:
        position = unit_head_position(unit=report.unit)
    except ValidationError:
        return writers
    actor = org.position_actor(position=position, on=timezone.localdate())
    writers |= {user.pk for user in (actor.user, actor.holder) if user is not None}
    return writers


def report_figures_check(*, report: UnitReport, user) -> None:
    """Only the report's assignee and the unit's head, only while the report is open (PermissionDenied or ValidationError)."""
    from django.core.exceptions import PermissionDenied

    if (not user.is_authenticated or user.pk not in report_figures_writers(report=report)
            or not org.user_has_unit_right(user=user, right=org.ACT, unit=report.unit, on=timezone.localdate())):
        raise PermissionDenied(_("Chỉ người được giao soạn báo cáo và thủ trưởng %(unit)s được nhập số liệu của đơn vị.")
                               % {"unit": report.unit})
    if report.state not in WRITABLE_STATES:
        raise ValidationError(_("Báo cáo đã gửi, không thể thay đổi số liệu (trạng thái: %(state)s).")
                              % {"state": report.get_state_display()})


def _figures_by_cell(*, report: UnitReport, table: IndicatorTable) -> dict:
    return {(v.indicator.stt, v.period): _shown(v)
            for v in IndicatorValue.objects.filter(report=report, indicator__table=table).select_related("indicator")}


@transaction.atomic
def report_figures_save(*, report: UnitReport, table: IndicatorTable, user, entries: dict, task=None,
                        source: str = "") -> int:
    """The assignee or the unit head saves its figures (grid, Excel or API), the whole table or nothing.

    Audited: who, when, the unit, and every changed cell as indicator, period, old → new.
    """
    report_figures_check(report=report, user=user)
    before = _figures_by_cell(report=report, table=table)
    saved = indicator_values_save(report=report, table=table, entries=entries)
    after = _figures_by_cell(report=report, table=table)
    changes = [{"indicator": stt, "period": table.periods[period] if period < len(table.periods) else period,
                "old": before.get((stt, period)), "new": after.get((stt, period))}
               for stt, period in sorted(before.keys() | after.keys(), key=lambda key: (str(key[0]), key[1]))
               if before.get((stt, period)) != after.get((stt, period))]
    audit_record(process=report.process, task=task, actor=user, action="figures_save",
                 comment=_("Lưu số liệu của %(unit)s: %(n)s ô thay đổi.") % {"unit": report.unit, "n": len(changes)},
                 data={"unit": report.unit_id, "unit_name": str(report.unit), "table": table.pk, "source": source,
                       "saved": saved, "changes": changes})
    return saved


def _sheet_start(*, title: str, periods: list[str]):
    """A workbook laid out like the annex: the title on row 1, the headers (STT, Chỉ tiêu, ĐVT, periods) on row 2."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    cell_write(sheet["A1"], title)
    sheet["A1"].font = Font(bold=True)
    row_append(sheet, [*HEADERS, *periods])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    return book, sheet


def _sheet_bytes(book, sheet) -> bytes:
    for col, width in zip("ABC", (10, 70, 18)):
        sheet.column_dimensions[col].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def template_xlsx(*, table: IndicatorTable, report: UnitReport | None = None) -> bytes:
    """The empty table, formatted like the annex: ratio rows as formulas, coded rows with a drop-down."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book, sheet = _sheet_start(title=table.title or SHEET, periods=table.periods)
    indicators = list(table.indicators.select_related("numerator", "denominator"))
    row_of = {i.pk: FIRST_ROW + n for n, i in enumerate(indicators)}
    existing = {}
    if report is not None:
        for v in IndicatorValue.objects.filter(report=report, indicator__table=table):
            existing[(v.indicator_id, v.period)] = v.code if v.code is not None else (v.number if v.number is not None else v.text)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for n, indicator in enumerate(indicators):
        row = FIRST_ROW + n
        for column, text in enumerate((indicator.stt, indicator.label, indicator.unit), start=1):
            cell_write(sheet.cell(row=row, column=column), text)
        for p in range(len(table.periods)):
            cell = sheet.cell(row=row, column=4 + p)
            if indicator.kind == IndicatorKind.RATIO and indicator.numerator_id and indicator.denominator_id:
                col = get_column_letter(4 + p)
                top, bottom = f"{col}{row_of[indicator.numerator_id]}", f"{col}{row_of[indicator.denominator_id]}"
                formula_write(cell, f'=IF(N({bottom})=0,"",ROUND({top}/{bottom}*100,2))')
                cell.fill = grey
            elif indicator.kind == IndicatorKind.GROUP:
                cell.fill = grey
            else:
                cell_write(cell, existing.get((indicator.pk, p)))
        if indicator.kind == IndicatorKind.GROUP:
            for c in range(1, 4):
                sheet.cell(row=row, column=c).font = Font(bold=True)
        if indicator.kind == IndicatorKind.CODED:
            rule = DataValidation(type="list", formula1='"' + ",".join(str(v) for v in sorted(indicator.codes.values())) + '"',
                                  allow_blank=True)
            rule.add(f"D{row}:{get_column_letter(3 + len(table.periods))}{row}")
            sheet.add_data_validation(rule)
    return _sheet_bytes(book, sheet)


def entries_from_xlsx(*, table: IndicatorTable, data: bytes, period: int | None = None) -> dict:
    """Read a filled template; raises ValidationError listing every structural problem and wrong cell (by cell name).
    ``period``: as for ``validate_entries``."""
    from openpyxl.utils import get_column_letter


    book = workbook_open_bounded(data)  # size, zip, declared and real cell counts checked before reading
    errors = []
    if book.sheetnames != [SHEET]:
        errors.append(_("Tệp phải có đúng một trang tính tên “%(name)s” (đang có: %(names)s).")
                      % {"name": SHEET, "names": ", ".join(book.sheetnames)})
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    expected = [*HEADERS, *table.periods]
    indicators = list(table.indicators.all())
    cells = sheet_rows(sheet, max_row=FIRST_ROW + len(indicators) - 1, max_col=len(expected))
    book.close()

    def value_at(row: int, column: int):
        values = cells.get(row) or ()
        return values[column - 1] if column <= len(values) else None

    header = [value_at(2, c) for c in range(1, len(expected) + 1)]
    if [str(h or "").strip() for h in header] != expected:
        errors.append(_("Dòng tiêu đề (dòng 2) không đúng mẫu: cần %(cols)s.") % {"cols": " | ".join(expected)})
    entries = {}
    for n, indicator in enumerate(indicators):
        row = FIRST_ROW + n
        stt = str(value_at(row, 1) or "").strip()
        if stt != indicator.stt:
            errors.append(_("Ô A%(row)s: cần STT “%(stt)s”, tệp có “%(got)s” (không thêm, bớt hay đổi thứ tự dòng).")
                          % {"row": row, "stt": indicator.stt, "got": stt})
            continue
        for p in range(len(table.periods)):
            value = value_at(row, 4 + p)
            if indicator.kind == IndicatorKind.RATIO and isinstance(value, str) and value.startswith("="):
                continue  # the template's own formula
            entries[(indicator.stt, p)] = value
    if errors:
        raise ValidationError(errors)
    values, cell_errors = validate_entries(table=table, entries=entries, period=period)
    if cell_errors:
        row_of = {i.stt: FIRST_ROW + n for n, i in enumerate(indicators)}
        raise ValidationError([_("Ô %(cell)s — %(msg)s") % {"cell": _cell_of(error, row_of, get_column_letter),
                                                             "msg": " ".join(error.messages)}
                               for error in cell_errors])
    return entries


def _cell_of(error: ValidationError, row_of: dict, letter) -> str:
    """The spreadsheet cell an error of ``validate_entries`` is about: its row from ``params["stt"]``, its column
    from ``params["period"]`` ("?" for an error about no cell of the table)."""
    stt, period = error.params.get("stt"), error.params.get("period")
    if stt not in row_of or period is None:
        return "?"
    return f"{letter(4 + period)}{row_of[stt]}"


# --- the entry grid (lưới nhập số liệu) on the report screen ------------------------

CELL = "v-{pk}-{period}"


def entries_from_post(*, table: IndicatorTable, data) -> dict:
    """The grid's posted cells as ``{(stt, period): raw}`` (ratio and group rows are never posted)."""
    entries = {}
    for indicator in table.indicators.only("pk", "stt", "kind"):
        if indicator.kind in (IndicatorKind.RATIO, IndicatorKind.GROUP):
            continue
        for period in range(len(table.periods)):
            name = CELL.format(pk=indicator.pk, period=period)
            if name in data:
                entries[(indicator.stt, period)] = data.get(name)
    return entries


def _shown(value: IndicatorValue) -> str:
    if value.code is not None:
        return str(value.code)
    if value.number is not None:
        number = value.number.normalize()
        return f"{number:f}"
    return value.text


def report_figures_initial(*, report: UnitReport, table: IndicatorTable) -> dict:
    """What the grid shows before anything is posted: the unit's saved figures; for a unit that
    consolidates others (a district), the sums of its accepted children's figures to start from."""
    saved = {(v.indicator_id, v.period): _shown(v) for v in IndicatorValue.objects.filter(report=report, indicator__table=table)}
    if saved or not report.children.exists():
        return saved

    result = consolidate(table=table, reports=report.children.all(), period=report_period(report=report, table=table))
    return {key: f"{Decimal(total).normalize():f}" for key, total in result.totals.items() if total is not None}


def grid_rows(*, table: IndicatorTable, initial: dict, posted=None, errors=(), period: int | None = None) -> list[dict]:
    """Rows of the entry grid: each cell's input name, value and kind (ratios computed in the page, not typed);
    ``period``: the report cycle's column (``report_period``), each of its cells marked ``current``.

    ``errors``: the ``ValidationError``s of a refused save (``validate_entries``'s): an error whose ``params`` name a
    cell (``stt``, ``period``) gives that cell its message (``error``) and marks it ``wrong``; a wrong ratio marks
    its two inputs as well.
    """
    indicators = list(table.indicators.all())
    periods = list(table.periods)
    by_stt = {indicator.stt: indicator for indicator in indicators}
    messages, wrong = {}, set()
    for error in errors:
        params = getattr(error, "params", None) or {}
        indicator = by_stt.get(params.get("stt"))
        where = params.get("period")
        if indicator is None or where is None:
            continue
        messages.setdefault((indicator.pk, where), " ".join(error.messages))
        wrong.add((indicator.pk, where))
        if indicator.kind == IndicatorKind.RATIO and indicator.numerator_id and indicator.denominator_id:
            wrong |= {(indicator.numerator_id, where), (indicator.denominator_id, where)}
    rows = []
    for indicator in indicators:
        cells = []
        for column in range(len(periods)):
            name = CELL.format(pk=indicator.pk, period=column)
            value = posted.get(name, "") if posted is not None else initial.get((indicator.pk, column), "")
            cell = {"name": name, "value": value, "period": column, "wrong": (indicator.pk, column) in wrong,
                    "error": messages.get((indicator.pk, column), ""), "current": column == period}
            if indicator.kind == IndicatorKind.RATIO and indicator.numerator_id and indicator.denominator_id:
                cell["numerator"] = CELL.format(pk=indicator.numerator_id, period=column)
                cell["denominator"] = CELL.format(pk=indicator.denominator_id, period=column)
            cells.append(cell)
        codes = sorted(((number, label) for label, number in (indicator.codes or {}).items()))
        rows.append({"indicator": indicator, "kind": indicator.kind, "codes": codes, "cells": cells,
                     "required": indicator.kind in (IndicatorKind.COUNT, IndicatorKind.CODED)})
    return rows


def consolidated_xlsx(*, table: IndicatorTable, rows: list[dict], result, level) -> bytes:
    """The consolidated table as Excel: same layout as the template, then the units included and left out."""
    from openpyxl.styles import Font

    book, sheet = _sheet_start(title=_("%(title)s — tổng hợp tại %(unit)s") % {"title": table.title or SHEET, "unit": level},
                               periods=table.periods)
    for row in rows:
        row_append(sheet, [row["stt"], row["label"], row["unit"], *row["cells"]])
        if row["kind"] == IndicatorKind.GROUP:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.append([])
    row_append(sheet, ["", _("Đơn vị đã báo cáo (%(n)s)") % {"n": len(result.included)},
                       ", ".join(str(u) for u in result.included)])
    row_append(sheet, ["", _("Chưa báo cáo, không tổng hợp (%(n)s)") % {"n": len(result.missing)},
                       ", ".join(str(u) for u in result.missing)])
    return _sheet_bytes(book, sheet)
