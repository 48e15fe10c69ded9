"""python manage.py verify_pdf FILE.pdf [--json]: the signatures of a PDF, checked offline; exit 1 when not valid."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.signing.verify import REVOCATION_NOTE, pdf_verify


class Command(BaseCommand):
    help = ("Kiểm tra chữ ký số của tệp PDF (ngoại tuyến; không kiểm tra thu hồi OCSP/CRL). "
            "Thoát mã 1 khi chữ ký hỏng hoặc không tin cậy.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, file: str, json: bool, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc}") from None
        result = pdf_verify(data)
        if json:
            self.stdout.write(_dumps(result))
        else:
            for s in result["signatures"]:
                self.stdout.write(f"{s['kind']}: {s['signer']} — {s['signed_at']} — "
                                  f"{'nguyên vẹn' if s['intact'] else 'BỊ SỬA'}, "
                                  f"{'tin cậy' if s['trusted'] else 'KHÔNG TIN CẬY'}, "
                                  f"thay đổi sau khi ký: {s['changes']}")
            self.stdout.write("HỢP LỆ" if result["valid"] else "KHÔNG HỢP LỆ")
        self.stderr.write(str(REVOCATION_NOTE))
        if not result["valid"]:
            sys.exit(1)


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False)
