"""``manage.py bench sign``: sign a 4-page plan with both signatures and verify it (goal ≤ 300 ms each).

Rendering (LibreOffice) happens once, before timing: what is timed is the signing and the verification.
The keys come from a throw-away CA in a temporary directory, so the bench touches no database.
"""

from __future__ import annotations

import datetime
import io
import statistics
import tempfile
import time
from pathlib import Path

from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader

from documents.bench import sample_plan_content
from documents.dates.vndates import format_place_date
from documents.pdf import docx_to_pdf
from documents.word.render import render_docx

from .appearance import demo_seal_png, demo_signature_png, page_layout
from .democa import demo_ca, issue_certificate, write_pkcs12
from .keys import Pkcs12KeySource
from .pdfsign import DATE_FIELD, NUMBER_FIELD, sign_agency, sign_person
from .verify import pdf_verify

SIGN_GOAL_MS = 300


def bench_sign(*, repeat: int = 5) -> dict:
    name, agency, pin = "Nguyễn Thị Loan", "Ủy ban nhân dân tỉnh Thái Nguyên", "123456"
    content = sample_plan_content(rows=22)
    content.update(number=None, symbol="/KH-UBND", date=None, is_draft=False, for_signing=True,
                   signer={"authority": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": name})
    pdf = docx_to_pdf(render_docx(content))
    pages = len(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Kids"])
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-sign-") as tmp, \
            override_settings(KEHOACH_SIGNING_DIR=Path(tmp), KEHOACH_SIGNING_TRUST_ROOTS=[str(Path(tmp) / "demo-ca.pem")]):
        ca = demo_ca(Path(tmp))
        for cn, fname in ((name, "person.p12"), (agency, "agency.p12")):
            cert, key = issue_certificate(ca=ca, common_name=cn)
            write_pkcs12(path=Path(tmp) / fname, cert=cert, key=key, ca=ca, pin=pin)
        signature = str(demo_signature_png(name, Path(tmp) / "sig.png"))
        seal = str(demo_seal_png(agency, Path(tmp) / "seal.png"))
        person_ms, agency_ms, verify_ms, result = [], [], [], {}
        for _ in range(repeat):
            t0 = time.perf_counter()
            with Pkcs12KeySource(Path(tmp) / "person.p12").open(pin=pin) as signer:
                layout = page_layout(pdf, signer_name=name, blanks=True)
                signed = sign_person(pdf=pdf, signer=signer, name=name, image_png=signature, person_box=layout.person,
                                     agency_box=layout.agency, number_box=layout.number, date_box=layout.date)
            t1 = time.perf_counter()
            fill = {NUMBER_FIELD: ("72", 13, False),
                    DATE_FIELD: (format_place_date("Thái Nguyên", datetime.date(2025, 3, 16)), 14, True)}
            with Pkcs12KeySource(Path(tmp) / "agency.p12").open(pin=pin) as signer:
                final = sign_agency(pdf=signed, signer=signer, agency=agency, seal_png=seal,
                                    at=datetime.datetime.now(datetime.UTC), fill=fill)
            t2 = time.perf_counter()
            result = pdf_verify(final)
            t3 = time.perf_counter()
            person_ms.append((t1 - t0) * 1000)
            agency_ms.append((t2 - t1) * 1000)
            verify_ms.append((t3 - t2) * 1000)
    return {"sign_person_ms": round(statistics.median(person_ms), 1), "sign_agency_ms": round(statistics.median(agency_ms), 1),
            "verify_ms": round(statistics.median(verify_ms), 1), "pages": pages, "repeat": repeat,
            "valid": result.get("valid"), "goal_ms": SIGN_GOAL_MS}
