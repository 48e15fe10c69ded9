"""Scan every issued document against the fingerprints taken at issue (snapshot and sealed renditions).

``python manage.py verify_documents --json`` prints ``{"checked": N, "mismatched": [...]}``; the exit status is 1
when anything does not match, so a backup/restore drill can rely on it.
"""

import json
import sys

from django.core.management.base import BaseCommand

from documents.integrity import documents_verify


class Command(BaseCommand):
    help = "Kiểm tra dấu SHA-256 của mọi văn bản đã ban hành (nội dung chốt và các tệp kết xuất)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, **options):
        result = documents_verify()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"Đã kiểm tra {result['checked']} văn bản đã ban hành; "
                              f"{len(result['mismatched'])} văn bản sai lệch.")
            for item in result["mismatched"]:
                reasons = "; ".join(p["message"] + (f" ({p['kind'] or p['detail']})" if p["kind"] or p["detail"] else "")
                                    for p in item["problems"])
                self.stdout.write(f"  - {item['symbol'] or item['id']} (mã {item['id']}): {reasons}")
        if result["mismatched"]:
            sys.exit(1)
