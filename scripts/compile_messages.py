"""Compile the project's gettext catalogs (locale/<lang>/LC_MESSAGES/*.po) into .mo files.

The .mo files are generated (git-ignored), so `make install` runs this script. It needs
neither GNU gettext nor any package outside the standard library: the .po reader and the
.mo writer below follow GNU msgfmt (same file layout as CPython's Tools/i18n/msgfmt.py).

    .venv/bin/python scripts/compile_messages.py            # every catalog under the project
    .venv/bin/python scripts/compile_messages.py --force    # rebuild even if up to date
    .venv/bin/python scripts/compile_messages.py DIR|FILE.po ...

Quick and idempotent: a catalog whose .mo is at least as new as its .po is skipped.
Like msgfmt, fuzzy and untranslated entries are left out of the .mo (with a warning).
A malformed catalog stops the run with exit status 1 and "file:line: reason" on stderr:
bad syntax or escapes, duplicate messages, a missing header or charset other than UTF-8,
plural forms that do not match Plural-Forms, or a python-format / python-brace-format
entry whose translation does not keep the placeholders of its msgid.
"""

from __future__ import annotations

import argparse
import os
import re
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {"node_modules", "__pycache__", "var", "build", "dist", "site-packages"}

# %(name)s / %s style (python-format) and {name} / {0} / {} style (python-brace-format)
PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<conv>[diouxXeEfFgGcrsa%])")
BRACE = re.compile(r"\{(?P<field>[A-Za-z0-9_.\[\]]*)(?:![rsa])?(?::[^{}]*)?\}")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
           "\\": "\\", '"': '"', "'": "'", "?": "?"}


class PoError(Exception):
    """A malformed catalog; str() is "path:line: reason"."""


def percent_placeholders(text: str):
    named, positional = set(), []
    for m in PERCENT.finditer(text):
        if m.group("conv") == "%":
            continue
        if m.group("name") is not None:
            named.add(m.group("name"))
        else:
            positional.append(m.group("conv"))
    return named, positional


def brace_placeholders(text: str):
    text = text.replace("{{", "").replace("}}", "")
    named, positional = set(), []
    for m in BRACE.finditer(text):
        field = m.group("field")
        if field == "":
            positional.append("{}")
        else:
            named.add(field)
    return named, positional


def _unquote(token: str, where: str) -> str:
    token = token.strip()
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise PoError(f"{where}: expected a double-quoted string, got {token!r}")
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch == '"':
            raise PoError(f"{where}: unescaped double quote inside a string")
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        if i + 1 >= len(body):
            raise PoError(f"{where}: string ends with a lone backslash")
        nxt = body[i + 1]
        if nxt in ESCAPES:
            out.append(ESCAPES[nxt])
            i += 2
        elif nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1:]).group(0)
            out.append(chr(int(digits, 8)))
            i += 1 + len(digits)
        elif nxt == "x" and re.match(r"[0-9A-Fa-f]{1,2}", body[i + 2:]):
            digits = re.match(r"[0-9A-Fa-f]{1,2}", body[i + 2:]).group(0)
            out.append(chr(int(digits, 16)))
            i += 2 + len(digits)
        else:
            raise PoError(f"{where}: invalid escape sequence \\{nxt}")
    return "".join(out)


class _Entry:
    def __init__(self, line: int):
        self.line = line
        self.flags: set[str] = set()
        self.msgctxt: str | None = None
        self.msgid: str | None = None
        self.msgid_plural: str | None = None
        self.msgstr: str | None = None
        self.msgstr_plural: dict[int, str] = {}


def parse_po(path: Path) -> list[_Entry]:
    """Read a .po file into entries (obsolete #~ entries dropped); raise PoError when malformed."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PoError(f"{path}: cannot read: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PoError(f"{path}:{line}: not valid UTF-8") from exc
    text = text.lstrip("\ufeff")

    entries: list[_Entry] = []
    entry: _Entry | None = None
    pending_flags: set[str] = set()
    field: str | None = None  # what a continuation line "..." extends
    plural_index = 0

    def finish():
        nonlocal entry, field
        field = None
        if entry is not None:
            where = f"{path}:{entry.line}"
            if entry.msgid is None:
                raise PoError(f"{where}: msgctxt without msgid")
            if entry.msgid_plural is None and entry.msgstr is None:
                raise PoError(f"{where}: msgid without msgstr")
            if entry.msgid_plural is not None and not entry.msgstr_plural:
                raise PoError(f"{where}: msgid_plural without msgstr[0]")
            entries.append(entry)
        entry = None

    for lineno, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{lineno}"
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if stripped.startswith("#,"):
                if entry is not None and (entry.msgstr is not None or entry.msgstr_plural):
                    finish()
                pending_flags |= {f.strip() for f in stripped[2:].split(",") if f.strip()}
            continue  # translator/extracted comments, references, #| previous, #~ obsolete
        keyword, _, rest = stripped.partition(" ")
        if stripped.startswith('"'):
            if field is None:
                raise PoError(f"{where}: string continuation outside of an entry")
            value = _unquote(stripped, where)
            if field == "msgstr[]":
                entry.msgstr_plural[plural_index] += value
            else:
                setattr(entry, field, getattr(entry, field) + value)
            continue
        m = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword in ("msgctxt", "msgid"):
            if entry is not None and (keyword == "msgctxt" or entry.msgid is not None):
                if entry.msgstr is None and not entry.msgstr_plural:
                    raise PoError(f"{where}: {keyword} before the msgstr of the previous entry")
                finish()
            if entry is None:
                entry = _Entry(lineno)
                entry.flags, pending_flags = pending_flags, set()
            setattr(entry, keyword, _unquote(rest, where))
            field = keyword
        elif keyword == "msgid_plural":
            if entry is None or entry.msgid is None or entry.msgstr is not None or entry.msgstr_plural:
                raise PoError(f"{where}: msgid_plural must follow msgid")
            entry.msgid_plural = _unquote(rest, where)
            field = "msgid_plural"
        elif keyword == "msgstr":
            if entry is None or entry.msgid is None:
                raise PoError(f"{where}: msgstr without msgid")
            if entry.msgid_plural is not None:
                raise PoError(f"{where}: plural entry needs msgstr[N], not msgstr")
            if entry.msgstr is not None:
                raise PoError(f"{where}: second msgstr for one msgid")
            entry.msgstr = _unquote(rest, where)
            field = "msgstr"
        elif m:
            if entry is None or entry.msgid_plural is None:
                raise PoError(f"{where}: msgstr[N] without msgid_plural")
            plural_index = int(m.group(1))
            if plural_index != len(entry.msgstr_plural):
                raise PoError(f"{where}: expected msgstr[{len(entry.msgstr_plural)}], got msgstr[{plural_index}]")
            entry.msgstr_plural[plural_index] = _unquote(rest, where)
            field = "msgstr[]"
        else:
            raise PoError(f"{where}: unknown keyword {keyword!r}")
    finish()
    return entries


def _header(entries: list[_Entry], path: Path) -> dict[str, str]:
    head = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    if head is None or not head.msgstr:
        raise PoError(f"{path}: no header entry (msgid \"\") with Content-Type and Plural-Forms")
    fields = {}
    for line in head.msgstr.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip().lower()] = value.strip()
    charset = re.search(r"charset=([^\s;]+)", fields.get("content-type", ""))
    if not charset or charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        raise PoError(f"{path}:{head.line}: header must declare Content-Type: text/plain; charset=UTF-8")
    return fields


def _nplurals(fields: dict[str, str], path: Path, line: int) -> int | None:
    if "plural-forms" not in fields:
        return None
    m = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*([^;]+)", fields["plural-forms"])
    if not m or int(m.group(1)) < 1:
        raise PoError(f"{path}:{line}: malformed Plural-Forms: {fields['plural-forms']!r}")
    return int(m.group(1))


def _check_format(entry: _Entry, path: Path, nplurals: int | None) -> None:
    """A translation may not add named placeholders, nor change the anonymous ones (%s, {})."""
    extractors = []
    if "python-format" in entry.flags:
        extractors.append(percent_placeholders)
    if "python-brace-format" in entry.flags:
        extractors.append(brace_placeholders)
    for extract in extractors:
        if entry.msgid_plural is None:
            pairs = [("msgstr", entry.msgstr, entry.msgid, True)]
        else:
            # with one plural form msgstr[0] serves every n; otherwise msgstr[0] is the singular
            pairs = [(f"msgstr[{i}]", text, entry.msgid if i == 0 and nplurals != 1 else entry.msgid_plural, False)
                     for i, text in entry.msgstr_plural.items()]
        allowed = extract(entry.msgid)[0] | (extract(entry.msgid_plural)[0] if entry.msgid_plural else set())
        for name, text, source, exact in pairs:
            want_named, want_pos = extract(source)
            got_named, got_pos = extract(text)
            if got_pos != want_pos or not got_named <= allowed or (exact and got_named != want_named):
                raise PoError(f"{path}:{entry.line}: {name} does not keep the placeholders of its msgid "
                              f"{entry.msgid!r}: expected {sorted(want_named) + want_pos}, "
                              f"got {sorted(got_named) + got_pos}")


def compile_catalog(po_path: Path, mo_path: Path) -> dict[str, int]:
    """Compile one .po into .mo (written atomically); return counts of kept and left-out entries."""
    po_path, mo_path = Path(po_path), Path(mo_path)
    entries = parse_po(po_path)
    fields = _header(entries, po_path)
    head_line = next(e.line for e in entries if e.msgid == "")
    nplurals = _nplurals(fields, po_path, head_line)

    messages: dict[bytes, bytes] = {}
    seen: dict[tuple, int] = {}
    stats = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise PoError(f"{po_path}:{entry.line}: duplicate message (first defined at line {seen[key]}): "
                          f"{entry.msgid!r}" + (f" in context {entry.msgctxt!r}" if entry.msgctxt else ""))
        seen[key] = entry.line
        is_header = entry.msgid == "" and entry.msgctxt is None
        if entry.msgid_plural is not None:
            if nplurals is None:
                raise PoError(f"{po_path}:{entry.line}: plural entry but the header has no Plural-Forms")
            if len(entry.msgstr_plural) != nplurals:
                raise PoError(f"{po_path}:{entry.line}: {len(entry.msgstr_plural)} plural forms, "
                              f"Plural-Forms says nplurals={nplurals}")
            translations = list(entry.msgstr_plural.values())
        else:
            translations = [entry.msgstr]
        if not is_header:
            if "fuzzy" in entry.flags:
                stats["fuzzy"] += 1
                continue
            if not all(translations):
                stats["untranslated"] += 1
                continue
            _check_format(entry, po_path, nplurals)
            stats["translated"] += 1
        if is_header:  # as GNU msgfmt does, so the .mo does not change when only the .pot date does
            translations = ["".join(line for line in translations[0].splitlines(keepends=True)
                                    if not line.startswith("POT-Creation-Date:"))]
        msgid = entry.msgid if entry.msgid_plural is None else entry.msgid + "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            msgid = entry.msgctxt + "\x04" + msgid
        messages[msgid.encode("utf-8")] = "\0".join(translations).encode("utf-8")

    write_mo(messages, mo_path)
    return stats


def write_mo(messages: dict[bytes, bytes], mo_path: Path) -> None:
    """Write a GNU .mo file (little-endian, no hash table) atomically."""
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    koffsets, voffsets = [], []
    for o1, l1, o2, l2 in offsets:
        koffsets += [l1, o1 + keystart]
        voffsets += [l2, o2 + valuestart]
    output = struct.pack("<Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    output += struct.pack(f"<{len(koffsets) + len(voffsets)}i", *(koffsets + voffsets))
    output += ids + strs
    tmp = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(output)
        os.replace(tmp, mo_path)
    finally:
        if tmp.exists():
            tmp.unlink()


def find_catalogs(base: Path) -> list[Path]:
    """Every locale/<lang>/LC_MESSAGES/*.po under base, skipping virtualenvs, hidden and generated dirs."""
    found = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS
                             and not (Path(dirpath, d, "pyvenv.cfg").exists()))
        here = Path(dirpath)
        if here.name == "LC_MESSAGES" and here.parent.parent.name == "locale":
            found += [here / f for f in sorted(filenames) if f.endswith(".po")]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compile locale/*/LC_MESSAGES/*.po into .mo without GNU gettext.")
    parser.add_argument("paths", nargs="*", type=Path, help="directories to search or .po files (default: the project)")
    parser.add_argument("--force", action="store_true", help="recompile even when the .mo is up to date")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    args = parser.parse_args(argv)

    catalogs: list[Path] = []
    for path in args.paths or [ROOT]:
        if path.is_dir():
            catalogs += find_catalogs(path)
        elif path.suffix == ".po" and path.is_file():
            catalogs.append(path)
        else:
            print(f"compile_messages: no such directory or .po file: {path}", file=sys.stderr)
            return 2

    compiled = 0
    for po_path in catalogs:
        mo_path = po_path.with_suffix(".mo")
        if not args.force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            stats = compile_catalog(po_path, mo_path)
        except PoError as exc:
            print(f"compile_messages: error: {exc}", file=sys.stderr)
            print(f"compile_messages: {po_path} is malformed; no .mo written for it.", file=sys.stderr)
            return 1
        compiled += 1
        left_out = {k: v for k, v in stats.items() if k != "translated" and v}
        if left_out:
            print(f"compile_messages: warning: {po_path}: left out " +
                  ", ".join(f"{v} {k}" for k, v in left_out.items()) + " entries", file=sys.stderr)
        if not args.quiet:
            print(f"compiled {po_path} ({stats['translated']} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
