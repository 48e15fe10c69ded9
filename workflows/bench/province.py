"""``manage.py bench province``: a province's year on PostgreSQL, built in bulk, then the pages people wait on.

Build (timed as ``build_s``), in the scratch database ``kh_bench_province`` on the configured server:

- the demo org chart, plus ``units`` communes (default 1 000) with ``users / units`` people each (a Chủ tịch,
  a văn thư, chuyên viên: 27 000 users), their positions, holdings and per-unit permissions (``bench_data``);
- ``documents`` issued documents (default 700 000) over the communes' and the province's registers and the
  years 2021–2025, with Vietnamese trích yếu, numbers without gaps per register and year, streamed into
  ``COPY … FROM STDIN`` (memory does not grow with the count); the full-text and symbol indexes are dropped
  for the load and rebuilt after it, as one does for a bulk load;
- ``plans`` plans (default 50) run through the real flow to issue, each fanned out to every commune by the
  bulk fan-out (50 000 unit processes), then set at mixed stages (the reports' states, by a spread over
  their ids; the tasks stay at their first step); 500 open tasks are given to the PCT (pct.loan) so that
  the inbox has a first page to show.

Measured (``repeat`` times each, in this process through Django's test client, DEBUG off): the PCT's inbox
first page; the dashboard of one 1 000-unit plan (the consolidator th.snv); the Văn bản list searched by
number/symbol and by words of the trích yếu with and without diacritics (a commune's Chủ tịch); the
database size.
"""

from __future__ import annotations

import datetime
import statistics
import time
from importlib import import_module

from config.celery import app
from documents.models import Register, RegisterCounter
from orgchart.demo import load_orgchart
from orgchart.models import Field, RecipientGroup, Unit, UnitKind
from workflows.bench import servers
from workflows.bench.data import bulk_people, bulk_units
from workflows.bench.rush import _percentile, log
from workflows.demo.plans import demo_perform
from workflows.flows import PlanFlow, fanout, runtime
from workflows.models import Obligation, UnitReport

PROVINCE_DB = "kh_bench_province"
D = datetime.date

TOPICS = [
    "cải cách hành chính", "chuyển đổi số", "phòng, chống thiên tai", "đào tạo, bồi dưỡng cán bộ, công chức",
    "xây dựng nông thôn mới", "phòng cháy, chữa cháy", "tiêm chủng mở rộng", "bảo vệ môi trường",
    "giảm nghèo bền vững", "bảo đảm trật tự, an toàn giao thông", "quản lý đất đai", "thu ngân sách nhà nước",
    "phổ biến, giáo dục pháp luật", "thi đua, khen thưởng", "công tác dân số và phát triển", "phát triển du lịch",
    "phòng, chống dịch bệnh", "xóa nhà tạm, nhà dột nát", "chăm sóc sức khỏe nhân dân", "tuyển sinh đầu cấp",
    "quốc phòng, an ninh", "tiếp công dân, giải quyết khiếu nại, tố cáo", "phòng, chống tham nhũng, tiêu cực",
    "thực hành tiết kiệm, chống lãng phí", "sắp xếp đơn vị hành chính cấp xã", "hỗ trợ sản xuất nông nghiệp",
    "khuyến công", "chương trình mục tiêu quốc gia", "kiểm soát thủ tục hành chính", "công tác văn thư, lưu trữ",
    "an toàn thực phẩm", "quản lý trật tự xây dựng", "phát triển kinh tế tập thể", "bình đẳng giới",
    "bảo vệ, chăm sóc trẻ em", "công tác dân tộc, tôn giáo", "thông tin cơ sở", "ứng dụng công nghệ thông tin",
    "đầu tư công", "chỉnh trang đô thị",
]
KINDS = [("KH", "Kế hoạch"), ("BC", "Báo cáo kết quả"), ("QĐ", "Quyết định phê duyệt"), ("CV", "Về việc triển khai"),
         ("TB", "Thông báo kết luận về"), ("TTr", "Tờ trình về")]
QUALIFIERS = ["năm {year}", "quý {q} năm {year}", "6 tháng đầu năm {year}", "giai đoạn 2021 - 2025", "trên địa bàn {unit}"]
STAGES = ["not_received"] * 6 + ["acknowledged"] * 4 + ["drafting"] * 3 + ["in_review"] * 2 + ["submitted"] * 2 + ["accepted"] * 3


def _title(i: int, year: int, unit_name: str) -> tuple[str, str]:
    code, head = KINDS[i % len(KINDS)]
    topic = TOPICS[(i // 7) % len(TOPICS)]
    qualifier = QUALIFIERS[(i // 3) % len(QUALIFIERS)].format(year=year, q=["I", "II", "III", "IV"][i % 4], unit=unit_name)
    return code, f"{head} công tác {topic} {qualifier}"


def _copy_documents(*, count: int, units: list[tuple[int, int, str]], province: tuple[int, int, str]) -> None:
    """COPY ``count`` issued documents; ``units`` = (unit id, register id, name). One in ten is the province's."""
    from django.db import connection
    from django.utils import timezone

    years = [2021, 2022, 2023, 2024, 2025]
    counters: dict[tuple[int, int], int] = {}
    now = timezone.now()
    columns = ("doc_type, issuer_id, register_id, number, year, symbol, place, issued_on, title, content, status, version, "
               "created, updated, snapshot_sha256")
    raw = connection.connection  # psycopg 3: COPY streams the rows as they are generated
    with raw.cursor() as cursor, cursor.copy(f"COPY documents_document ({columns}) FROM STDIN") as copy:
        for i in range(count):
            unit_id, register_id, name = province if i % 10 == 0 else units[i % len(units)]
            year = years[(i // len(units)) % len(years)]
            number = counters[(register_id, year)] = counters.get((register_id, year), 0) + 1
            code, title = _title(i, year, name)
            issued_on = D(year, 1 + (number * 7) % 12, 1 + (number * 13) % 28)
            copy.write_row((code, unit_id, register_id, number, year, f"{number}/{code}-UBND", "", issued_on, title, "{}",
                            "issued", 1, now, now, ""))
            if i % 100000 == 99999:
                log(f"province: {i + 1} documents copied")

    RegisterCounter.objects.bulk_create([RegisterCounter(register_id=r, year=y, last_number=n) for (r, y), n in counters.items()],
                                        batch_size=5000, ignore_conflicts=True)


def province_build(*, units: int, users: int, documents: int, plans: int) -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from viewflow.workflow.models import Task
    from viewflow.workflow.status import STATUS


    app.conf.task_always_eager = True
    try:
        load_orgchart(password=settings.DEMO_PASSWORD)
        province = Unit.objects.get(key="tn-ubnd")
        cluster = Unit.objects.create(key="prov-cum", code="CUM", name="Các xã của tỉnh (đo hiệu năng)", kind=UnitKind.OTHER,
                                      parent=province, valid_from=D(2020, 1, 1))
        RecipientGroup.objects.create(name="Các xã thử hiệu năng", scope=cluster, unit_kinds=[UnitKind.COMMUNE])
        unit_ids = bulk_units(count=units, prefix="prov", parent=cluster, kind=UnitKind.COMMUNE, valid_from=D(2020, 1, 1))
        people = bulk_people(unit_ids=unit_ids, prefix="prov", password=settings.DEMO_PASSWORD,
                             staff_per_unit=max(3, users // units))
        log(f"province: {units} units, {get_user_model().objects.count()} users")
        registers = dict(Register.objects.filter(unit_id__in=unit_ids, kind="outgoing").values_list("unit_id", "pk"))
        names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "short_name"))
        province_register, _c = Register.objects.get_or_create(unit=province, doc_type="CV",
                                                               defaults={"name": "Sổ công văn đi"})
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS documents_document_title_fts")
            cursor.execute("DROP INDEX IF EXISTS documents_document_symbol_upper")
        with transaction.atomic():
            _copy_documents(count=documents, units=[(u, registers[u], names[u]) for u in unit_ids],
                            province=(province.pk, province_register.pk, "tỉnh Thái Nguyên"))
        with connection.cursor() as cursor:
            for sql in import_module("documents.migrations.0005_document_search").FORWARD[2:]:  # the two indexes
                cursor.execute(sql)
        log("province: documents copied, search indexes rebuilt")
        User = get_user_model()
        drafter = User.objects.get(username="cv.cchc")
        steps = [("review", "tp.cchc", "approve", {}), ("sign_submission", "gd.snv", "sign", {}), ("vet", "cv.vp", "approve", {}),
                 ("decide", "pct.loan", "sign", {}), ("issue", "vt.ubnd", "issue", {"issued_on": "2025-08-01"})]
        actors = {u.username: u for u in User.objects.filter(username__in=[s[1] for s in steps])}
        plan_ids = []
        for k in range(plans):
            process = runtime.plan_start(
                user=drafter, division=Unit.objects.get(key="tn-snv-cchc"), field=Field.objects.get(code="noi-vu"),
                title=f"Kế hoạch {TOPICS[k % len(TOPICS)]} năm 2025 (số {k + 1})",
                content={"sections": [], "recipients": [{"text": "Các xã thử hiệu năng", "archive": False}]})
            for step, username, action, data in steps:
                task = process.task_set.get(flow_task=getattr(PlanFlow, step), status__in=[STATUS.NEW, STATUS.ASSIGNED])
                demo_perform(task, actors[username], action, data)  # the signers type their one-time code
            obligation = Obligation.objects.create(
                plan=process, title=f"Báo cáo kết quả thực hiện kế hoạch số {k + 1}", recipients=["Các xã thử hiệu năng"],
                consolidator=Unit.objects.get(key="tn-snv-cchc"), due_date=D(2025, 9, 1 + k % 28))
            fanout.fanout_obligation(obligation_id=obligation.pk, on=D(2025, 8, 1))
            plan_ids.append(process.pk)
            if k % 10 == 9:
                log(f"province: {k + 1}/{plans} plans issued and fanned out")
            if k % 5 == 4:  # tables that grew by thousands of rows: fresh statistics, as a bulk load does
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE viewflow_process, viewflow_task, viewflow_task_previous, workflows_unitreport, "
                                   "workflows_receiptprocess, workflows_notification")
        table = connection.ops.quote_name(UnitReport._meta.db_table)
        with connection.cursor() as cursor:  # mixed stages: a spread over the ids
            cursor.execute(f"UPDATE {table} SET state = (%s::text[])[1 + id %% {len(STAGES)}]", [STAGES])
        pct = User.objects.get(username="pct.loan")
        inbox = list(Task.objects.filter(status=STATUS.NEW, flow_task_type="HUMAN").order_by("pk")
                     .values_list("pk", flat=True)[:500])
        Task.objects.filter(pk__in=inbox).update(owner=pct, status=STATUS.ASSIGNED)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return {"plan_ids": plan_ids, "people": people}
    finally:
        app.conf.task_always_eager = False


def _timed(client, url: str, repeat: int, **params) -> list[float]:
    client.get(url, params, secure=True)  # warm up
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url, params, secure=True)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise servers.BenchError(f"{url} {params} answered {response.status_code}")
    return samples


def province_built() -> dict | None:
    """What a kept scratch database already holds (``--reuse``): the plans and the communes' people, or None."""
    from orgchart.models import Unit
    from workflows.bench.data import UnitPeople
    from workflows.models import PlanProcess

    unit_ids = list(Unit.objects.filter(parent__key="prov-cum").order_by("pk").values_list("pk", flat=True))
    plan_ids = list(PlanProcess.objects.filter(obligations__isnull=False).distinct().order_by("pk").values_list("pk", flat=True))
    if not unit_ids or not plan_ids:
        return None
    people = [UnitPeople(unit_id=u, head=f"prov.ct.{u}", clerk=f"prov.vt.{u}", drafter=f"prov.cv0.{u}") for u in unit_ids]
    return {"plan_ids": plan_ids, "people": people}


def bench_province(*, units: int = 1000, users: int = 27000, documents: int = 700000, plans: int = 50, repeat: int = 20,
                   keep: bool = False, reuse: bool = False, scratch_db: str | None = None, **_) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    servers.require_postgresql()
    start = time.perf_counter()
    with servers.scratch_postgres(scratch_db or PROVINCE_DB, keep=keep, reuse=reuse):
        built = province_built() if reuse else None
        reused = built is not None
        if built is None:
            built = province_build(units=units, users=users, documents=documents, plans=plans)
            build_s = time.perf_counter() - start
        else:
            build_s = None
            log("province: the kept database is measured again (build_s is the build's, not timed now)")
        log(f"province: built in {build_s or 0:.0f} s; measuring")
        User = get_user_model()
        # DEBUG off renders hashed static URLs (whitenoise's manifest): collect them first, as a deployment does
        call_command("collectstatic", interactive=False, verbosity=0)
        with override_settings(DEBUG=False):
            client = Client()
            client.force_login(User.objects.get(username="pct.loan"))
            inbox = _timed(client, "/workflow/inbox/", repeat)
            client.force_login(User.objects.get(username="th.snv"))
            dashboard = _timed(client, f"/dashboard/plan/{built['plan_ids'][len(built['plan_ids']) // 2]}/", repeat)
            # a commune whose register holds documents (one in ten documents is the province's, taken from the
            # communes whose index ends in 0: their Chủ tịch would search an empty register)
            client.force_login(User.objects.get(username=built["people"][len(built["people"]) // 2 + 1].head))
            search = []
            for term in ("72/BC-UBND", "15", "chuyển đổi số", "chuyen doi so", "phòng cháy chữa cháy", "xoa nha tam",
                         "tiếp công dân", "an toan thuc pham"):
                search += _timed(client, "/documents/document/", max(3, repeat // 4), _search=term)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            db_bytes = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM documents_document")
            n_documents = cursor.fetchone()[0]
        n_users = User.objects.count()
    return {
        "bench": "province", "users": n_users, "documents": n_documents,
        "inbox_p95_ms": _percentile(inbox, 0.95), "dashboard_p95_ms": _percentile(dashboard, 0.95),
        "search_p95_ms": _percentile(search, 0.95), "db_mb": round(db_bytes / 1024 / 1024),
        "build_s": round(build_s) if build_s is not None else None, "reused": reused,
        "inbox_p50_ms": round(statistics.median(inbox), 1), "dashboard_p50_ms": round(statistics.median(dashboard), 1),
        "search_p50_ms": round(statistics.median(search), 1), "units": units, "plans": plans,
        "unit_processes": plans * units,
    }
