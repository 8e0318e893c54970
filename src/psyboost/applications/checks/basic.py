"""一、申报单位基本信息."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.calls import districts

from .. import values
from ..choices import UnitNature
from .base import Problem, Subject, at_most_characters, problem, required

PROFILE_MAX_CHARACTERS = 500

# The two people the form asks phones of: (name field, mobile field, landline field, who in messages).
PEOPLE = (
    ("union_leader", "union_leader_mobile", "union_leader_landline", gettext_lazy("工会负责人")),
    ("contact_name", "contact_mobile", "contact_landline", gettext_lazy("联系人")),
)


BASIC_REQUIRED = (
    "district_union",
    "parent_union",
    "unit_nature",
    "headcount",
    "card_holders",
    "union_leader",
    "contact_name",
    "contact_email",
    "address",
    "unit_profile",
)
PHONES_REQUIRED = tuple(name for _who, mobile, landline, _label in PEOPLE for name in (mobile, landline))


def _phones(subject: Subject) -> list[Problem]:
    """联系方式（手机和座机）: both are required, each in its format."""
    problems = []
    for _name, mobile, landline, who in PEOPLE:
        for field, kind, parse in (
            (mobile, _("手机号码"), values.parse_mobile),
            (landline, _("座机号码"), values.parse_landline),
        ):
            value = getattr(subject.application, field)
            if not (value or "").strip():
                problems.append(
                    problem(field, _("请填写%(who)s的%(kind)s。") % {"who": who, "kind": kind}, code="required")
                )
                continue
            try:
                parse(value)
            except values.ValueProblem as error:
                problems.append(problem(field, error.message))
    return problems


def _email(subject: Subject) -> list[Problem]:
    value = subject.application.contact_email
    if not (value or "").strip():
        return []
    try:
        values.parse_email(value)
    except values.ValueProblem as error:
        return [problem("contact_email", error.message)]
    return []


def _choices(subject: Subject) -> list[Problem]:
    application = subject.application
    problems = []
    if application.district_union and application.district_union not in districts.DISTRICT_UNIONS:
        problems.append(
            problem(
                "district_union",
                _("所属区/产业工会“%(value)s”不在列表中，请重新选择。") % {"value": application.district_union},
            )
        )
    if application.unit_nature and application.unit_nature not in UnitNature.values:
        problems.append(problem("unit_nature", _("请从列表中选择单位性质。")))
    return problems


def check_basic(subject: Subject) -> list[Problem]:
    return [
        *required(subject, *BASIC_REQUIRED),
        *_choices(subject),
        *_phones(subject),
        *_email(subject),
        *at_most_characters(subject, "unit_profile", PROFILE_MAX_CHARACTERS),
    ]
