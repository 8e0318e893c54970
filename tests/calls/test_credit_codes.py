"""统一社会信用代码 (GB 32100-2015): the check character, and the import's cell parser."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psyboost.calls import credit_codes
from psyboost.calls.import_cells import CellError, parse_credit_code

ALPHABET = credit_codes.ALPHABET
# The example code the standard's explanations use.
KNOWN = ["91350100M000100Y43"]

codes = st.builds(
    lambda head, region, body: head + region + body,
    st.text(ALPHABET, min_size=2, max_size=2),
    st.text("0123456789", min_size=6, max_size=6),
    st.text(ALPHABET, min_size=9, max_size=9),
).map(lambda first: first + credit_codes.check_character(first))


@pytest.mark.parametrize("code", KNOWN)
def test_published_codes_are_valid(code):
    assert credit_codes.is_valid(code)


@settings(deadline=None)
@given(codes)
def test_a_code_with_its_check_character_is_valid_and_every_other_character_anywhere_is_not(code):
    assert credit_codes.is_valid(code)
    for position in range(18):
        for char in ALPHABET:
            if char != code[position]:
                assert not credit_codes.is_valid(code[:position] + char + code[position + 1 :])


@settings(deadline=None)
@given(codes, st.integers(0, 17), st.characters(codec="utf-8"))
def test_any_single_changed_character_makes_it_invalid(code, position, replacement):
    changed = code[:position] + replacement.upper() + code[position + 1 :]
    if changed == code or len(changed) != 18:
        changed = code[:position] + ALPHABET[(ALPHABET.index(code[position]) + 1) % 31] + code[position + 1 :]
    assert not credit_codes.is_valid(changed)


def test_the_parser_folds_spaces_case_and_full_width_forms():
    assert parse_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert parse_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"
    assert parse_credit_code(None) == ""


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("91350100M000100Y4", "统一社会信用代码“91350100M000100Y4”应为18位，现为17位。"),
        ("91350100M000100Y44", "统一社会信用代码“91350100M000100Y44”有误（校验位不符或含有不允许的字符），请核对。"),
        ("91350100M0001O0Y43", "统一社会信用代码“91350100M0001O0Y43”有误（校验位不符或含有不允许的字符），请核对。"),
        ("=A1", "单元格是公式“=A1”，请填写文字（在 Excel 中复制后“选择性粘贴 → 数值”）。"),
    ],
)
def test_the_parser_says_what_is_wrong(value, message):
    with pytest.raises(CellError) as refused:
        parse_credit_code(value)
    assert refused.value.message == message
