"""python manage.py load_demo — the demo data built from the seeds (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from documents.signing.democa import demo_keys_create
from documents.signing.services import demo_documents_sign
from orgchart.demo import load_orgchart
from workflows.demo.plans import load_plans


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: sơ đồ tổ chức tỉnh Thái Nguyên, người dùng cho mọi vai trò, kế hoạch ở mọi trạng thái."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=settings.DEMO_PASSWORD, help="Mật khẩu chung của các tài khoản mẫu.")

    @transaction.atomic
    def handle(self, *args, password, **options):
        logins = load_orgchart(password=password)

        demo_keys_create(pin=settings.KEHOACH_DEMO_PIN)
        plans = load_plans()
        signed = demo_documents_sign(pin=settings.KEHOACH_DEMO_PIN)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self.stdout.write(f"Mật khẩu chung cho mọi tài khoản: {password}; mã PIN ký số mẫu: {settings.KEHOACH_DEMO_PIN}")
        self.stdout.write(f"Văn bản đã ký số: {signed}")
        width = max(len(u) for u, _, _ in logins)
        for username, name, role in logins:
            self.stdout.write(f"  {username:<{width}}  {name} — {role}")
        self.stdout.write("Kế hoạch mẫu:")
        for line in plans:
            self.stdout.write(f"  {line}")
