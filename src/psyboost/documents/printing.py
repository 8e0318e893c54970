"""The printed 申报表 as data: what goes on paper, in the paper form's order and layout, for both renderers.

``printed_form(application)`` walks the 2020 paper form (header, sections 一 to 四, 经费预算 with 总计, 申报单位意见)
and returns plain blocks: label/value grids, tables, sentence lines and long texts. ``docx.py`` and ``pdf.py`` only
draw these blocks, so a label or the order changes here and in no renderer. Field labels come from the models'
verbose names (``applications.sections.label``); the words that only the paper has (title, hints, sign-off) live here.

The printed form carries the names of 心理工作人员 unmasked: only those who may see them may download it
(``documents.rules``).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from psyboost.applications.budget import budget_summary, money
from psyboost.applications.models import Application
from psyboost.applications.rules import mask_contact
from psyboost.applications.sections import (
    SEAL_LABELS,
    SUBHEADINGS,
    TITLE_NOTES,
    budget_heading,
    column_label,
    label,
    plan_note,
)

from .blocks import (
    PAPER_ROWS,
    Block,
    Cell,
    PrintedForm,
    Section,
    full_date,
    text,
    year_month,
    yes_no,
)
from .blocks import phones as _phones

__all__ = ["Block", "Cell", "PrintedForm", "Section", "load", "printed_form"]


def _pair(name: str, value) -> tuple[Cell, Cell]:
    return Cell(label(name), is_label=True), Cell(text(value))


def _wide(title: str, value, tall: bool = False) -> tuple[Cell, ...]:
    return (Cell(title, is_label=True), Cell(text(value), span=3, tall=tall))


def _padded(rows: list[tuple[str, ...]], kind: str, width: int) -> tuple[tuple[str, ...], ...]:
    blank = ("",) * width
    return tuple(rows + [blank] * max(0, PAPER_ROWS.get(kind, 0) - len(rows)))


def _basic(application: Application, masked: bool = False) -> Section:
    contact_label = _("联系方式（手机和座机）")

    def phones(mobile, landline):
        return mask_contact(mobile or landline) if masked else _phones(mobile, landline)

    cells = (
        _wide(label("district_union"), application.get_district_union_display()),
        (*_pair("parent_union", application.parent_union), Cell(_("单位名称"), True), Cell(application.unit.name)),
        (*_pair("unit_nature", application.get_unit_nature_display()), *_pair("headcount", application.headcount)),
        (
            *_pair("card_holders", application.card_holders),
            Cell(_("被命名市总工会“职工心灵驿站”年份"), True),
            Cell(text(application.unit.named_year)),
        ),
        (
            *_pair("union_leader", application.union_leader),
            Cell(contact_label, True),
            Cell(phones(application.union_leader_mobile, application.union_leader_landline)),
        ),
        (
            *_pair("contact_name", application.contact_name),
            Cell(contact_label, True),
            Cell(phones(application.contact_mobile, application.contact_landline)),
        ),
        _wide(label("contact_email"), mask_contact(application.contact_email) if masked else application.contact_email),
        _wide(label("address"), application.address),
        _wide(
            f"{label('unit_profile')}\n（{Application._meta.get_field('unit_profile').help_text}）",
            application.unit_profile,
            tall=True,
        ),
    )
    return Section(_("一、申报单位基本信息"), (Block("grid", cells=cells),))


def _areas_text(application: Application) -> str:
    lines = []
    for index, area in enumerate(application.functional_areas.all(), start=1):
        size = f"{text(area.area)}平米" if area.area is not None else ""
        lines.append("  ".join(part for part in (f"{index}. {area.name}", size, area.function) if part.strip()))
    return "\n".join(lines)


def _foundation(application: Application) -> Section:
    equipment = [
        (row.name, text(row.quantity), row.function, text(row.investment)) for row in application.equipment.all()
    ]
    workers = [
        (
            str(row.position + 1),
            row.name,
            year_month(row.birth_month),
            row.get_education_display(),
            "：".join(part for part in (row.get_qualification_display(), row.qualification_detail) if part),
            text(row.years),
            row.services,
        )
        for row in application.psych_workers.all()
    ]
    worker_columns = ("position", "name", "birth_month", "education", "qualification", "years", "services")
    blocks = (
        Block("heading", str(SUBHEADINGS["site_area"])),
        Block(
            "grid",
            cells=(
                (*_pair("site_area", application.site_area), *_pair("area_count", application.area_count)),
                _wide(label("site_investment"), application.site_investment),
                _wide(_("功能分区介绍（详细说明各区域面积及服务功能）"), _areas_text(application), tall=True),
            ),
        ),
        Block("heading", str(SUBHEADINGS["equipment"])),
        Block(
            "table",
            columns=tuple(column_label("equipment", name) for name in ("name", "quantity", "function", "investment")),
            rows=_padded(equipment, "equipment", 4),
        ),
        Block("heading", str(SUBHEADINGS["union_worker_count"])),
        Block(
            "grid",
            cells=(
                (
                    *_pair("union_worker_count", application.union_worker_count),
                    *_pair("internal_psych_worker_count", application.internal_psych_worker_count),
                ),
                (
                    *_pair("external_psych_worker_count", application.external_psych_worker_count),
                    *_pair("qualified_people_count", application.qualified_people_count),
                ),
            ),
        ),
        Block(
            "table",
            text=label("psych_workers"),
            columns=tuple(column_label("psych_workers", name) for name in worker_columns),
            rows=_padded(workers, "psych_workers", 7),
        ),
    )
    return Section(_("二、职工心理服务工作基础"), blocks)


def _history(application: Application) -> Section:
    year = application.call.year - 1
    blocks = (
        Block(
            "line",
            _("1、服务对象：%(who)s    2、服务人数：%(count)s 人，占会员总数 %(share)s %%")
            % {
                "who": application.past_beneficiaries,
                "count": text(application.past_beneficiary_count),
                "share": text(application.past_member_share),
            },
        ),
        Block("line", _("3、投入资金：%(amount)s 万元") % {"amount": text(application.past_investment)}),
        Block("line", f"{label('past_partnered')}  {yes_no(application.past_partnered)}"),
        Block("line", f"{label('past_partner_name')}：{application.past_partner_name}"),
        Block("text", f"{label('past_model')}：", body=application.past_model),
        Block("text", f"{label('past_results')}：", body=application.past_results),
    )
    title = _("三、%(year)d年职工心理服务工作开展情况") % {"year": year} + str(TITLE_NOTES["history"])
    return Section(title, blocks)


def _project(application: Application) -> Section:
    call = application.call
    summary = budget_summary(application)
    budget = [
        (str(row.position + 1), row.item, text(row.unit_price), text(row.quantity), money(row.amount), row.notes)
        if row.amount is not None
        else (str(row.position + 1), row.item, text(row.unit_price), text(row.quantity), "", row.notes)
        for row in application.budget_items.all()
    ]
    schedule = [(row.period, row.content) for row in application.schedule_items.all()]
    partner = f"  {label('partner_name')}：{application.partner_name}" if application.partner_name else ""
    blocks = [
        Block(
            "line",
            _("1、服务对象：%(who)s    2、服务人数：%(count)s")
            % {"who": application.beneficiaries, "count": text(application.beneficiary_count)},
        ),
        Block(
            "line",
            _("3、实施时间：%(start)s 至 %(end)s")
            % {"start": full_date(application.starts_on), "end": full_date(application.ends_on)},
        ),
        Block("line", f"{label('partnered')}  {yes_no(application.partnered)}{partner}"),
        Block(
            "text",
            f"{label('plan')}：",
            note=plan_note(call),
            body=application.plan,
        ),
    ]
    if schedule:
        blocks.append(
            Block(
                "table",
                text=label("schedule_items"),
                columns=tuple(column_label("schedule_items", name) for name in ("period", "content")),
                rows=tuple(schedule),
            )
        )
    blocks += [
        Block("text", label("expected_results"), body=application.expected_results),
        Block(
            "table",
            text=budget_heading(call),
            columns=(
                column_label("budget_items", "position"),
                *(column_label("budget_items", name) for name in ("item", "unit_price", "quantity")),
                _("金额（元）"),
                column_label("budget_items", "notes"),
            ),
            rows=_padded(budget, "budget_items", 6),
            total=(_("总计"), "", "", "", money(summary.total), ""),
        ),
        Block(
            "line",
            _("其中：市总工会助推资金 %(grant)s 元，单位自筹 %(own)s 元")
            % {"grant": money(summary.grant), "own": money(summary.self_funded)},
        ),
    ]
    return Section(_("四、%(year)d年职工心理服务项目申报") % {"year": call.year}, tuple(blocks))


def signoff() -> Block:
    """申报单位意见: the signature, 同意, both seals and the date, with room to sign and stamp by hand."""
    return Block(
        "signoff",
        text=_("申报单位意见"),
        cells=(
            (Cell(_("工会负责人签字：")), Cell(_("同  意"))),
            (Cell(str(SEAL_LABELS[0])), Cell(str(SEAL_LABELS[1]))),
            (Cell(""), Cell(_("年    月    日"))),
        ),
    )


def printed_form(application: Application, *, masked: bool = False) -> PrintedForm:
    """The whole printed form of ``application`` (any state: a draft prints 草稿 where the 编号 goes). It is the
    official paper form, so it is always in the site's language (Chinese), whatever the reader's UI language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _printed_form(application, masked)


def _printed_form(application: Application, masked: bool = False) -> PrintedForm:
    call = application.call
    is_draft = application.number is None
    filled = application.filled_on
    return PrintedForm(
        number=_("草稿") if is_draft else application.display_number,
        is_draft=is_draft,
        title=_("职工心理服务助推项目评选申报表"),
        edition=f"（{call.edition}）",
        unit_name=application.unit.name,
        filled_on=_("%(year)s 年 %(month)s 月")
        % {"year": filled.year if filled else "    ", "month": filled.month if filled else "   "},
        issuer=_("北京市职工服务中心制表"),
        issued_on=_("%(year)d年%(month)d月")
        % {"year": call.form_issue_month.year, "month": call.form_issue_month.month},
        sections=(_basic(application, masked), _foundation(application), _history(application), _project(application)),
        signoff=signoff(),
        number_label=_("编号："),
        unit_label=_("申报单位："),
        date_label=_("填表日期："),
    )


def load(pk: int) -> Application | None:
    """The application with what the printed form reads, in few queries."""
    return (
        Application.objects.select_related("call", "unit")
        .prefetch_related("functional_areas", "equipment", "psych_workers", "schedule_items", "budget_items")
        .filter(pk=pk)
        .first()
    )
