"""Parsers for what people type into the form: numbers, phones, e-mail, year-months, dates, text.

Each takes the raw input (text as typed, or a number) and returns the clean value — None or "" when the input is
empty (whether a field is required is for ``checks``) — or raises ``ValueProblem`` with a Chinese message to show
next to the field. Full-width characters (１２３, ＠, －) are folded first; "一百", "1e20", "NaN", negative numbers and
absurdly large ones get a message, never an exception the page did not expect.
"""

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_INTEGER = 2_147_483_647  # what every database stores in an integer column
_CHINESE_NUMERALS = set("零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SCIENTIFIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)e[+-]?\d+", re.IGNORECASE)
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_NOT_A_NUMBER = re.compile(r"[+-]?(s?nan\d*|inf(inity)?)", re.IGNORECASE)
_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"(?:\(010\)|010-?)?([2-9]\d{7})(?:-(\d{1,6}))?")
_EXTENSION_MARK = re.compile(r"转|分机|ext\.?|x|#", re.IGNORECASE)
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/.年](\d{1,2})|(\d{2}))(?:月|[-/.月]\d{1,2}日?)?")
_DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{4})(\d{2})(\d{2})")


class ValueProblem(ValueError):
    """The input cannot be used; ``message`` says why, in Chinese."""

    @property
    def message(self) -> str:
        return str(self.args[0])


def fold(value) -> str:
    """Text with full-width forms folded to ASCII (NFKC) and surrounding whitespace removed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _compact(value) -> str:
    return "".join(fold(value).split())


def _number_text(value, unit: str) -> str:
    """The input as plain decimal digits (with sign and point), or ``ValueProblem``; "" when empty."""
    if isinstance(value, bool):
        raise ValueProblem(_("请填写数字。"))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        try:
            value = Decimal(str(value)) if isinstance(value, float) else value
            if not value.is_finite():
                raise ValueProblem(_("“%(value)s”不是有效的数字。") % {"value": value})
            return format(value, "f")
        except InvalidOperation as error:
            raise ValueProblem(_("请填写数字。")) from error
    text = _compact(value)
    for suffix in filter(None, (unit, unit and f"({unit})")):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if not text:
        return ""
    if _CHINESE_NUMERALS & set(text):
        raise ValueProblem(_("请用阿拉伯数字填写，例如 100，不要写成汉字。"))
    if _NOT_A_NUMBER.fullmatch(text):
        raise ValueProblem(_("“%(value)s”不是有效的数字。") % {"value": text})
    if _SCIENTIFIC.fullmatch(text):
        raise ValueProblem(_("请直接写出数字，不要使用科学计数法（如 1e20）。"))
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        raise ValueProblem(_("请填写数字，例如 100 或 12.5。"))
    return text


def _fraction_digits(text: str) -> int:
    return len(text.partition(".")[2].rstrip("0"))


def _in_range(number: Decimal, minimum, maximum, exclusive_minimum: bool) -> None:
    if number < 0 and minimum is not None and minimum >= 0:
        raise ValueProblem(_("不能为负数。"))
    if minimum is not None and exclusive_minimum and number <= minimum:
        raise ValueProblem(_("应大于 %(minimum)s。") % {"minimum": minimum})
    if minimum is not None and number < minimum:
        raise ValueProblem(_("不能小于 %(minimum)s。") % {"minimum": minimum})
    if maximum is not None and number > maximum:
        raise ValueProblem(_("数值过大，不能超过 %(maximum)s。") % {"maximum": maximum})


def parse_integer(value, *, minimum: int | None = 0, maximum: int = MAX_INTEGER, unit: str = "") -> int | None:
    """A whole number in [minimum, maximum]; "100", "１００", "1,000", "100人" (unit="人") and "100.0" pass."""
    if value is None:
        return None
    text = _number_text(value, unit)
    if not text:
        return None
    number = Decimal(text)
    _in_range(number, minimum, maximum, False)
    if _fraction_digits(text):
        raise ValueProblem(_("请填写整数。"))
    return int(number)


def parse_decimal(
    value,
    *,
    max_digits: int,
    places: int,
    minimum: Decimal | int | None = 0,
    maximum: Decimal | int | None = None,
    exclusive_minimum: bool = False,
    unit: str = "",
) -> Decimal | None:
    """A decimal with at most ``places`` decimals that fits ``max_digits`` (and [minimum, maximum]), exactly."""
    if value is None:
        return None
    text = _number_text(value, unit)
    if not text:
        return None
    number = Decimal(text)
    largest = Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)
    _in_range(number, minimum, largest if maximum is None else min(Decimal(maximum), largest), exclusive_minimum)
    if _fraction_digits(text) > places:
        raise ValueProblem(_("最多保留 %(places)d 位小数。") % {"places": places})
    return number.quantize(Decimal(1).scaleb(-places))


def parse_mobile(value) -> str:
    """手机: 11 digits 1[3-9]xxxxxxxxx; spaces, dashes and a leading +86 are dropped. Returns the 11 digits."""
    text = re.sub(r"[\s\-()]", "", fold(value or ""))
    if not text:
        return ""
    for prefix in ("+86", "0086", "86"):
        if text.startswith(prefix) and len(text) == len(prefix) + 11:
            text = text[len(prefix) :]
    if _MOBILE.fullmatch(text):
        return text
    raise ValueProblem(_("手机号码应为11位数字，以13至19开头，例如 13800138000。"))


def parse_landline(value) -> str:
    """座机: 010-xxxxxxxx or 8 digits, with an optional extension (12345678-801, 12345678转801)."""
    text = _EXTENSION_MARK.sub("-", _compact(value or ""))
    if not text:
        return ""
    match = _LANDLINE.fullmatch(text)
    if match is None:
        if _MOBILE.fullmatch(text.replace("-", "")):
            raise ValueProblem(_("这是手机号码，请在此填写座机号码，例如 010-12345678。"))
        raise ValueProblem(_("座机号码应为 010-12345678 或 8 位数字，分机号写在后面，例如 12345678-801。"))
    number, extension = match.groups()
    prefix = "010-" if text.startswith(("010", "(010)")) else ""
    return prefix + number + (f"-{extension}" if extension else "")


def parse_email(value) -> str:
    """An e-mail address (full-width ＠ and letters folded); spaces inside it are refused, not dropped."""
    text = fold(value or "")
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError as error:
        raise ValueProblem(_("请填写有效的电子邮箱地址，例如 name@example.com。")) from error
    return text


def _year_month_day(year: int, month: int, day: int = 1) -> date:
    if not 1900 <= year <= 2100:
        raise ValueProblem(_("年份应在 1900 至 2100 之间。"))
    if not 1 <= month <= 12:
        raise ValueProblem(_("月份应在 1 至 12 之间。"))
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueProblem(
            _("日期不存在：%(year)d年%(month)d月%(day)d日。") % {"year": year, "month": month, "day": day}
        ) from error


def parse_year_month(value) -> date | None:
    """出生年月, 填表日期: "1985-06", "1985/6", "1985.06", "1985年6月", "198506" → the first of that month."""
    if isinstance(value, date):
        return value.replace(day=1)
    text = _compact(value or "")
    if not text:
        return None
    match = _YEAR_MONTH.fullmatch(text)
    if match is None:
        raise ValueProblem(_("请按“年-月”填写，例如 1985-06。"))
    year, month, month_digits = match.groups()
    return _year_month_day(int(year), int(month or month_digits))


def parse_date(value) -> date | None:
    """实施时间: "2020-08-01", "2020/8/1", "2020.8.1", "2020年8月1日", "20200801"."""
    if isinstance(value, date):
        return value
    text = _compact(value or "")
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueProblem(_("请按“年-月-日”填写，例如 2020-08-01。"))
    parts = [int(part) for part in match.groups() if part is not None]
    return _year_month_day(*parts)


def character_count(text: str) -> int:
    """Characters as the 500-字 counter shows them: a line break counts once, whether it came as CRLF or LF."""
    return len((text or "").replace("\r\n", "\n"))


def parse_text(value, *, max_length: int) -> str:
    """Trimmed text with line breaks made LF; refused when longer than ``max_length`` characters."""
    text = (str(value) if value is not None else "").replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise ValueProblem(_("内容过长（%(length)d 字），最多 %(max)d 字。") % {"length": len(text), "max": max_length})
    return text
