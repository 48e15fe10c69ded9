"""Nơi nhận lines expand to units as of a date: three levels before 1 July 2025, two after."""

import datetime

import pytest

from orgchart.selectors import normalize_phrase, recipient_line_clean, unit_ancestors, units_for_recipient_line

D = datetime.date
BEFORE, AFTER = D(2025, 6, 30), D(2025, 7, 1)


def keys(expansion):
    return sorted(u.key for u in expansion.units)


def test_districts_exist_before_and_are_gone_after_the_two_level_reform(chart):
    before = units_for_recipient_line(line="- UBND các huyện, thành phố;", on=BEFORE)
    after = units_for_recipient_line(line="- UBND các huyện, thành phố;", on=AFTER)
    assert len(before.units) == 9 and all(u.kind == "district" for u in before.units)
    assert "tn-h-phubinh" in keys(before)
    assert after.units == [] and after.unresolved == []


def test_communes_before_and_after_regrouping(chart):
    before = keys(units_for_recipient_line(line="UBND các xã, phường, thị trấn", on=BEFORE))
    after = keys(units_for_recipient_line(line="UBND cấp xã", on=AFTER))
    assert before == sorted(["tn-x-huongson", "tn-x-hachau", "tn-x-khason", "tn-x-tanthanh", "tn-x-hungson",
                             "tn-x-tienhoi", "tn-x-binhthuan", "tn-x-phandinhphung", "tn-x-trungvuong", "tn-x-hoangvanthu"])
    assert after == sorted(["tn-x-phubinh-2025", "tn-x-khason-2025", "tn-x-daitu-2025", "tn-x-phandinhphung-2025"])


def test_departments_follow_the_march_2025_merger(chart):
    feb = keys(units_for_recipient_line(line="Các sở, ban, ngành;", on=D(2025, 2, 28)))
    march = keys(units_for_recipient_line(line="Các sở, ban, ngành;", on=D(2025, 3, 1)))
    assert {"tn-skhdt", "tn-stttt", "tn-sldtbxh", "tn-bdt"} <= set(feb)
    merged_away = {"tn-skhdt", "tn-stttt", "tn-sldtbxh", "tn-bdt"}
    assert not ({*merged_away, "tn-snnmt"} & set(feb)) - merged_away
    assert {"tn-snnmt", "tn-sdttg", "tn-snv", "tn-vp"} <= set(march)
    assert not {"tn-skhdt", "tn-stttt", "tn-sldtbxh", "tn-bdt"} & set(march)
    assert "tn-snv-cchc" not in march  # a phòng is not a sở


def test_every_recipient_line_of_seed_000_resolves(chart):
    lines = """- Bộ Nội vụ;
  - TT. Tỉnh ủy;
  - TT. HĐND tỉnh;
  - UBMT Tổ quốc Việt Nam tỉnh Thái Nguyên;
  - Chủ tịch và các PCT UBND tỉnh;
  - Các sở, ban, ngành;
  - Các cơ quan Trung ương đóng trên địa bàn tỉnh;
  - UBND các huyện, thành phố;
  - Đài PTHT tỉnh; Báo Thái Nguyên;
  - Lãnh đạo VP UBND tỉnh;
  - Trung tâm Thông tin tỉnh;
  - Lưu: VT, HCC""".splitlines()
    on = D(2025, 3, 16)
    for line in lines:
        expansion = units_for_recipient_line(line=line, on=on, issuer=chart["tn-ubnd"])
        assert expansion.unresolved == [], line
        assert expansion.units, line
    press = units_for_recipient_line(line="- Đài PTHT tỉnh; Báo Thái Nguyên;", on=on)
    assert keys(press) == ["tn-bao", "tn-dai"]
    archive = units_for_recipient_line(line="- Lưu: VT, HCC", on=on, issuer=chart["tn-ubnd"])
    assert archive.archive and keys(archive) == ["tn-ubnd", "tn-vp-hcc"]
    leaders = units_for_recipient_line(line="Chủ tịch, các PCT UBND tỉnh", on=on)
    assert keys(leaders) == ["tn-ubnd"] and leaders.groups[0].position_kinds == ["chair", "vice_chair"]


def test_unknown_line_is_reported_not_dropped(chart):
    expansion = units_for_recipient_line(line="- Sở Không Tồn Tại;", on=AFTER)
    assert expansion.units == [] and expansion.unresolved == ["Sở Không Tồn Tại"]


def test_a_merged_department_is_not_named_after_its_end(chart):
    assert keys(units_for_recipient_line(line="Sở Kế hoạch và Đầu tư", on=D(2025, 2, 1))) == ["tn-skhdt"]
    late = units_for_recipient_line(line="Sở Kế hoạch và Đầu tư", on=D(2025, 4, 1))
    assert late.units == [] and late.unresolved == ["Sở Kế hoạch và Đầu tư"]


def test_chain_of_units_above_a_commune(chart):
    before = [u.key for u in unit_ancestors(unit=chart["tn-x-khason"], on=BEFORE)]
    after = [u.key for u in unit_ancestors(unit=chart["tn-x-khason-2025"], on=AFTER)]
    assert before == ["tn-h-phubinh", "tn-ubnd"]
    assert after == ["tn-ubnd"]
    # asked after the reform, an old commune's chain lands on the district's successor
    assert [u.key for u in unit_ancestors(unit=chart["tn-x-khason"], on=AFTER)] == ["tn-ubnd"]


@pytest.mark.parametrize(
    "a, b",
    [
        ("TT. Tỉnh ủy", "Thường trực Tỉnh ủy"),
        ("UBND các huyện, thành phố", "Ủy ban nhân dân các huyện, thành phố"),
        ("Uỷ ban nhân dân tỉnh", "ỦY BAN NHÂN DÂN TỈNH"),
    ],
)
def test_phrases_compare_without_case_tone_placement_or_abbreviation(a, b):
    assert normalize_phrase(a) == normalize_phrase(b)


def test_recipient_line_clean():
    assert recipient_line_clean("-    Bộ Nội vụ;") == "Bộ Nội vụ"
    assert recipient_line_clean("- Lưu: VT, HCC.") == "Lưu: VT, HCC"
    # what the copy is for is not part of the name
    assert recipient_line_clean("- Bộ Nội vụ (b/c);") == "Bộ Nội vụ"
    assert recipient_line_clean("- TT Tỉnh ủy (để báo cáo);") == "TT Tỉnh ủy"
    assert recipient_line_clean("- UBND xã Kha Sơn (cũ);") == "UBND xã Kha Sơn (cũ)"
