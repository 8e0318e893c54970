"""Reading the registry file: what is accepted, and every refusal with its row, column and Chinese message."""

import codecs
import io
import zipfile

import pytest
from django.test import override_settings
from django.utils import timezone
from openpyxl import Workbook

from psyboost.calls.importing import ImportProblem, parse_unit_file
from tests.calls.sheets import HEADER, csv_bytes, parse, problems, unit_row, xlsx_bytes

FULL_HEADER = [*HEADER, "联系人", "联系电话", "联系邮箱", "单位地址"]
NOT_XLSX = "文件不是有效的 Excel（.xlsx）文件，可能是改了扩展名的其他文件。请在 Excel 中“另存为” .xlsx 或 .csv。"
UNREADABLE = "无法读取这个 Excel 文件，文件可能已损坏。请在 Excel 中打开后重新“另存为” .xlsx。"
EMPTY = "文件是空的，没有任何内容。"
HEADER_ONLY = "文件只有表头，没有单位数据。"
EXPECTED = "表头应包含：单位名称、所属区/产业工会、上级工会名称、命名年份。"


def file_level(message):
    return [(None, "", message)]


def test_a_complete_xlsx_is_read_into_clean_rows():
    rows = [
        [
            " 北京某某科技有限公司 ",
            "朝阳区总工会",
            "朝阳区总工会",
            2017.0,
            "张三",
            13800138000,
            "a@example.com",
            "北京市朝阳区某路1号",
        ],
        ["北京市第一中学", "教育工会", "北京市教育工会", 2015, None, 83570324.0, "", None],
    ]
    result = parse(xlsx_bytes(rows, FULL_HEADER))

    assert result.errors == []
    assert result.ok
    assert result.rows == [
        {
            "row": 2,
            "name": "北京某某科技有限公司",
            "district_union": "朝阳区",
            "parent_union": "朝阳区总工会",
            "named_year": 2017,
            "contact_name": "张三",
            "contact_phone": "13800138000",
            "contact_email": "a@example.com",
            "address": "北京市朝阳区某路1号",
        },
        {
            "row": 3,
            "name": "北京市第一中学",
            "district_union": "北京市教育工会",
            "parent_union": "北京市教育工会",
            "named_year": 2015,
            "contact_name": "",
            "contact_phone": "83570324",
            "contact_email": "",
            "address": "",
        },
    ]


def test_columns_are_found_by_name_in_any_order_and_spelling():
    header = ["命名年份 ", "备注", "上级工会名称", "单位名称*", "所属区／产业工会"]
    result = parse(xlsx_bytes([["2016", "无", "海淀区总工会", "海淀某单位", "海淀区"]], header))

    assert result.rows == [
        {"row": 2, "name": "海淀某单位", "district_union": "海淀区", "parent_union": "海淀区总工会", "named_year": 2016}
    ]


def test_a_title_row_above_the_header_and_blank_rows_keep_the_sheets_row_numbers():
    rows = [unit_row(1), [None, None, None, None], unit_row(2, year="二〇一七")]
    result = parse(xlsx_bytes(rows, title="2015—2019年职工心灵驿站名单"))

    assert problems(result) == [(5, "命名年份", "“二〇一七”不是年份，应填写四位数字年份，如 2017。")]
    assert result.rows == []


def test_the_sheet_with_the_header_is_read_even_after_a_notes_sheet():
    workbook = Workbook()
    workbook.active.append(["填写说明：请勿修改表头"])
    sheet = workbook.create_sheet("名单")
    sheet.append(HEADER)
    sheet.append(unit_row(7))
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert [row["name"] for row in parse(buffer.getvalue()).rows] == ["北京测试单位00007"]


def test_missing_required_columns_are_refused():
    result = parse(xlsx_bytes([["某单位", "朝阳区"]], ["单位名称", "所属区/产业工会"]))

    assert problems(result) == [
        (1, "上级工会名称", f"缺少必填列“上级工会名称”。{EXPECTED}"),
        (1, "命名年份", f"缺少必填列“命名年份”。{EXPECTED}"),
    ]
    assert result.rows == []


def test_a_sheet_without_any_known_header_reports_every_required_column():
    result = parse(xlsx_bytes([["a", "b"]], ["名称", "区"]))

    assert [(row, column) for row, column, _ in problems(result)] == [
        (1, "单位名称"),
        (1, "所属区/产业工会"),
        (1, "上级工会名称"),
        (1, "命名年份"),
    ]


def test_a_column_given_twice_is_refused():
    result = parse(xlsx_bytes([["a", "b", "朝阳区", "x", 2017]], ["单位名称", "单位名称", *HEADER[1:]]))

    assert problems(result) == [(1, "单位名称", "表头中有两列“单位名称”，请只保留一列。")]


def test_every_bad_cell_is_reported_with_row_and_column_and_nothing_is_kept():
    next_year = timezone.localdate().year + 1
    rows = [
        unit_row(1),
        ["", "朝阳区", "朝阳区总工会", 2017],
        ["文字年份", "朝阳区", "朝阳区总工会", "二零一七年"],
        ["小数年份", "朝阳区", "朝阳区总工会", 2017.5],
        ["中文数字年份", "朝阳区", "朝阳区总工会", "二〇一七"],
        ["明年", "朝阳区", "朝阳区总工会", next_year],
        ["太早", "朝阳区", "朝阳区总工会", 1999],
        ["未知工会", "火星区", "火星区总工会", 2017],
        ["无上级", "朝阳区", "  ", 2017],
        unit_row(1),  # the same unit and year again (another year adds a named year: see below)
    ]
    result = parse(xlsx_bytes(rows))

    assert result.rows == []
    assert problems(result) == [
        (3, "单位名称", "单位名称不能为空。"),
        (4, "命名年份", "“二零一七年”不是年份，应填写四位数字年份，如 2017。"),
        (5, "命名年份", "“2017.5”不是年份，应填写四位数字年份，如 2017。"),
        (6, "命名年份", "“二〇一七”不是年份，应填写四位数字年份，如 2017。"),
        (7, "命名年份", f"命名年份 {next_year} 晚于今年（{next_year - 1} 年）。"),
        (8, "命名年份", "命名年份 1999 早于 2000 年。"),
        (
            9,
            "所属区/产业工会",
            "“火星区”不是可用的所属区/产业工会。应填写北京市的区（如“朝阳区”）、“北京经济技术开发区”、"
            "市级产业工会（如“北京市教育工会”）、“中央企业在京工会”或“其他”。",
        ),
        (10, "上级工会名称", "上级工会名称不能为空。"),
        (11, "单位名称", "单位名称“北京测试单位00001”与第2行重复。"),
    ]


def test_overlong_fields_and_a_bad_email_are_refused():
    rows = [
        ["长" * 101, "朝阳区", "朝阳区总工会", 2017, "", "", "", ""],
        ["某单位", "朝阳区", "工" * 101, 2017, "人" * 51, "", "not-an-email", "址" * 201],
    ]
    result = parse(xlsx_bytes(rows, FULL_HEADER))

    assert problems(result) == [
        (2, "单位名称", "内容过长（101 字），最多 100 字。"),
        (3, "上级工会名称", "内容过长（101 字），最多 100 字。"),
        (3, "联系人", "内容过长（51 字），最多 50 字。"),
        (3, "联系邮箱", "“not-an-email”不是有效的电子邮箱地址。"),
        (3, "单位地址", "内容过长（201 字），最多 200 字。"),
    ]


def test_a_text_file_renamed_xlsx_is_refused():
    data = "单位名称,所属区/产业工会,上级工会名称,命名年份\n某单位,朝阳区,朝阳区总工会,2017\n".encode()
    assert problems(parse(data, "名录.xlsx")) == file_level(NOT_XLSX)


def test_an_old_xls_renamed_xlsx_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    assert problems(parse(data, "名录.XLSX")) == file_level(
        "这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 后再上传。"
    )


def test_a_damaged_xlsx_is_refused():
    data = xlsx_bytes([unit_row(1)])
    assert problems(parse(data[: len(data) // 2])) == file_level(UNREADABLE)


def test_a_zip_that_is_no_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert problems(parse(buffer.getvalue())) == file_level(UNREADABLE)


def test_a_workbook_with_broken_sheet_xml_is_refused():
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([unit_row(1)])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            archive.writestr(info, content)
    assert problems(parse(buffer.getvalue())) == file_level(UNREADABLE)


@pytest.mark.parametrize("filename", ["名录.xlsx", "名录.csv"])
def test_an_empty_file_is_refused(filename):
    assert problems(parse(b"", filename)) == file_level(EMPTY)


def test_a_workbook_without_any_cell_is_empty():
    assert problems(parse(xlsx_bytes([], header=None))) == file_level(EMPTY)


def test_a_csv_of_blank_lines_is_empty():
    assert problems(parse(b"\r\n , \r\n\r\n", "名录.csv")) == file_level(EMPTY)


def test_a_header_without_rows_is_refused():
    assert problems(parse(xlsx_bytes([]))) == file_level(HEADER_ONLY)
    assert problems(parse(xlsx_bytes([[None] * 4, [" "] * 4]))) == file_level(HEADER_ONLY)
    assert problems(parse(csv_bytes([]), "名录.csv")) == file_level(HEADER_ONLY)


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("名录.txt", "不支持的文件类型“.txt”，请上传 Excel（.xlsx）或 CSV（.csv）文件。"),
        ("名录.pdf", "不支持的文件类型“.pdf”，请上传 Excel（.xlsx）或 CSV（.csv）文件。"),
        ("名录", "不支持的文件类型“名录”，请上传 Excel（.xlsx）或 CSV（.csv）文件。"),
        ("名录.xls", "不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 .csv 后再上传。"),
    ],
)
def test_an_unsupported_extension_is_refused(filename, message):
    assert problems(parse(xlsx_bytes([unit_row(1)]), filename)) == file_level(message)


def test_a_file_over_the_byte_limit_is_refused_before_reading():
    data = xlsx_bytes([unit_row(n) for n in range(50)])
    with override_settings(PSYBOOST_IMPORT_MAX_BYTES=len(data) - 1):
        result = parse(data)
    megabytes = f"{len(data) / 1024 / 1024:.1f}"
    limit = f"{(len(data) - 1) / 1024 / 1024:.1f}"
    assert problems(result) == file_level(f"文件太大（{megabytes} MB），最大允许 {limit} MB。请拆分后分批导入。")


@override_settings(PSYBOOST_IMPORT_MAX_ROWS=5)
def test_a_file_over_the_row_limit_is_refused_and_reading_stops_there():
    # Row 9 is bad, but reading stops at the sixth unit (row 7): only the size is reported.
    rows = [unit_row(n) for n in range(7)] + [["", "", "", ""], ["", "火星", "", "x"]]
    refusal = file_level("文件超过 5 行单位数据，请拆分后分批导入。")
    assert problems(parse(xlsx_bytes(rows))) == refusal
    assert problems(parse(csv_bytes(rows), "名录.csv")) == refusal
    assert parse(xlsx_bytes(rows[:5])).ok


@override_settings(PSYBOOST_IMPORT_MAX_ROWS=5)
def test_a_file_of_endless_blank_rows_is_refused_too():
    assert problems(parse(xlsx_bytes([unit_row(1)] + [[" "] * 4] * 20))) == file_level(
        "文件超过 5 行单位数据，请拆分后分批导入。"
    )


def test_an_xlsx_that_unpacks_to_far_more_than_the_limit_is_refused():
    data = xlsx_bytes([[f"单位{n}", "朝阳区", "朝阳区总工会", 2017, "址" * 5000] for n in range(200)])
    with override_settings(PSYBOOST_IMPORT_MAX_BYTES=len(data)):
        assert problems(parse(data)) == file_level("文件解压后过大，请拆分后分批导入。")


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("utf-16", b"")],
)
def test_csv_in_the_encodings_excel_writes(encoding, prefix):
    result = parse(
        prefix + csv_bytes([["北京某单位（东区）", "西城区总工会", "西城区总工会", "2018"]], encoding=encoding),
        "名录.CSV",
    )

    assert result.rows == [
        {
            "row": 2,
            "name": "北京某单位（东区）",
            "district_union": "西城区",
            "parent_union": "西城区总工会",
            "named_year": 2018,
        }
    ]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_csv_with_semicolons_or_tabs(delimiter):
    result = parse(csv_bytes([unit_row(3)], delimiter=delimiter), "名录.csv")
    assert [row["name"] for row in result.rows] == ["北京测试单位00003"]


def test_csv_rows_are_counted_by_record_not_by_line():
    data = csv_bytes([["多行\n名称", "朝阳区", "朝阳区总工会", 2017], ["坏年份", "朝阳区", "朝阳区总工会", "x"]])
    assert problems(parse(data, "名录.csv")) == [(3, "命名年份", "“x”不是年份，应填写四位数字年份，如 2017。")]


def test_a_binary_file_renamed_csv_is_refused():
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert problems(parse(data, "名录.csv")) == file_level(
        "文件不是文本格式的 CSV 表格，请在 Excel 中“另存为” CSV 或 .xlsx。"
    )


def test_a_csv_in_no_known_encoding_is_refused():
    data = "单位名称,所属区/产业工会\n".encode() + b"\x80\xff\x80"
    assert problems(parse(data, "名录.csv")) == file_level(
        "无法识别文件的文字编码，请在 Excel 中“另存为” CSV UTF-8 或 .xlsx。"
    )


def test_an_xlsx_renamed_csv_is_refused():
    assert problems(parse(xlsx_bytes([unit_row(1)]), "名录.csv")) == file_level(
        "这是 Excel（.xlsx）文件而不是 CSV 文件，请把扩展名改为 .xlsx 后再上传。"
    )


def test_a_csv_with_an_unclosed_giant_field_is_refused():
    data = csv_bytes([]) + b'"' + b"a" * 200_000
    assert problems(parse(data, "名录.csv")) == file_level("CSV 文件格式有误（例如引号未闭合或单元格过长），无法读取。")


def test_a_stream_without_seek_is_read():
    class Stream:
        def __init__(self, data):
            self.buffer = io.BytesIO(data)

        def read(self, size=-1):
            return self.buffer.read(size)

    result = parse_unit_file(Stream(xlsx_bytes([unit_row(4)])), "名录.xlsx")
    assert [row["name"] for row in result.rows] == ["北京测试单位00004"]


def test_problems_print_as_the_cli_shows_them():
    assert str(ImportProblem(12, "命名年份", "命名年份不能为空。")) == "第12行 命名年份：命名年份不能为空。"
    assert str(ImportProblem(3, "", "无法解析。")) == "第3行：无法解析。"
    assert str(ImportProblem(None, "", "文件是空的，没有任何内容。")) == "文件是空的，没有任何内容。"


def test_formulas_and_formula_text_are_refused_with_their_cell():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(FULL_HEADER)
    sheet.append(['=HYPERLINK("http://evil.example","甲")', "朝阳区", "朝阳区总工会", 2017])
    sheet.append(["北京测试单位00002", "朝阳区", "+cmd|' /C calc'!A0", 2017, "", "+86 10 8357 0324"])
    sheet.append(["北京测试单位00003", "朝阳区", "朝阳区总工会", "=2017"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = parse(buffer.getvalue())
    assert result.rows == []
    assert problems(result) == [
        (
            2,
            "单位名称",
            '单元格是公式“=HYPERLINK("http://evil.example","甲")”，'
            "请填写文字（在 Excel 中复制后“选择性粘贴 → 数值”）。",
        ),
        (3, "上级工会名称", "单元格是公式“+cmd|' /C calc'!A0”，请填写文字（在 Excel 中复制后“选择性粘贴 → 数值”）。"),
        (4, "命名年份", "单元格是公式“=2017”，请填写文字（在 Excel 中复制后“选择性粘贴 → 数值”）。"),
    ]


def test_formula_text_in_a_csv_is_refused_and_a_phone_with_a_plus_is_not():
    data = csv_bytes([["=1+1", "朝阳区", "朝阳区总工会", "2017"]], FULL_HEADER)
    assert problems(parse(data, "名录.csv")) == [
        (2, "单位名称", "单元格是公式“=1+1”，请填写文字（在 Excel 中复制后“选择性粘贴 → 数值”）。")
    ]
    ok = parse(
        csv_bytes([["甲单位", "朝阳区", "朝阳区总工会", "2017", "", "+86 10 8357 0324"]], FULL_HEADER), "名录.csv"
    )
    assert [row["contact_phone"] for row in ok.rows] == ["+86 10 8357 0324"]


def test_a_unit_named_in_two_years_is_one_row_with_both_years():
    result = parse(xlsx_bytes([unit_row(1, year=2016), unit_row(2), unit_row(1, year=2019)]))

    assert problems(result) == []
    assert [(row["name"], row["named_year"], row.get("named_years")) for row in result.rows] == [
        ("北京测试单位00001", 2016, [2016, 2019]),
        ("北京测试单位00002", 2017, None),
    ]
