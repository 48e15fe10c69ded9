"""Compile locale/*/LC_MESSAGES/*.po into .mo (generated files, not committed) without GNU gettext.

Idempotent and quick: a catalog whose .mo is newer than its .po is skipped.
Exits non-zero with the reason when a catalog is malformed.
"""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    compiled = 0
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            catalog = polib.pofile(str(po_path))
        except (OSError, ValueError) as exc:
            print(f"Lỗi: không đọc được {po_path.relative_to(ROOT)}: {exc}", file=sys.stderr)
            return 1
        untranslated = [e.msgid for e in catalog if not e.obsolete and not e.translated()]
        if untranslated:
            print(f"Lỗi: {po_path.relative_to(ROOT)} còn {len(untranslated)} mục chưa dịch, ví dụ: {untranslated[0]!r}",
                  file=sys.stderr)
            return 1
        catalog.save_as_mofile(str(mo_path))
        compiled += 1
    if compiled:
        print(f"Đã biên dịch {compiled} tệp ngôn ngữ.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
