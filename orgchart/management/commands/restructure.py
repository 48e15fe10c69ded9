"""python manage.py restructure FILE.json [--dry-run] — apply a dated change of the org chart."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orgchart.restructuring import restructure


class Command(BaseCommand):
    help = "Áp dụng sắp xếp tổ chức theo ngày (sáp nhập, giải thể, đổi tên) và chuyển công việc đang mở sang đơn vị kế thừa."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp JSON mô tả thay đổi")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in những gì sẽ thay đổi, không lưu.")

    def handle(self, *args, file, dry_run, **options):
        try:
            spec = json.loads(Path(file).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"Không tìm thấy tệp: {file}", returncode=2) from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"Tệp không phải JSON hợp lệ: {exc}", returncode=2) from None
        try:
            result = restructure(spec=spec, dry_run=dry_run)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages), returncode=2) from None
        if dry_run:
            self.stdout.write("Chạy thử — chưa lưu thay đổi nào:")
        for line in result.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(f"Tổng: {len(result.ended)} đơn vị kết thúc, {len(result.moved)} công việc chuyển, "
                          f"{len(result.merged)} gộp.")
