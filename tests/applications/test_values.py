"""The parsers of what people type: numbers, phones, e-mail, year-months, dates, text."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psyboost.applications.values import (
    MAX_INTEGER,
    ValueProblem,
    character_count,
    parse_date,
    parse_decimal,
    parse_email,
    parse_integer,
    parse_landline,
    parse_mobile,
    parse_text,
    parse_year_month,
)

FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def refusal(parse, value, **kwargs) -> str:
    with pytest.raises(ValueProblem) as caught:
        parse(value, **kwargs)
    return caught.value.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [("100", 100), ("１００", 100), (" 1,000 ", 1000), ("1，000", 1000), ("100人", 100), ("100.0", 100), (7, 7)],
)
def test_integers_are_read_the_way_people_write_them(value, expected):
    assert parse_integer(value, unit="人") == expected


@pytest.mark.parametrize("value", [None, "", "   ", "　"])
def test_an_empty_input_is_none(value):
    assert parse_integer(value) is None
    assert parse_decimal(value, max_digits=12, places=2) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("一百", "请用阿拉伯数字填写，例如 100，不要写成汉字。"),
        ("三十五", "请用阿拉伯数字填写，例如 100，不要写成汉字。"),
        ("1e20", "请直接写出数字，不要使用科学计数法（如 1e20）。"),
        ("2.5E+3", "请直接写出数字，不要使用科学计数法（如 1e20）。"),
        ("NaN", "“NaN”不是有效的数字。"),
        ("-inf", "“-inf”不是有效的数字。"),
        ("Infinity", "“Infinity”不是有效的数字。"),
        (float("nan"), "“NaN”不是有效的数字。"),
        ("-5", "不能为负数。"),
        ("12.5", "请填写整数。"),
        ("abc", "请填写数字，例如 100 或 12.5。"),
        ("1.2.3", "请填写数字，例如 100 或 12.5。"),
        ("100万元", "请用阿拉伯数字填写，例如 100，不要写成汉字。"),
        ("9" * 5000, "数值过大，不能超过 2147483647。"),
        (True, "请填写数字。"),
    ],
)
def test_integers_that_cannot_be_used_get_a_message(value, message):
    assert refusal(parse_integer, value) == message


def test_an_integer_below_its_minimum():
    assert refusal(parse_integer, "0", minimum=1) == "不能小于 1。"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12.5", Decimal("12.50")),
        ("１２．５", Decimal("12.50")),
        ("15.5万元", Decimal("15.50")),
        (Decimal("3"), Decimal("3.00")),
    ],
)
def test_decimals_are_exact(value, expected):
    parsed = parse_decimal(value, max_digits=12, places=2, unit="万元")
    assert parsed == expected
    assert str(parsed) == str(expected)


@pytest.mark.parametrize(
    ("value", "kwargs", "message"),
    [
        ("12.345", {}, "最多保留 2 位小数。"),
        ("-0.01", {}, "不能为负数。"),
        ("1e20", {}, "请直接写出数字，不要使用科学计数法（如 1e20）。"),
        ("10000000000", {}, "数值过大，不能超过 9999999999.99。"),
        ("100.1", {"maximum": 100}, "数值过大，不能超过 100。"),
        ("0", {"exclusive_minimum": True}, "应大于 0。"),
        ("1.000000000000000000000000000000001", {}, "最多保留 2 位小数。"),
    ],
)
def test_decimals_that_cannot_be_used_get_a_message(value, kwargs, message):
    assert refusal(parse_decimal, value, max_digits=12, places=2, **kwargs) == message


@given(st.integers(min_value=0, max_value=MAX_INTEGER))
def test_every_integer_in_range_round_trips_as_typed_full_width_and_grouped(number):
    assert parse_integer(str(number)) == number
    assert parse_integer(str(number).translate(FULL_WIDTH)) == number
    assert parse_integer(f"{number:,}") == number


@given(st.integers(min_value=MAX_INTEGER + 1) | st.integers(max_value=-1))
def test_every_integer_out_of_range_is_refused(number):
    with pytest.raises(ValueProblem):
        parse_integer(str(number))


@given(st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2))
def test_every_decimal_in_range_round_trips_exactly(number):
    assert parse_decimal(str(number), max_digits=12, places=2) == number
    assert parse_decimal(format(number, "f").translate(FULL_WIDTH), max_digits=12, places=2) == number


@given(st.text())
def test_any_text_is_a_number_or_a_message(text):
    try:
        integer = parse_integer(text)
        number = parse_decimal(text, max_digits=12, places=2)
    except ValueProblem as problem:
        assert problem.message
    else:
        assert integer is None or 0 <= integer <= MAX_INTEGER
        assert number is None or Decimal(0) <= number <= Decimal("9999999999.99")


@given(st.floats())
def test_any_float_is_a_number_or_a_message(value):
    try:
        number = parse_decimal(value, max_digits=12, places=2)
    except ValueProblem as problem:
        assert problem.message
    else:
        assert number is not None and number.is_finite()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("", ""),
        (None, ""),
    ],
)
def test_mobile_numbers(value, expected):
    assert parse_mobile(value) == expected


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_well_formed_mobile_number_is_accepted(number):
    assert parse_mobile(number) == number


@given(st.text())
def test_any_text_is_a_mobile_number_or_a_message(text):
    try:
        number = parse_mobile(text)
    except ValueProblem as problem:
        assert problem.message == "手机号码应为11位数字，以13至19开头，例如 13800138000。"
    else:
        assert number == "" or (len(number) == 11 and number[0] == "1")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("010-65001234", "010-65001234"),
        ("010 6500 1234", "010-65001234"),
        ("（010）65001234", "010-65001234"),
        ("65001234", "65001234"),
        ("65001234-801", "65001234-801"),
        ("65001234转801", "65001234-801"),
        ("010-65001234 ext. 22", "010-65001234-22"),
    ],
)
def test_landline_numbers(value, expected):
    assert parse_landline(value) == expected


@given(st.from_regex(r"(010-)?[2-9][0-9]{7}(-[0-9]{1,6})?", fullmatch=True))
def test_every_well_formed_landline_number_is_accepted(number):
    assert parse_landline(number) == number


@given(st.text())
def test_any_text_is_a_landline_number_or_a_message(text):
    try:
        parse_landline(text)
    except ValueProblem as problem:
        assert problem.message


def test_email():
    assert parse_email(" name@example.com ") == "name@example.com"
    assert parse_email("ｎａｍｅ＠ｅｘａｍｐｌｅ．ｃｏｍ") == "name@example.com"
    assert refusal(parse_email, "name@@example.com") == "请填写有效的电子邮箱地址，例如 name@example.com。"


@pytest.mark.parametrize(
    "value", ["1985-06", "1985/6", "1985.06", "1985年6月", "1985年06月", "198506", "1985-06-15", "１９８５－０６"]
)
def test_year_months(value):
    assert parse_year_month(value) == date(1985, 6, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1985-13", "月份应在 1 至 12 之间。"),
        ("1985", "请按“年-月”填写，例如 1985-06。"),
        ("六月", "请按“年-月”填写，例如 1985-06。"),
        ("1800-01", "年份应在 1900 至 2100 之间。"),
    ],
)
def test_year_months_that_cannot_be_used(value, message):
    assert refusal(parse_year_month, value) == message


@pytest.mark.parametrize("value", ["2020-08-01", "2020/8/1", "2020.8.1", "2020年8月1日", "20200801", date(2020, 8, 1)])
def test_dates(value):
    assert parse_date(value) == date(2020, 8, 1)


@pytest.mark.parametrize(
    ("value", "message"),
    [("2020-02-30", "日期不存在：2020年2月30日。"), ("8月1日", "请按“年-月-日”填写，例如 2020-08-01。")],
)
def test_dates_that_cannot_be_used(value, message):
    assert refusal(parse_date, value) == message


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_date_round_trips_in_each_written_form(day):
    for text in (day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day:%Y/%m/%d}", f"{day:%Y%m%d}"):
        assert parse_date(text) == day
    assert parse_year_month(f"{day:%Y-%m}") == day.replace(day=1)


@given(st.text())
def test_any_text_is_a_date_or_a_message(text):
    try:
        parse_date(text)
        parse_year_month(text)
    except ValueProblem as problem:
        assert problem.message


def test_text_is_trimmed_line_breaks_made_lf_and_length_limited():
    assert parse_text("  a\r\nb  ", max_length=3) == "a\nb"
    assert refusal(parse_text, "字" * 6, max_length=5) == "内容过长（6 字），最多 5 字。"
    assert character_count("a\r\nb") == 3


@given(st.text())
def test_script_tags_are_kept_as_text(text):
    value = f"<script>{text}</script>"
    assert parse_text(value, max_length=10**6) == value.replace("\r\n", "\n").strip()
