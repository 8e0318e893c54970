from decimal import Decimal

from psyboost.applications import services as application_services
from psyboost.documents import printing
from tests.factories import IN_THE_2020_CALL, BudgetItemFactory, DraftApplicationFactory

from .conftest import FILLED_VALUES, PAPER_LABELS, missing


def all_text(form: printing.PrintedForm) -> str:
    parts = [form.number_label, form.title, form.edition, form.unit_label, form.date_label, form.issuer, form.issued_on]
    for section in (*form.sections, printing.Section("", (form.signoff,))):
        parts.append(section.title)
        for block in section.blocks:
            parts += [block.text, block.note, block.body, *block.columns, *block.total]
            parts += [cell.text for row in block.cells for cell in row]
            parts += [value for row in block.rows for value in row]
    return "\n".join(parts)


def test_every_label_of_the_paper_form_and_every_value_is_printed(submitted):
    form = printing.printed_form(submitted)
    assert missing(all_text(form), PAPER_LABELS) == []
    assert missing(all_text(form), FILLED_VALUES) == []


def test_sections_come_in_the_paper_order(submitted):
    titles = [section.title for section in printing.printed_form(submitted).sections]
    assert titles == [
        "一、申报单位基本信息",
        "二、职工心理服务工作基础",
        "三、2019年职工心理服务工作开展情况（可附活动短视频）",
        "四、2020年职工心理服务项目申报",
    ]


def test_a_submitted_form_prints_its_number_and_the_month_it_was_filled(submitted):
    form = printing.printed_form(submitted)
    assert (form.number, form.is_draft, form.filled_on) == ("2020-001", False, "2020 年 7 月")
    assert form.unit_name == submitted.unit.name


def test_a_draft_prints_draft_instead_of_a_number(application):
    form = printing.printed_form(printing.load(application.pk))
    assert (form.number, form.is_draft, form.filled_on) == ("草稿", True, "     年     月")


def test_an_empty_draft_prints_the_blank_paper_tables(db):
    form = printing.printed_form(printing.load(DraftApplicationFactory().pk))
    tables = [block for section in form.sections for block in section.blocks if block.kind == "table"]
    assert [len(table.rows) for table in tables] == [5, 5, 10]
    assert tables[-1].total == ("总计", "", "", "", "0.00", "")


def test_the_budget_prints_its_total_and_the_split(application):
    BudgetItemFactory(application=application, position=2, item="心理测评", unit_price=Decimal("1500.50"), quantity=2)
    budget = printing.printed_form(printing.load(application.pk)).sections[3].blocks
    table = next(block for block in budget if block.kind == "table" and block.total)
    assert table.rows[2] == ("3", "心理测评", "1500.50", "2.00", "3,001.00", "外请专家")
    assert table.total == ("总计", "", "", "", "23,001.00", "")
    assert budget[-1].text == "其中：市总工会助推资金 20,000.00 元，单位自筹 3,001.00 元"


def test_the_fingerprint_changes_with_what_is_printed_only(application, owner):
    before = printing.printed_form(printing.load(application.pk)).fingerprint()
    assert printing.printed_form(printing.load(application.pk)).fingerprint() == before
    application_services.save_draft(
        application, {"headcount": 1300}, expected_version=application.version, actor=owner, now=IN_THE_2020_CALL
    )
    assert printing.printed_form(printing.load(application.pk)).fingerprint() != before


def test_the_printed_form_is_read_in_a_fixed_number_of_queries(application, django_assert_num_queries):
    with django_assert_num_queries(6):
        printing.printed_form(printing.load(application.pk))
