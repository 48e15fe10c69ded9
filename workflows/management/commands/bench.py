"""python manage.py bench [all|inbox|render|import] --json — speed is measured here, never in tests."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from workflows import bench


class Command(BaseCommand):
    help = "Đo hiệu năng (in JSON): all, inbox, reminders, fanout, render, import."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", default="all", choices=["all", *bench.BENCHMARKS])
        parser.add_argument("--tasks", type=int, default=10000, help="Số công việc đang mở (inbox, reminders).")
        parser.add_argument("--units", type=int, nargs="+", default=[1000, 5000, 10000], help="Số đơn vị (fanout).")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--indicators", type=int, default=150, help="Số chỉ tiêu (consolidate).")
        parser.add_argument("--periods", type=int, default=5, help="Số kỳ số liệu (consolidate).")
        parser.add_argument("--json", action="store_true", help="Chỉ in JSON.")

    def handle(self, *args, name, tasks, units, repeat, indicators, periods, json: bool, **options):
        names = list(bench.BENCHMARKS) if name == "all" else [name]
        results = []
        for bench_name in names:
            try:
                results.append(bench.BENCHMARKS[bench_name](tasks=tasks, repeat=repeat, units=units, indicators=indicators,
                                                            periods=periods))
            except bench.BenchUnavailable as exc:
                results.append({"bench": bench_name, "skipped": str(exc)})
        payload = results[0] if len(results) == 1 else {"bench": "all", "results": results}
        self.stdout.write(_dumps(payload))


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
