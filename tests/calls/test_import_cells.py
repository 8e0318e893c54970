"""The cell parsers of the registry import: years, district unions, names, headers."""

import math
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psyboost.calls import districts
from psyboost.calls.import_cells import (
    COLUMNS,
    CellError,
    cell_text,
    clean_name,
    column_for_header,
    parse_district_union,
    parse_email,
    parse_year,
)

THIS_YEAR = 2026
FAR_YEARS = st.integers(min_value=-(10**6), max_value=10**6).filter(lambda y: not 2000 <= y <= THIS_YEAR)


@given(st.integers(min_value=2000, max_value=THIS_YEAR))
def test_a_year_is_accepted_as_int_float_and_text(year):
    assert parse_year(year, this_year=THIS_YEAR) == year
    assert parse_year(float(year), this_year=THIS_YEAR) == year
    assert parse_year(str(year), this_year=THIS_YEAR) == year
    assert parse_year(f" {year}年 ", this_year=THIS_YEAR) == year
    assert parse_year(f"{year}.0", this_year=THIS_YEAR) == year


@given(FAR_YEARS)
def test_a_year_outside_2000_to_this_year_is_refused(year):
    with pytest.raises(CellError):
        parse_year(year, this_year=THIS_YEAR)


@given(st.floats().filter(lambda f: not (math.isfinite(f) and f.is_integer())))
def test_a_fraction_is_never_a_year(value):
    with pytest.raises(CellError):
        parse_year(value, this_year=THIS_YEAR)


@given(st.text())
def test_text_parses_to_a_year_in_range_or_is_refused(text):
    try:
        year = parse_year(text, this_year=THIS_YEAR)
    except CellError as problem:
        assert problem.message
    else:
        assert 2000 <= year <= THIS_YEAR


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("二〇一七", "“二〇一七”不是年份，应填写四位数字年份，如 2017。"),
        (2017.5, "“2017.5”不是年份，应填写四位数字年份，如 2017。"),
        ("2017.5", "“2017.5”不是年份，应填写四位数字年份，如 2017。"),
        ("十七年", "“十七年”不是年份，应填写四位数字年份，如 2017。"),
        (True, "“是”不是年份，应填写四位数字年份，如 2017。"),
        (None, "命名年份不能为空。"),
        ("  ", "命名年份不能为空。"),
        (1999, "命名年份 1999 早于 2000 年。"),
        (2027, "命名年份 2027 晚于今年（2026 年）。"),
    ],
)
def test_year_refusals_say_why(value, message):
    with pytest.raises(CellError) as refusal:
        parse_year(value, this_year=THIS_YEAR)
    assert refusal.value.message == message


def test_a_date_cell_is_refused_with_a_hint():
    with pytest.raises(CellError) as refusal:
        parse_year(datetime(1905, 7, 9), this_year=THIS_YEAR)
    assert refusal.value.message == "单元格是日期格式，应填写四位数字年份，如 2017（请把单元格格式设为“常规”）。"


def test_full_width_digits_are_a_year():
    assert parse_year("２０１７", this_year=THIS_YEAR) == 2017


@given(st.sampled_from(districts.DISTRICT_UNIONS), st.sampled_from(["", " ", "\u3000", "\n"]))
def test_every_accepted_district_union_is_kept_whatever_the_spaces(name, space):
    assert parse_district_union(f"{space}{name}{space}") == name


@given(st.sampled_from([*districts.DISTRICTS, districts.ECONOMIC_ZONE]))
def test_a_district_unions_full_name_is_folded(name):
    assert parse_district_union(f"{name}总工会") == name


@given(st.sampled_from(districts.DISTRICTS))
def test_a_district_without_its_suffix_is_folded(name):
    assert parse_district_union(name.removesuffix("区")) == name


@given(st.text())
def test_a_district_union_is_canonical_or_refused(text):
    try:
        value = parse_district_union(text)
    except CellError as problem:
        # a text Excel would read as a formula is refused as one; anything else names the column's choices
        assert "所属区/产业工会" in problem.message or problem.message.startswith("单元格是公式")
    else:
        assert value in districts.DISTRICT_UNIONS


def test_an_unknown_district_union_lists_what_is_accepted():
    with pytest.raises(CellError) as refusal:
        parse_district_union("火星区")
    assert refusal.value.message == (
        "“火星区”不是可用的所属区/产业工会。应填写北京市的区（如“朝阳区”）、“北京经济技术开发区”、"
        "市级产业工会（如“北京市教育工会”）、“中央企业在京工会”或“其他”。"
    )


@given(st.text(min_size=1, max_size=100).filter(lambda t: t.strip()))
def test_a_name_is_trimmed_and_its_spaces_collapsed(text):
    try:
        name = clean_name(text)
    except CellError as problem:
        assert problem.message.startswith(("单位名称不能为空", "内容过长", "单元格是公式"))
    else:
        assert name == " ".join(text.split())
        assert name == name.strip() and "  " not in name
        assert 1 <= len(name) <= 100


def test_name_refusals():
    with pytest.raises(CellError) as empty:
        clean_name(" \u3000 ")
    assert empty.value.message == "单位名称不能为空。"
    with pytest.raises(CellError) as long:
        clean_name("单" * 101)
    assert long.value.message == "内容过长（101 字），最多 100 字。"
    assert clean_name("北京\u3000某某  公司\n") == "北京 某某 公司"


def test_cell_text_turns_excel_numbers_into_text():
    assert cell_text(83570324.0) == "83570324"
    assert cell_text(13800138000) == "13800138000"
    assert cell_text(1.5) == "1.5"
    assert cell_text(None) == ""


def test_email():
    assert parse_email(" a@example.com ") == "a@example.com"
    assert parse_email("") == ""
    with pytest.raises(CellError) as refusal:
        parse_email("a@")
    assert refusal.value.message == "“a@”不是有效的电子邮箱地址。"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("单位名称", "name"),
        (" 单位名称 *", "name"),
        ("单位\u3000名称", "name"),
        ("所属区／产业工会", "district_union"),
        ("所属区 / 产业工会", "district_union"),
        ("所属区\\产业工会", "district_union"),
        ("上级工会名称：", "parent_union"),
        ("命名年份（如2017）", "named_year"),
        ("命名年度", "named_year"),
        ("联系邮箱", "contact_email"),
        ("单位地址", "address"),
    ],
)
def test_header_variants(header, key):
    assert column_for_header(header).key == key


@given(st.text())
def test_a_header_names_a_known_column_or_none(text):
    column = column_for_header(text)
    assert column is None or column in COLUMNS
