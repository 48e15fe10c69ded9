"""Bring the unit permissions (django-guardian) in line with the holdings and delegations of a day, now."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from orgchart.services import unit_permissions_sync


class Command(BaseCommand):
    help = "Cấp và thu hồi quyền theo đơn vị theo ngày hiệu lực của bổ nhiệm, giao quyền (mặc định: hôm nay)."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="Ngày, dạng YYYY-MM-DD")

    def handle(self, *args, on=None, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError(f"Ngày không hợp lệ: {on}") from None
        granted, revoked = unit_permissions_sync(on=day)
        self.stdout.write(f"{day:%d/%m/%Y}: cấp {granted}, thu hồi {revoked}")
