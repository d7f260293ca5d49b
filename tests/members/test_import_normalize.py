"""Every normalisation of the tolerant reader, one value at a time."""

from __future__ import annotations

import datetime

import pytest

from members.importing import normalize
from members.importing.columns import HEADER_LOOKUP, header_key
from members.importing.normalize import CellError
from tests import factories as f

VALID = f.resident_id(7)


@pytest.mark.parametrize("header, field", [
    ("姓名", "name"), ("名字", "name"), ("身份证号", "resident_id"), ("身份证号码", "resident_id"),
    ("公民身份号码", "resident_id"), ("手机", "phone"), ("手机号", "phone"), ("联系电话", "phone"),
    ("入会时间", "joined_on"), ("入会日期", "joined_on"), (" 姓 名 ", "name"), ("姓名（必填）", "name"),
    ("*身份证号", "resident_id"), ("所属工会", "union"), ("工作单位", "employer"),
])
def test_it_matches_header_variants(header, field):
    assert HEADER_LOOKUP[header_key(header)] == field


def test_it_normalises_full_width_and_spaces_in_ids():
    wide = VALID.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    assert normalize.resident_id(f" {wide[:6]} {wide[6:]} ") == VALID


def test_it_upper_cases_a_lowercase_x():
    with_x = next(f.resident_id(n) for n in range(1, 400) if f.resident_id(n).endswith("X"))
    assert normalize.resident_id(with_x.lower()) == with_x


def test_it_converts_a_15_digit_id_by_gb11643():
    # 110101 + 900101 (1990-01-01) + 123 → 18 digits with "19" and a computed check character.
    assert normalize.resident_id("110101900101123") == normalize.upgrade_old_id("110101900101123")
    assert normalize.resident_id("110101900101123").startswith("11010119900101123")


def test_it_accepts_a_15_digit_id_stored_as_a_number():
    assert normalize.resident_id(110101900101123.0) == normalize.upgrade_old_id("110101900101123")


def test_it_refuses_an_18_digit_id_that_excel_stored_as_a_number():
    with pytest.raises(CellError) as error:
        normalize.resident_id(float(VALID[:17] + "0"))
    assert error.value.code == "id_precision"


@pytest.mark.parametrize("value, code", [
    (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "id_checksum"),
    ("12345", "id_format"), ("", "required"), (None, "required"),
])
def test_it_explains_bad_ids(value, code):
    with pytest.raises(CellError) as error:
        normalize.resident_id(value)
    assert error.value.code == code


@pytest.mark.parametrize("value", [
    "2019.3.5", "2019/03/05", "2019年3月5日", "20190305", "2019-03-05", "２０１９．３．５",
    datetime.date(2019, 3, 5), datetime.datetime(2019, 3, 5, 0, 0), 43529, 43529.0, 20190305,
    "2019-03-05 00:00:00", "2019 年 3 月 5 日",
])
def test_it_reads_dates_in_every_usual_spelling(value):
    assert normalize.joined_on(value) == datetime.date(2019, 3, 5)


@pytest.mark.parametrize("value, code", [
    ("2019.13.5", "date_format"), ("去年", "date_format"), ("1900-01-01", "date_range"),
    ((datetime.date.today() + datetime.timedelta(days=3)).isoformat(), "date_range"),
])
def test_it_explains_bad_dates(value, code):
    with pytest.raises(CellError) as error:
        normalize.joined_on(value)
    assert error.value.code == code


@pytest.mark.parametrize("value, expected", [
    ("是", True), ("否", False), ("Y", True), ("n", False), ("ｙ", True), (" 是 ", True),
    (1, True), (0, False), (True, True),
])
def test_it_reads_yes_no_flags(value, expected):
    assert normalize.flag(value) is expected


def test_it_explains_a_bad_flag():
    with pytest.raises(CellError) as error:
        normalize.flag("也许")
    assert error.value.code == "flag"


def test_it_reads_categories_by_their_chinese_names():
    assert normalize.new_form_category("外卖骑手") == "rider"
    assert normalize.eight_group("保安") == "security"
    with pytest.raises(CellError) as error:
        normalize.eight_group("宇航员")
    assert "保安员" in error.value.params["allowed"]


def test_it_cleans_names_and_phones():
    assert normalize.name(" 张　三 ") == "张三"
    assert normalize.name("Li  Ming") == "Li Ming"
    assert normalize.phone(13800001111.0) == "13800001111"
    assert normalize.phone("１３８００００１１１１") == "13800001111"
    with pytest.raises(CellError):
        normalize.phone("无")
