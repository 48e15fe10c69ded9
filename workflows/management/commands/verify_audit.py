"""Walk the audit log's hash chain: ``python manage.py verify_audit [--json]``; exit 1 and the first broken entry."""

import json
import sys

from django.core.management.base import BaseCommand

from workflows.audit.chain import audit_verify

REASONS = {
    "hash": "mục nhật ký đã bị sửa",
    "prev_hash": "một mục trước mục này đã bị xóa hoặc chèn thêm",
    "head": "các mục sau mục này đã bị xóa (đầu chuỗi không khớp)",
}


class Command(BaseCommand):
    help = "Kiểm tra chuỗi dấu SHA-256 của nhật ký xử lý."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, **options):
        result = audit_verify()
        broken = result["broken"]
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif broken is None:
            self.stdout.write(f"Nhật ký nguyên vẹn: {result['checked']} mục.")
        else:
            self.stdout.write(f"Chuỗi nhật ký bị đứt tại mục {broken['id']}: {REASONS[broken['reason']]}.")
        if broken is not None:
            sys.exit(1)
