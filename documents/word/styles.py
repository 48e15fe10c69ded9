"""Just enough of styles.xml and numbering.xml: bold, italic, alignment and automatic list numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .package import W


def _on(el) -> bool | None:
    if el is None:
        return None
    return el.get(f"{W}val", "true").lower() not in {"0", "false", "off", "none"}


@dataclass
class _Style:
    name: str
    based_on: str | None
    bold: bool | None
    italic: bool | None
    align: str | None
    num: tuple[str, int] | None


class Styles:
    """Just enough of styles.xml: bold, italic, alignment and numbering, with inheritance."""

    def __init__(self, root: etree._Element | None):
        self._styles: dict[str, _Style] = {}
        self._cache: dict[tuple[str | None, str], object] = {}
        self.default_bold = self.default_italic = False
        self.default_paragraph: str | None = None
        if root is None:
            return
        rpr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if rpr is not None:
            self.default_bold = bool(_on(rpr.find(f"{W}b")))
            self.default_italic = bool(_on(rpr.find(f"{W}i")))
        for st in root.iter(f"{W}style"):
            sid = st.get(f"{W}styleId")
            if not sid:
                continue
            name_el, based_el = st.find(f"{W}name"), st.find(f"{W}basedOn")
            rpr, ppr = st.find(f"{W}rPr"), st.find(f"{W}pPr")
            jc = ppr.find(f"{W}jc") if ppr is not None else None
            num = None
            if ppr is not None and (np := ppr.find(f"{W}numPr")) is not None:
                num = _num_pr(np)
            self._styles[sid] = _Style(
                name=(name_el.get(f"{W}val") if name_el is not None else sid) or sid,
                based_on=based_el.get(f"{W}val") if based_el is not None else None,
                bold=_on(rpr.find(f"{W}b")) if rpr is not None else None,
                italic=_on(rpr.find(f"{W}i")) if rpr is not None else None,
                align=jc.get(f"{W}val") if jc is not None else None,
                num=num,
            )
            if st.get(f"{W}type") == "paragraph" and st.get(f"{W}default") in {"1", "true", "on"}:
                self.default_paragraph = sid

    def _chain(self, sid: str | None):
        seen = set()
        while sid and sid in self._styles and sid not in seen:
            seen.add(sid)
            yield self._styles[sid]
            sid = self._styles[sid].based_on

    def lookup(self, sid: str | None, attr: str):
        key = (sid, attr)
        if key in self._cache:
            return self._cache[key]
        value = None
        for st in self._chain(sid or self.default_paragraph):
            value = getattr(st, attr)
            if value is not None:
                break
        self._cache[key] = value
        return value

    def name(self, sid: str | None) -> str:
        st = self._styles.get(sid or "")
        return st.name if st else (sid or "")


def _num_pr(np) -> tuple[str, int] | None:
    num_id, ilvl = np.find(f"{W}numId"), np.find(f"{W}ilvl")
    if num_id is None:
        return None
    return num_id.get(f"{W}val", "0"), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0


_ROMAN_TABLE = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN_TABLE:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


_VI_LETTERS = "abcdđeghiklmnopqrstuvxy"


class Numbering:
    """Automatic list numbers (``I.``, ``1.``, ``a)``, ``-``) that Word draws but does not store as text."""

    def __init__(self, root: etree._Element | None):
        self._levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in an.iter(f"{W}lvl"):
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1,
                )
            abstract[an.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self._levels[num.get(f"{W}numId", "")] = abstract.get(ref.get(f"{W}val", ""), {})

    def label(self, num: tuple[str, int] | None) -> str:
        if num is None:
            return ""
        num_id, ilvl = num
        levels = self._levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 10)
        ilvl = min(ilvl, 9)
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = 0

        def render(m: re.Match) -> str:
            lvl = int(m.group(1)) - 1
            value = counters[lvl] or levels.get(lvl, ("decimal", "", 1))[2]
            lfmt = levels.get(lvl, ("decimal", "", 1))[0]
            if lfmt == "upperRoman":
                return to_roman(value)
            if lfmt == "lowerRoman":
                return to_roman(value).lower()
            if lfmt in {"lowerLetter", "upperLetter"}:
                letter = _VI_LETTERS[(value - 1) % len(_VI_LETTERS)]
                return letter.upper() if lfmt == "upperLetter" else letter
            return str(value)

        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""
        return re.sub(r"%(\d)", render, text)


