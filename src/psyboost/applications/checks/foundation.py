"""二、职工心理服务工作基础: 场地 and 功能分区, 设备设施, 心理工作人员."""

from decimal import Decimal

from django.utils.translation import gettext as _

from ..choices import AttachmentKind, Qualification
from .base import REQUIRED, WARN, Problem, Subject, problem, required, required_cells, row_problem

AGE_MIN, AGE_MAX = 16, 80
FOUNDATION_REQUIRED = ("site_area", "area_count", "site_investment")


def _functional_areas(subject: Subject) -> list[Problem]:
    application, rows = subject.application, subject.rows["functional_areas"]
    problems = required_cells(subject, "functional_areas")
    if application.area_count is not None and len(rows) != application.area_count:
        problems.append(
            problem(
                "functional_areas",
                _("功能分区介绍填写了%(rows)d个区域，与功能区数量（%(count)d个）不一致。")
                % {"rows": len(rows), "count": application.area_count},
                WARN,
            )
        )
    total = sum((row.area for row in rows if row.area is not None), Decimal("0"))
    if application.site_area is not None and total > application.site_area:
        problems.append(
            problem(
                "functional_areas",
                _("各功能分区面积合计%(total)s平米，超过了心理服务场地面积（%(area)s平米）。")
                % {"total": total, "area": application.site_area},
                WARN,
            )
        )
    return problems


def _photos(subject: Subject) -> list[Problem]:
    problems = []
    if not subject.attachments.get(AttachmentKind.SITE_PHOTO):
        problems.append(problem(AttachmentKind.SITE_PHOTO, _("请上传场地照片（至少一张）。"), code=REQUIRED))
    if subject.rows["equipment"] and not subject.attachments.get(AttachmentKind.EQUIPMENT_PHOTO):
        problems.append(problem(AttachmentKind.EQUIPMENT_PHOTO, _("已填写设备设施，但还没有上传设备照片。"), WARN))
    return problems


def _equipment(subject: Subject) -> list[Problem]:
    return required_cells(subject, "equipment")


def age_in(year: int, birth_month) -> int:
    """The age a person born in ``birth_month`` reaches in ``year`` (the call's year)."""
    return year - birth_month.year


def _psych_workers(subject: Subject) -> list[Problem]:
    application, rows, year = subject.application, subject.rows["psych_workers"], subject.call.year
    problems = required_cells(subject, "psych_workers")
    for index, row in enumerate(rows):
        if row.birth_month is not None:
            age = age_in(year, row.birth_month)
            if not AGE_MIN <= age <= AGE_MAX:
                message = _("出生年月为%(birth)s，%(year)d年时%(age)d岁，应在%(low)d至%(high)d岁之间。") % {
                    "birth": f"{row.birth_month:%Y-%m}",
                    "year": year,
                    "age": age,
                    "low": AGE_MIN,
                    "high": AGE_MAX,
                }
                problems.append(row_problem("psych_workers", index, "birth_month", message))
            elif row.years is not None and row.years > age - AGE_MIN:
                message = _("心理工作年限为%(years)d年，超过了年龄减16（%(limit)d年），请核对。") % {
                    "years": row.years,
                    "limit": age - AGE_MIN,
                }
                problems.append(row_problem("psych_workers", index, "years", message, WARN))
        if row.qualification == Qualification.OTHER and not (row.qualification_detail or "").strip():
            message = _("心理资质选择了“其他”，请在补充说明中写明具体资质。")
            problems.append(row_problem("psych_workers", index, "qualification_detail", message, WARN))
    counts = (application.internal_psych_worker_count, application.external_psych_worker_count)
    if any(count is not None for count in counts):
        workers = sum(count or 0 for count in counts)
        if len(rows) > workers:
            problems.append(
                problem(
                    "psych_workers",
                    _("心理工作人员介绍填写了%(rows)d人，多于内部和外聘心理服务工作人员数之和（%(workers)d人）。")
                    % {"rows": len(rows), "workers": workers},
                    WARN,
                )
            )
    return problems


def check_foundation(subject: Subject) -> list[Problem]:
    return [
        *required(subject, *FOUNDATION_REQUIRED),
        *_functional_areas(subject),
        *_photos(subject),
        *_equipment(subject),
        *_psych_workers(subject),
    ]
