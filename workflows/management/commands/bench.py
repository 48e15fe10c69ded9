"""python manage.py bench [all|inbox|…|rush|province] --json — speed is measured here, never in tests."""

from __future__ import annotations

import json
import os

from django.core.management.base import BaseCommand, CommandError

from workflows.bench import runs as bench
from workflows.bench import servers as bench_servers
from workflows.bench.cycles import bench_cycles

BENCHMARKS = {**bench.BENCHMARKS, "cycles": bench_cycles}

#: Benchmarks that need PostgreSQL and start servers or build a province: run by name, not by ``all``.
LARGE = ("rush", "province")


class Command(BaseCommand):
    help = ("Đo hiệu năng (in JSON): all, inbox, reminders, fanout, render, import, consolidate, cycles; "
            "rush, province (PostgreSQL).")

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", default="all", choices=["all", *BENCHMARKS, *LARGE])
        parser.add_argument("--tasks", type=int, default=10000, help="Số công việc đang mở (inbox, reminders).")
        parser.add_argument("--units", type=int, nargs="+", default=None,
                            help="Số đơn vị (fanout: 1000 5000 10000; consolidate: 1000; rush: 500; province: 1000).")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--cycles", type=int, default=10, help="Số kỳ báo cáo (cycles).")
        parser.add_argument("--indicators", type=int, default=150, help="Số chỉ tiêu (consolidate).")
        parser.add_argument("--periods", type=int, default=5, help="Số kỳ số liệu (consolidate).")
        parser.add_argument("--clients", type=int, default=2 * (os.cpu_count() or 2),
                            help="rush: số luồng máy khách đồng thời (mặc định gấp đôi số lõi CPU: máy chủ luôn bận, "
                                 "thêm máy khách chỉ thêm thời gian chờ).")
        parser.add_argument("--workers", type=int, default=4, help="rush: số tiến trình gunicorn.")
        parser.add_argument("--threads", type=int, default=4, help="rush: số luồng mỗi tiến trình gunicorn.")
        parser.add_argument("--max-seconds", type=float, default=900.0, help="rush: thời gian tối đa của đợt gửi.")
        parser.add_argument("--drill", choices=["worker-kill", "redis-outage", "postgres-restart"],
                            help="rush: diễn tập sự cố thay cho đợt gửi.")
        parser.add_argument("--users", type=int, default=27000, help="province: số người dùng.")
        parser.add_argument("--documents", type=int, default=700000, help="province: số văn bản.")
        parser.add_argument("--plans", type=int, default=50, help="province: số kế hoạch giao cho mọi đơn vị.")
        parser.add_argument("--keep", action="store_true",
                            help="province: giữ cơ sở dữ liệu tạm sau khi đo (để đo lại với --reuse).")
        parser.add_argument("--reuse", action="store_true",
                            help="province: đo lại trên cơ sở dữ liệu tạm đã giữ (không dựng lại; build_s là null).")
        parser.add_argument("--scratch-db", default=None,
                            help="province: tên cơ sở dữ liệu tạm (mặc định kh_bench_province).")
        parser.add_argument("--json", action="store_true", help="Chỉ in JSON.")

    def handle(self, *args, name, units, json: bool, drill=None, **options):
        from django.conf import settings


        # The benches' own setup sends notifications: their e-mails must not print into the JSON on stdout
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        if name in LARGE:
            try:
                if name == "rush" and drill:
                    from workflows.bench import drills as bench_drills

                    payload = bench_drills.DRILLS[drill](units=units, **options)
                elif name == "rush":
                    from workflows.bench.rush import bench_rush

                    payload = bench_rush(units=units or [500], **options)
                else:
                    from workflows.bench.province import bench_province

                    payload = bench_province(units=(units or [1000])[0], **options)
            except bench_servers.BenchError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(_dumps(payload))
            return
        names = list(BENCHMARKS) if name == "all" else [name]
        results = []
        for bench_name in names:
            try:
                kwargs = dict(options)
                if units is not None:
                    kwargs["units"] = units
                results.append(BENCHMARKS[bench_name](**kwargs))
            except bench.BenchUnavailable as exc:
                results.append({"bench": bench_name, "skipped": str(exc)})
        payload = results[0] if len(results) == 1 else {"bench": "all", "results": results}
        self.stdout.write(_dumps(payload))


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
