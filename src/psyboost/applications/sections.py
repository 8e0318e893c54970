"""The form's layout: which fields, tables and attachments each section holds, in the paper form's order.

The pages, the checks, the snapshots of submitted versions, the diff and the printed form all walk this list.
"""

import re
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .budget import ten_thousands
from .choices import AttachmentKind
from .models import ROW_MODELS, Application


@dataclass(frozen=True)
class Section:
    key: str  # used in URLs and in Problem.section
    number: str  # 一 … 四; empty for the sign-off
    title: str  # may hold {previous_year} / {year}: the call's year decides
    items: tuple[str, ...]  # fields, tables and attachment kinds, in the paper form's order

    def title_for(self, call) -> str:
        title = str(self.title).format(year=call.year, previous_year=call.year - 1)
        return f"{self.number}、{title}" if self.number else title

    # Worked out once per section (the layout is fixed): the pages ask for them many times per request.
    @cached_property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name in self.items if name not in ROW_MODELS and name not in AttachmentKind.values)

    @cached_property
    def rows(self) -> tuple[str, ...]:
        return tuple(name for name in self.items if name in ROW_MODELS)

    @cached_property
    def attachments(self) -> tuple[str, ...]:
        return tuple(name for name in self.items if name in AttachmentKind.values)


SECTIONS = (
    Section(
        "basic",
        "一",
        _("申报单位基本信息"),
        (
            "district_union",
            "parent_union",
            "unit_nature",
            "headcount",
            "card_holders",
            "union_leader",
            "union_leader_mobile",
            "union_leader_landline",
            "contact_name",
            "contact_mobile",
            "contact_landline",
            "contact_email",
            "address",
            "unit_profile",
        ),
    ),
    Section(
        "foundation",
        "二",
        _("职工心理服务工作基础"),
        (
            # 1. 职工心理服务场地介绍
            "site_area",
            "area_count",
            "site_investment",
            "functional_areas",
            AttachmentKind.SITE_PHOTO,
            # 2. 现有心理设备设施情况
            "equipment",
            AttachmentKind.EQUIPMENT_PHOTO,
            # 3. 心理工作人员情况
            "union_worker_count",
            "internal_psych_worker_count",
            "external_psych_worker_count",
            "qualified_people_count",
            "psych_workers",
        ),
    ),
    Section(
        "history",
        "三",
        _("{previous_year}年职工心理服务工作开展情况"),
        (
            "past_beneficiaries",
            "past_beneficiary_count",
            "past_member_share",
            "past_investment",
            "past_partnered",
            "past_partner_name",
            "past_model",
            "past_results",
            AttachmentKind.ACTIVITY_VIDEO,
        ),
    ),
    Section(
        "project",
        "四",
        _("{year}年职工心理服务项目申报"),
        (
            "beneficiaries",
            "beneficiary_count",
            "starts_on",
            "ends_on",
            "partnered",
            "partner_name",
            "plan",
            "schedule_items",
            "expected_results",
            "budget_items",
            AttachmentKind.SCREENSHOT,
        ),
    ),
    Section(
        "signoff",
        "",
        _("申报单位意见"),
        ("declaration_confirmed", "privacy_confirmed", AttachmentKind.SIGNED_SCAN),
    ),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

# The paper's sub-headings of 二、职工心理服务工作基础, verbatim, before the item they introduce (web form and print).
SUBHEADINGS = {
    "site_area": _("1.职工心理服务场地介绍（以附件形式发送场地照片）"),
    "equipment": _("2.现有心理设备设施情况（以附件形式发送设备照片）"),
    "union_worker_count": _("3.心理工作人员情况"),
}
# What the paper adds after a section's title.
TITLE_NOTES = {"history": _("（可附活动短视频）")}


def plan_note(call) -> str:
    """The note under 5、计划开展服务项目内容及进度安排, with the call's grant and year."""
    return gettext("（注：可依据市总工会心理服务助推资金%(grant)s元标准，规划%(year)d年度职工心理服务项目内容）") % {
        "grant": ten_thousands(call.grant_amount),
        "year": call.year,
    }


def budget_heading(call) -> str:
    """7、经费预算 as the paper heads it, with the call's grant."""
    return gettext("7、经费预算（市总工会助推资金%(grant)s元，超出部分由本单位自筹）") % {
        "grant": ten_thousands(call.grant_amount)
    }


# The seals of 申报单位意见, as the paper prints them: on the printed form and on the web sign-off page.
SEAL_LABELS = (_("（申报单位工会公章）"), _("（申报单位公章）"))

# Every field the unit fills in, in form order: the only names a draft save may change.
FORM_FIELDS: tuple[str, ...] = tuple(name for section in SECTIONS for name in section.fields)
ROW_KINDS: tuple[str, ...] = tuple(kind for section in SECTIONS for kind in section.rows)

_NUMBERING = re.compile(r"^\d+、")
_UNIT_SUFFIX = re.compile(r"\s*（(平米|个|万元|人|%|元)）$")


def section_of(name: str) -> Section:
    """The section holding a field, a table or an attachment kind."""
    for section in SECTIONS:
        if name in section.items:
            return section
    raise KeyError(name)


def label(name: str) -> str:
    """The form's label of a field or a table (verbatim), or the attachment kind's name."""
    if name in ROW_MODELS:
        return str(ROW_MODELS[name]._meta.verbose_name_plural)
    if name in AttachmentKind.values:
        return str(AttachmentKind(name).label)
    return str(Application._meta.get_field(name).verbose_name)


def short_label(name: str) -> str:
    """The label inside a sentence: ``2、服务人数 （人）`` → ``服务人数``; ``场地面积（平米）`` → ``场地面积``."""
    text = _NUMBERING.sub("", label(name))
    return _UNIT_SUFFIX.sub("", text).strip().rstrip("？")


def column_label(kind: str, column: str) -> str:
    return str(ROW_MODELS[kind]._meta.get_field(column).verbose_name)
