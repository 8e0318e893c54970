"""What the review tells people: an expert whose submitted review staff reopened (with the reason), and a unit
whose application has an on-site slot (when the slot is given once the on-site exchange is on, or when the review
enters it). Registered at import (``ReviewConfig.ready``); sent once the change is committed."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from psyboost.core.clock import moment_text
from psyboost.notifications.messaging import Kind, notify, register, unit_recipients

REOPENED = register(
    Kind(
        "review_reopened",
        gettext_lazy("评审意见被退回：%(number)s"),
        gettext_lazy(
            "您对%(unit)s申报（编号 %(number)s，%(stage)s）提交的评审意见已于%(when)s被工作人员退回修改。"
            "理由：%(reason)s"
        ),
        gettext_lazy("请登录平台，在评分页面修改后重新提交。"),
    )
)

ONSITE_SLOT = register(
    Kind(
        "onsite_slot",
        gettext_lazy("现场交流安排：%(number)s"),
        gettext_lazy(
            "%(unit)s的申报（编号 %(number)s）已安排现场交流：%(when)s，约 %(minutes)s 分钟，地点：%(place)s"
            "（%(session)s）。"
        ),
        gettext_lazy("请按时到场。如时间有困难，请尽快与北京市总工会联系。"),
    )
)


def tell_expert_reopened(review, reason: str, at) -> None:
    """Once committed: the expert's notice (in-app and e-mail) with the reason, linking to the scoring page."""
    assignment = review.assignment
    application = assignment.application
    values = {
        "unit": application.unit.name,
        "number": application.display_number,
        "stage": assignment.get_stage_display(),
        "when": moment_text(at),
        "reason": reason,
    }
    link = reverse("review:score", args=[assignment.pk])

    def tell_the_expert_once_committed():
        notify(REOPENED.key, [assignment.expert.user], values=values, link=link, target=review, at=at)

    transaction.on_commit(tell_the_expert_once_committed, robust=True)


def tell_units_of_slots(slots) -> None:
    """Once committed: each slot's unit hears its date, time and place, linking to its slot page."""
    told = [
        (
            slot.application,
            {
                "unit": slot.application.unit.name,
                "number": slot.application.display_number,
                "when": moment_text(slot.starts_at),
                "minutes": slot.minutes,
                "place": slot.session.place,
                "session": slot.session.title,
            },
        )
        for slot in slots
    ]

    def tell_the_units_once_committed():
        for application, values in told:
            link = reverse("review:my_slot", args=[application.call.year])
            notify(ONSITE_SLOT.key, unit_recipients(application.unit_id), values=values, link=link, target=application)

    transaction.on_commit(tell_the_units_once_committed, robust=True)
