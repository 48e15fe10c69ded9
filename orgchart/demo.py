"""Demo organisation chart of Thái Nguyên, built from the seeds.

Three-level chart (province → districts → communes) until 30 June 2025,
two-level chart from 1 July 2025 (districts ended, communes regrouped under
the province, Bắc Kạn merged into Thái Nguyên); the 1 March 2025 merger of
departments (Nghị định 45/2025/NĐ-CP). Ended units name their successors.
Idempotent: every row is keyed and updated in place.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import services
from .models import Delegation, Field, Holding, Position, PositionKind, RecipientGroup, Unit, UnitKind
from .signals import units_created
from .two_factor import demo_signers_enrol

D = datetime.date
START = D(2000, 1, 1)
MERGE_DEPARTMENTS = D(2025, 3, 1)  # Nghị định 45/2025/NĐ-CP
TWO_LEVELS = D(2025, 7, 1)  # chính quyền địa phương hai cấp

K = UnitKind

# key, code, name, short name, kind, parent key, valid_from, valid_to, successor key, aliases
UNITS: list[tuple] = [
    ("bnv", "BNV", "Bộ Nội vụ", "Bộ Nội vụ", K.MINISTRY, None, START, None, None, []),
    ("tn-ubnd", "UBND", "Ủy ban nhân dân tỉnh Thái Nguyên", "UBND tỉnh Thái Nguyên", K.PROVINCE, None, START, None, None,
     ["UBND tỉnh", "TT. UBND tỉnh", "Thường trực UBND tỉnh"]),
    ("bk-ubnd", "UBND", "Ủy ban nhân dân tỉnh Bắc Kạn", "UBND tỉnh Bắc Kạn", K.PROVINCE, None, START, D(2025, 6, 30), "tn-ubnd", []),
    ("tn-tinhuy", "TU", "Tỉnh ủy Thái Nguyên", "Tỉnh ủy Thái Nguyên", K.PARTY, None, START, None, None,
     ["TT. Tỉnh ủy", "Thường trực Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"]),
    ("tn-hdnd", "HĐND", "Hội đồng nhân dân tỉnh Thái Nguyên", "HĐND tỉnh Thái Nguyên", K.COUNCIL, None, START, None, None,
     ["TT. HĐND tỉnh", "Thường trực HĐND tỉnh"]),
    ("tn-mttq", "MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên", "UBMTTQ tỉnh", K.FRONT, None, START, None, None,
     ["UBMT Tổ quốc Việt Nam tỉnh Thái Nguyên", "Thường trực UBMTTQ tỉnh", "UBMTTQ Việt Nam tỉnh"]),
    ("tn-dai", "ĐPTTH", "Đài Phát thanh và Truyền hình tỉnh Thái Nguyên", "Đài PTTH tỉnh", K.PRESS, None, START, None, None,
     ["Đài PTHT tỉnh", "Đài PTTH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"]),
    ("tn-bao", "BTN", "Báo Thái Nguyên", "Báo Thái Nguyên", K.PRESS, None, START, None, None, []),
    # Văn phòng UBND tỉnh and its units
    ("tn-vp", "VP", "Văn phòng Ủy ban nhân dân tỉnh Thái Nguyên", "Văn phòng UBND tỉnh", K.PROVINCIAL_OFFICE, "tn-ubnd", START, None, None,
     ["Văn phòng UBND tỉnh", "VP UBND tỉnh"]),
    ("tn-vp-hcc", "HCC", "Phòng Hành chính công", "Phòng HCC", K.DIVISION, "tn-vp", START, None, None, []),
    ("tn-vp-ttt", "TTTT", "Trung tâm Thông tin tỉnh", "Trung tâm Thông tin tỉnh", K.OTHER, "tn-vp", START, None, None, []),
    # Sở, ban, ngành (before and after 1 March 2025)
    ("tn-snv", "SNV", "Sở Nội vụ tỉnh Thái Nguyên", "Sở Nội vụ", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Sở Nội vụ"]),
    ("tn-snv-cchc", "CCHC", "Phòng Cải cách hành chính", "Phòng CCHC", K.DIVISION, "tn-snv", START, None, None, []),
    ("tn-snv-vp", "VP", "Văn phòng Sở Nội vụ", "Văn phòng Sở Nội vụ", K.DIVISION, "tn-snv", START, None, None, []),
    ("tn-stp", "STP", "Sở Tư pháp tỉnh Thái Nguyên", "Sở Tư pháp", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Sở Tư pháp"]),
    ("tn-stc", "STC", "Sở Tài chính tỉnh Thái Nguyên", "Sở Tài chính", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Sở Tài chính"]),
    ("tn-skhdt", "SKHĐT", "Sở Kế hoạch và Đầu tư tỉnh Thái Nguyên", "Sở Kế hoạch và Đầu tư", K.DEPARTMENT, "tn-ubnd", START,
     D(2025, 2, 28), "tn-stc", ["Sở Kế hoạch và Đầu tư"]),
    ("tn-sxd", "SXD", "Sở Xây dựng tỉnh Thái Nguyên", "Sở Xây dựng", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Sở Xây dựng"]),
    ("tn-sgtvt", "SGTVT", "Sở Giao thông vận tải tỉnh Thái Nguyên", "Sở Giao thông vận tải", K.DEPARTMENT, "tn-ubnd", START,
     D(2025, 2, 28), "tn-sxd", ["Sở Giao thông vận tải"]),
    ("tn-snnmt", "SNNMT", "Sở Nông nghiệp và Môi trường tỉnh Thái Nguyên", "Sở Nông nghiệp và Môi trường", K.DEPARTMENT, "tn-ubnd",
     MERGE_DEPARTMENTS, None, None, ["Sở Nông nghiệp và Môi trường"]),
    ("tn-stnmt", "STNMT", "Sở Tài nguyên và Môi trường tỉnh Thái Nguyên", "Sở Tài nguyên và Môi trường", K.DEPARTMENT, "tn-ubnd", START,
     D(2025, 2, 28), "tn-snnmt", ["Sở Tài nguyên và Môi trường"]),
    ("tn-snnptnt", "SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Nguyên", "Sở Nông nghiệp và PTNT", K.DEPARTMENT,
     "tn-ubnd", START, D(2025, 2, 28), "tn-snnmt", ["Sở Nông nghiệp và Phát triển nông thôn"]),
    ("tn-skhcn", "SKHCN", "Sở Khoa học và Công nghệ tỉnh Thái Nguyên", "Sở Khoa học và Công nghệ", K.DEPARTMENT, "tn-ubnd", START, None,
     None, ["Sở Khoa học và Công nghệ"]),
    ("tn-stttt", "STTTT", "Sở Thông tin và Truyền thông tỉnh Thái Nguyên", "Sở Thông tin và Truyền thông", K.DEPARTMENT, "tn-ubnd",
     START, D(2025, 2, 28), "tn-skhcn", ["Sở Thông tin và Truyền thông"]),
    ("tn-sldtbxh", "SLĐTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh Thái Nguyên", "Sở Lao động, Thương binh và Xã hội",
     K.DEPARTMENT, "tn-ubnd", START, D(2025, 2, 28), "tn-snv", ["Sở Lao động, Thương binh và Xã hội"]),
    ("tn-syt", "SYT", "Sở Y tế tỉnh Thái Nguyên", "Sở Y tế", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Sở Y tế"]),
    ("tn-sgddt", "SGDĐT", "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên", "Sở Giáo dục và Đào tạo", K.DEPARTMENT, "tn-ubnd", START, None,
     None, ["Sở Giáo dục và Đào tạo"]),
    ("tn-svhttdl", "SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch tỉnh Thái Nguyên", "Sở Văn hóa, Thể thao và Du lịch", K.DEPARTMENT,
     "tn-ubnd", START, None, None, ["Sở Văn hoá Thể thao và Du lịch"]),
    ("tn-sct", "SCT", "Sở Công Thương tỉnh Thái Nguyên", "Sở Công Thương", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Sở Công Thương"]),
    ("tn-bdt", "BDT", "Ban Dân tộc tỉnh Thái Nguyên", "Ban Dân tộc", K.DEPARTMENT, "tn-ubnd", START, D(2025, 2, 28), "tn-sdttg",
     ["Ban Dân tộc"]),
    ("tn-sdttg", "SDTTG", "Sở Dân tộc và Tôn giáo tỉnh Thái Nguyên", "Sở Dân tộc và Tôn giáo", K.DEPARTMENT, "tn-ubnd",
     MERGE_DEPARTMENTS, None, None, ["Sở Dân tộc và Tôn giáo"]),
    ("tn-ttra", "TTr", "Thanh tra tỉnh Thái Nguyên", "Thanh tra tỉnh", K.DEPARTMENT, "tn-ubnd", START, None, None, ["Thanh tra tỉnh"]),
    # Cơ quan Trung ương đóng trên địa bàn tỉnh
    ("tn-khobac", "KBNN", "Kho bạc Nhà nước khu vực tỉnh Thái Nguyên", "Kho bạc Nhà nước tỉnh", K.CENTRAL_AGENCY, "tn-ubnd", START,
     None, None, []),
    ("tn-thue", "CT", "Thuế tỉnh Thái Nguyên", "Thuế tỉnh", K.CENTRAL_AGENCY, "tn-ubnd", START, None, None, ["Cục Thuế tỉnh"]),
    ("tn-bhxh", "BHXH", "Bảo hiểm xã hội tỉnh Thái Nguyên", "BHXH tỉnh", K.CENTRAL_AGENCY, "tn-ubnd", START, None, None, []),
    # Cấp huyện, until 30 June 2025: their open work goes to the province
    *[
        (f"tn-h-{key}", "UBND", f"Ủy ban nhân dân {name}", f"UBND {name}", K.DISTRICT, "tn-ubnd", START, D(2025, 6, 30), "tn-ubnd", [])
        for key, name in [
            ("tptn", "thành phố Thái Nguyên"),
            ("tpsc", "thành phố Sông Công"),
            ("tppy", "thành phố Phổ Yên"),
            ("daitu", "huyện Đại Từ"),
            ("dinhhoa", "huyện Định Hóa"),
            ("phuluong", "huyện Phú Lương"),
            ("donghy", "huyện Đồng Hỷ"),
            ("vonhai", "huyện Võ Nhai"),
            ("phubinh", "huyện Phú Bình"),
        ]
    ],
]

# Communes before 1 July 2025 (under their district) and the regrouped ones after it (under the province).
OLD_COMMUNES = [
    # key, name, district, successor
    ("huongson", "thị trấn Hương Sơn", "phubinh", "phubinh"),
    ("hachau", "xã Hà Châu", "phubinh", "phubinh"),
    ("khason", "xã Kha Sơn", "phubinh", "khason"),
    ("tanthanh", "xã Tân Thành", "phubinh", "khason"),
    ("hungson", "thị trấn Hùng Sơn", "daitu", "daitu"),
    ("tienhoi", "xã Tiên Hội", "daitu", "daitu"),
    ("binhthuan", "xã Bình Thuận", "daitu", "daitu"),
    ("phandinhphung", "phường Phan Đình Phùng", "tptn", "phandinhphung"),
    ("trungvuong", "phường Trưng Vương", "tptn", "phandinhphung"),
    ("hoangvanthu", "phường Hoàng Văn Thụ", "tptn", "phandinhphung"),
]
NEW_COMMUNES = [
    ("phubinh", "xã Phú Bình"),
    ("khason", "xã Kha Sơn"),
    ("daitu", "xã Đại Từ"),
    ("phandinhphung", "phường Phan Đình Phùng"),
]

FIELDS = [
    ("noi-vu", "Nội vụ, cải cách hành chính"),
    ("van-hoa-xa-hoi", "Văn hóa - xã hội"),
    ("kinh-te", "Kinh tế, tài chính, đầu tư"),
    ("nong-nghiep", "Nông nghiệp, môi trường"),
    ("xay-dung", "Xây dựng, giao thông"),
]

P = PositionKind
# username, full name, unit key, position kind, printed title, fields, valid_from, valid_to
PEOPLE = [
    ("ct.hung", "Trịnh Việt Hùng", "tn-ubnd", P.CHAIR, "CHỦ TỊCH", [], D(2021, 1, 1), None),
    ("pct.tien", "Lê Quang Tiến", "tn-ubnd", P.VICE_CHAIR, "PHÓ CHỦ TỊCH", ["noi-vu", "van-hoa-xa-hoi"], D(2021, 1, 1), D(2024, 12, 31)),
    ("pct.loan", "Nguyễn Thị Loan", "tn-ubnd", P.VICE_CHAIR, "PHÓ CHỦ TỊCH", ["noi-vu", "van-hoa-xa-hoi"], D(2025, 1, 1), None),
    ("pct.truong", "Đặng Xuân Trường", "tn-ubnd", P.VICE_CHAIR, "PHÓ CHỦ TỊCH", ["kinh-te", "xay-dung"], D(2021, 1, 1), None),
    ("pct.hoa", "Nguyễn Thanh Hòa", "tn-ubnd", P.VICE_CHAIR, "PHÓ CHỦ TỊCH", ["nong-nghiep"], D(2021, 1, 1), None),
    ("vt.ubnd", "Hoàng Thị Thu", "tn-ubnd", P.CLERK, "VĂN THƯ", [], D(2020, 1, 1), None),
    ("cvp.vp", "Nguyễn Văn Thắng", "tn-vp", P.OFFICE_CHIEF, "CHÁNH VĂN PHÒNG", [], D(2020, 1, 1), None),
    ("cv.vp", "Trần Minh Đức", "tn-vp", P.SPECIALIST, "CHUYÊN VIÊN", [], D(2020, 1, 1), None),
    ("cv.hcc", "Trần Kim Chi", "tn-vp-hcc", P.SPECIALIST, "CHUYÊN VIÊN", [], D(2020, 1, 1), None),
    ("gd.snv", "Nguyễn Văn Hùng", "tn-snv", P.DIRECTOR, "GIÁM ĐỐC", [], D(2020, 1, 1), None),
    ("pgd.snv", "Phạm Thị Hạnh", "tn-snv", P.DEPUTY_DIRECTOR, "PHÓ GIÁM ĐỐC", [], D(2020, 1, 1), None),
    ("tp.cchc", "Đỗ Thị Mai", "tn-snv-cchc", P.HEAD_OF_DIVISION, "TRƯỞNG PHÒNG", [], D(2020, 1, 1), None),
    ("cv.cchc", "Ngô Thị Kim Chi", "tn-snv-cchc", P.SPECIALIST, "CHUYÊN VIÊN", [], D(2020, 1, 1), None),
    ("th.snv", "Lương Văn Tổng", "tn-snv-cchc", P.CONSOLIDATOR, "CHUYÊN VIÊN", [], D(2020, 1, 1), None),
    ("vt.snv", "Vũ Thị Lan", "tn-snv", P.CLERK, "VĂN THƯ", [], D(2020, 1, 1), None),
    ("gd.stp", "Hà Văn Bình", "tn-stp", P.DIRECTOR, "GIÁM ĐỐC", [], D(2020, 1, 1), None),
    ("cv.stp", "Lý Thị Hoa", "tn-stp", P.SPECIALIST, "CHUYÊN VIÊN", [], D(2020, 1, 1), None),
    ("vt.stp", "Đinh Thị Yến", "tn-stp", P.CLERK, "VĂN THƯ", [], D(2020, 1, 1), None),
    ("ct.phubinh", "Dương Văn Lượng", "tn-h-phubinh", P.CHAIR, "CHỦ TỊCH", [], D(2020, 1, 1), D(2025, 6, 30)),
    ("vt.phubinh", "Mai Thị Hằng", "tn-h-phubinh", P.CLERK, "VĂN THƯ", [], D(2020, 1, 1), D(2025, 6, 30)),
    ("ct.khason", "Nông Văn Sơn", "tn-x-khason-2025", P.CHAIR, "CHỦ TỊCH", [], TWO_LEVELS, None),
    ("cv.khason", "Lục Thị Hồng", "tn-x-khason-2025", P.SPECIALIST, "CHUYÊN VIÊN", [], TWO_LEVELS, None),
    ("vt.khason", "Bế Thị Nga", "tn-x-khason-2025", P.CLERK, "VĂN THƯ", [], TWO_LEVELS, None),
    ("ct.khason.cu", "Hứa Văn Tân", "tn-x-khason", P.CHAIR, "CHỦ TỊCH", [], D(2020, 1, 1), D(2025, 6, 30)),
    ("vt.khason.cu", "Hoàng Thị Mơ", "tn-x-khason", P.CLERK, "VĂN THƯ", [], D(2020, 1, 1), D(2025, 6, 30)),
    ("cv.khason.cu", "Triệu Văn Khánh", "tn-x-khason", P.SPECIALIST, "CHUYÊN VIÊN", [], D(2020, 1, 1), D(2025, 6, 30)),
    ("cv.phubinh", "Đàm Thị Thu", "tn-h-phubinh", P.SPECIALIST, "CHUYÊN VIÊN", [], D(2020, 1, 1), D(2025, 6, 30)),
]

# recipient phrase, aliases, scope key, unit kinds, direct only, position kinds
GROUPS = [
    ("Các sở, ban, ngành", ["Các sở, ban, ngành tỉnh", "Các sở, ngành", "Các sở, ban, ngành của tỉnh"], "tn-ubnd",
     [K.DEPARTMENT, K.PROVINCIAL_OFFICE], True, []),
    ("UBND các huyện, thành phố", ["UBND huyện, thành phố", "UBND các huyện, thành phố, thị xã", "UBND cấp huyện",
                                   "Ủy ban nhân dân các huyện, thành phố"], "tn-ubnd", [K.DISTRICT], True, []),
    ("UBND các xã, phường, thị trấn", ["UBND cấp xã", "UBND các xã, phường", "UBND các xã, phường, đặc khu"], "tn-ubnd",
     [K.COMMUNE], False, []),
    ("Chủ tịch và các PCT UBND tỉnh", ["Chủ tịch, các PCT UBND tỉnh", "CT, các PCT UBND tỉnh"], "tn-ubnd", [], False,
     [P.CHAIR, P.VICE_CHAIR]),
    ("Các cơ quan Trung ương đóng trên địa bàn tỉnh", ["Các cơ quan ngành dọc đóng trên địa bàn tỉnh",
                                                       "Các cơ quan Trung ương trên địa bàn tỉnh"], "tn-ubnd",
     [K.CENTRAL_AGENCY], True, []),
    ("Lãnh đạo VP UBND tỉnh", ["Lãnh đạo Văn phòng UBND tỉnh", "LĐVP"], "tn-vp", [], False, [P.OFFICE_CHIEF]),
]


def _all_units() -> list[tuple]:
    rows = list(UNITS)
    for key, name, district, successor in OLD_COMMUNES:
        rows.append((f"tn-x-{key}", "UBND", f"Ủy ban nhân dân {name}", f"UBND {name}", K.COMMUNE, f"tn-h-{district}", START,
                     D(2025, 6, 30), f"tn-x-{successor}-2025", []))
    for key, name in NEW_COMMUNES:
        rows.append((f"tn-x-{key}-2025", "UBND", f"Ủy ban nhân dân {name}", f"UBND {name}", K.COMMUNE, "tn-ubnd", TWO_LEVELS,
                     None, None, []))
    return rows


@transaction.atomic
def load_orgchart(*, password: str) -> list[tuple[str, str, str]]:
    """Build or refresh the demo chart; return (username, name, role) of every demo login."""
    rows = _all_units()
    units: dict[str, Unit] = {}
    # Two passes: create every unit, then link parents and successors (successors may come later in the list).
    for key, code, name, short, kind, _parent, start, end, _succ, aliases in rows:
        unit, _ = Unit.objects.update_or_create(
            key=key,
            defaults={"code": code, "name": name, "short_name": short, "kind": kind, "valid_from": start, "valid_to": end,
                      "aliases": aliases, "place": "Thái Nguyên" if key.startswith("tn") else ""},
        )
        units[key] = unit
    for row in rows:
        key, parent_key, successor_key = row[0], row[5], row[8]
        unit = units[key]
        unit.parent = units[parent_key] if parent_key else None
        unit.successor = units[successor_key] if successor_key else None
        services.unit_save(unit=unit)
    units_created.send(sender=Unit, units=list(units.values()))  # documents opens the issuers' registers

    fields = {code: Field.objects.update_or_create(code=code, defaults={"name": name})[0] for code, name in FIELDS}

    User = get_user_model()
    hashed = make_password(password)  # hash once: PBKDF2 per user would take seconds
    logins = []
    admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True, "is_superuser": True,
                                                                           "first_name": "Quản trị"})
    admin.password = hashed
    admin.save()
    logins.append(("admin", "Quản trị hệ thống", "Quản trị"))
    for username, full_name, unit_key, kind, title, field_codes, start, end in PEOPLE:
        # Vietnamese order (họ, đệm, tên) in one field, so that get_full_name() reads right.
        user, _ = User.objects.update_or_create(
            username=username, defaults={"first_name": full_name, "last_name": "", "email": f"{username}@thainguyen.gov.vn"}
        )
        user.password = hashed
        user.save(update_fields=["password"])
        unit = units[unit_key]
        position = _position(unit=unit, kind=kind, title=title, start=unit.valid_from, end=unit.valid_to, username=username)
        if field_codes:
            position.fields.set([fields[c] for c in field_codes])
        if not Holding.objects.filter(user=user, position=position).exists():
            services.holding_create(user=user, position=position, valid_from=start, valid_to=end)
        logins.append((username, full_name, f"{position.get_kind_display()} — {unit}"))

    # Delegation: PCT Nguyễn Thị Loan away; PCT Đặng Xuân Trường acts for her.
    loan_position = Position.objects.get(holdings__user__username="pct.loan")
    if not Delegation.objects.filter(position=loan_position).exists():
        services.delegation_create(
            position=loan_position, substitute=User.objects.get(username="pct.truong"),
            start=D(2026, 12, 21), end=D(2026, 12, 31), reason="Đi công tác nước ngoài",
        )

    for name, aliases, scope_key, kinds, direct, position_kinds in GROUPS:
        RecipientGroup.objects.update_or_create(
            name=name,
            defaults={"aliases": aliases, "scope": units[scope_key], "unit_kinds": [str(k) for k in kinds],
                      "direct_children_only": direct, "position_kinds": [str(k) for k in position_kinds]},
        )
    # Signers confirm each signature with a one-time code: the demo's devices (manage.py demo_otp LOGIN prints it)
    demo_signers_enrol()
    return logins


def _position(*, unit: Unit, kind: str, title: str, start, end, username: str) -> Position:
    """One position per (unit, kind) for seats; one per person for pooled posts (chuyên viên), and per PCT."""
    if kind in (PositionKind.VICE_CHAIR,):
        holder = Holding.objects.filter(user__username=username, position__unit=unit, position__kind=kind).first()
        if holder:
            return holder.position
        taken = set(Holding.objects.filter(position__unit=unit, position__kind=kind).values_list("position_id", flat=True))
        free = Position.objects.filter(unit=unit, kind=kind).exclude(pk__in=taken).first()
        if username == "pct.loan":  # the seat Lê Quang Tiến held until the end of 2024
            free = Position.objects.filter(holdings__user__username="pct.tien").first() or free
        if free:
            return free
        return Position.objects.create(unit=unit, kind=kind, title=title, valid_from=start, valid_to=end)
    position = Position.objects.filter(unit=unit, kind=kind).first()
    if position is None:
        position = Position.objects.create(unit=unit, kind=kind, title=title, valid_from=start, valid_to=end)
    return position
