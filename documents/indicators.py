"""Indicator tables (Bảng tổng hợp chỉ tiêu) read from a plan's annex: row kinds, codes, ratios.

Rules (DOMAIN.md 6, seed 002 Phụ lục 01):
- a row whose unit reads like "Có = 1; Không = 0" (or "Có tổ chức 1; Không tổ chức = 0") is *coded*;
- a row in "%" whose two sub-rows are counts is a *ratio* of them: the second over the first
  (2 = 2.2 / 2.1; 3.2 = 3.2.2 / 3.2.1); a "%" row without them is a percentage typed as such;
- a row without a unit that has sub-rows is a *group* heading; without sub-rows it is *text*;
- any other row with a unit is a *count* or amount.
Rows the annex leaves unnumbered (a list under a numbered row) get the parent's number and a letter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import IndicatorKind

_CODE = re.compile(r"([^\W\d_][^;=()\d]*?)\s*=?\s*(\d+)(?=\s*(?:[;,)]|$|\s+[^\W\d_]))", re.UNICODE)


@dataclass
class IndicatorRow:
    stt: str
    label: str
    unit: str | None
    kind: str = IndicatorKind.COUNT
    codes: dict[str, int] = field(default_factory=dict)
    numerator: str | None = None
    denominator: str | None = None
    parent: str | None = None
    position: int = 0

    def as_dict(self) -> dict:
        return {"stt": self.stt, "label": self.label, "unit": self.unit, "kind": self.kind, "codes": self.codes,
                "numerator": self.numerator, "denominator": self.denominator, "parent": self.parent,
                "position": self.position}


def parse_codes(unit: str | None) -> dict[str, int]:
    """"(Có tổ chức 1; Không tổ chức = 0)" → {"Có tổ chức": 1, "Không tổ chức": 0}; {} when not coded."""
    if not unit or not re.search(r"\d", unit):
        return {}
    codes = {}
    for label, value in _CODE.findall(unit.strip("() ")):
        label = " ".join(label.split()).strip(" :;,")
        if label:
            codes[label] = int(value)
    return codes if len(codes) >= 2 else {}


def _number_rows(rows: list[dict]) -> list[tuple[str, dict]]:
    numbered, section, last, letter = [], "", "", 0
    for row in rows:
        stt = (row.get("stt") or "").strip().rstrip(".")
        if re.fullmatch(r"[IVXLC]+", stt):
            section, last, letter = stt, "", 0
            numbered.append((stt, row))
        elif stt:
            last, letter = stt, 0
            numbered.append((f"{section}.{stt}" if section else stt, row))
        else:
            letter += 1
            base = f"{section}.{last}" if section and last else (last or section)
            numbered.append((f"{base}.{chr(96 + letter)}", row))
    return numbered


def classify(rows: list[dict]) -> list[IndicatorRow]:
    """Kinds, codes, parents and ratio parts of an indicator annex's rows (keys: stt, label, unit)."""
    numbered = _number_rows(rows)
    keys = [key for key, _row in numbered]
    result: list[IndicatorRow] = []
    for position, (key, row) in enumerate(numbered):
        unit = row.get("unit")
        result.append(IndicatorRow(stt=key, label=" ".join((row.get("label") or "").split()), unit=unit, position=position))
    by_key = {r.stt: r for r in result}
    for r in result:
        parent = r.stt.rsplit(".", 1)[0] if "." in r.stt else None
        r.parent = parent if parent in by_key else None
    children: dict[str, list[IndicatorRow]] = {}
    for r in result:
        if r.parent:
            children.setdefault(r.parent, []).append(r)
    for r in result:
        kids = children.get(r.stt, [])
        codes = parse_codes(r.unit)
        if codes:
            r.kind, r.codes = IndicatorKind.CODED, codes
        elif r.unit and r.unit.strip() == "%":
            counted = [k for k in kids if k.unit and k.unit.strip() not in ("%",) and not parse_codes(k.unit)]
            if len(counted) == 2:
                r.kind, r.denominator, r.numerator = IndicatorKind.RATIO, counted[0].stt, counted[1].stt
            else:
                r.kind = IndicatorKind.PERCENT
        elif not r.unit:
            r.kind = IndicatorKind.GROUP if kids or re.fullmatch(r"[IVXLC]+", r.stt) else IndicatorKind.TEXT
        else:
            r.kind = IndicatorKind.COUNT
    assert len(keys) == len(result)
    return result
