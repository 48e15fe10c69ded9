"""python manage.py demo_otp LOGIN — the one-time code a demo signer types to sign (their demo authenticator)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orgchart.two_factor import demo_code


class Command(BaseCommand):
    help = "In mã xác thực hai lớp hiện tại của một tài khoản mẫu (thiết bị mẫu do load_demo đăng ký)."

    def add_arguments(self, parser):
        parser.add_argument("login", help="Tên đăng nhập, ví dụ pct.loan")

    def handle(self, *args, login, **options):
        user = get_user_model().objects.filter(username=login).first()
        if user is None:
            raise CommandError(f"Không có tài khoản {login}.")
        try:
            self.stdout.write(demo_code(user))
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
