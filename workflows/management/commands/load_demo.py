"""python manage.py load_demo — the demo data built from the seeds (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from orgchart.demo import load_orgchart
from workflows.demo import load_plans


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: sơ đồ tổ chức tỉnh Thái Nguyên, người dùng cho mọi vai trò, kế hoạch ở mọi trạng thái."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=settings.DEMO_PASSWORD, help="Mật khẩu chung của các tài khoản mẫu.")

    @transaction.atomic
    def handle(self, *args, password, **options):
        logins = load_orgchart(password=password)
        plans = load_plans()
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Mật khẩu chung cho mọi tài khoản: {password}")
        width = max(len(u) for u, _, _ in logins)
        for username, name, role in logins:
            self.stdout.write(f"  {username:<{width}}  {name} — {role}")
        self.stdout.write("Kế hoạch mẫu:")
        for line in plans:
            self.stdout.write(f"  {line}")
