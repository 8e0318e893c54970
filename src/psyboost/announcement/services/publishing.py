"""Preparing, publishing and correcting an announcement (公示), and recording where it was posted.

The list is the panel decision's selection, in ranking order, as amended since; an announcement keeps its own copy
(``Entry``) from the moment it is prepared. Publishing is scheduled: the page is public from ``starts_at`` by itself
(``Announcement.is_public(now)``), and the call's status moves to 公示 dated at that start.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from psyboost.applications.models import Application
from psyboost.audit.services import record
from psyboost.calls.services import move_call
from psyboost.core.clock import moment_text
from psyboost.core.refusals import Refused as DomainRefused
from psyboost.review.models import Decision, Selection

from .. import days as day_counting
from ..middleware import clear_public_cache
from ..models import Announcement, AnnouncementSettings, Correction, Entry, Posting


class Refused(DomainRefused):
    """The action is not possible now; the message says why, in Chinese."""


@dataclass
class Invalid(Exception):
    """Field errors: ``errors`` maps a field name (or None) to a message."""

    errors: dict = field(default_factory=dict)


def review_settings_of(call) -> AnnouncementSettings:
    found, _created = AnnouncementSettings.objects.get_or_create(call=call)
    return found


def project_name(application: Application) -> str:
    """项目名称 as listed: the form has no field of its own, so the unit's project of the call's year."""
    return _("%(unit)s%(year)d年度职工心理服务项目") % {"unit": application.unit.name, "year": application.call.year}


def current_selection(call) -> list[Application]:
    """The selected applications now, in ranking order (the decision as amended)."""
    return [
        selection.application
        for selection in Selection.objects.filter(application__call=call, selected=True)
        .select_related("application__unit", "application__call")
        .order_by("rank", "application_id")
    ]


def default_title(call, kind=Announcement.Kind.INITIAL) -> str:
    """The title in the site's language (the announcement is published in Chinese whatever staff read)."""
    with translation.override(settings.LANGUAGE_CODE):
        if kind == Announcement.Kind.SUPPLEMENTARY:
            return _("关于%(year)d年度优秀职工心理服务助推项目评选结果的补充公示") % {"year": call.year}
        return _("关于%(year)d年度优秀职工心理服务助推项目评选结果的公示") % {"year": call.year}


def default_body() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(DEFAULT_BODY)


DEFAULT_BODY = gettext_lazy(
    "根据《{year}年职工心理服务助推项目评选办法》，经单位申报、形式审查、专家评审（材料审核与现场交流相结合），"
    "拟确定以下{count}个项目为{year}年度优秀职工心理服务助推项目，现予以公示。\n\n"
    "公示期为{start}至{end}（{length}）。公示期间，如有异议，请以书面形式向主办部门反映。"
    "单位反映情况须加盖单位公章，个人反映情况须署真实姓名并提供联系方式，匿名材料不予受理。"
    "反映情况应实事求是，具体明确，并提供相关证明材料。\n\n{contacts}"
)


def contacts_text(call) -> str:
    parts = [
        (_("联系人"), call.contact_people),
        (_("联系电话"), call.contact_phones),
        (_("联系邮箱"), call.contact_email),
        (_("联系地址"), call.contact_address),
        (_("邮政编码"), call.contact_postcode),
    ]
    return "\n".join(f"{label}：{value}" for label, value in parts if value)


def length_text(days: int, counting: str) -> str:
    if counting == "working":
        return _("%(days)d个工作日") % {"days": days}
    return _("%(days)d天") % {"days": days}


def day_text(day) -> str:
    return _("%(year)d年%(month)d月%(day)d日") % {"year": day.year, "month": day.month, "day": day.day}


def render_body(announcement: Announcement) -> str:
    """The body with its placeholders filled: {year} {count} {start} {end} {length} {contacts}."""
    values = {
        "year": announcement.call.year,
        "count": announcement.entries.count() if announcement.pk else 0,
        "start": day_text(timezone.localtime(announcement.starts_at).date()),
        "end": day_text(day_counting.last_moment_day(announcement.ends_at)),
        "length": length_text(announcement.days, announcement.counting),
        "contacts": contacts_text(announcement.call),
    }
    try:
        return announcement.body.format(**values)
    except (KeyError, IndexError, ValueError):
        return announcement.body


def check_body(body: str) -> None:
    try:
        body.format(year=1, count=1, start="", end="", length="", contacts="")
    except (KeyError, IndexError, ValueError):
        raise Invalid(
            {"body": _("正文中的占位符只能是 {year} {count} {start} {end} {length} {contacts}；花括号须成对。")}
        ) from None


def _period(starts_at: datetime, days: int, counting: str, now: datetime) -> datetime:
    errors = {}
    if days is None or days < 1:
        errors["days"] = _("公示天数至少为1天。")
    if starts_at is None:
        errors["starts_at"] = _("请填写公示开始时间。")
    elif starts_at < now:
        errors["starts_at"] = _("公示开始时间（%(start)s）已过，请选择将来的时间。") % {"start": moment_text(starts_at)}
    if errors:
        raise Invalid(errors)
    try:
        return day_counting.period_end(starts_at, days, counting)
    except day_counting.CalendarUnknown as refusal:
        raise Invalid({"counting": str(refusal)}) from None


def _fill_entries(announcement: Announcement, applications) -> None:
    announcement.entries.all().delete()
    Entry.objects.bulk_create(
        [
            Entry(
                announcement=announcement,
                position=position,
                application=application,
                number=application.display_number,
                unit_name=application.unit.name,
                district_union=application.district_union or application.unit.district_union,
                project_name=project_name(application),
            )
            for position, application in enumerate(applications, start=1)
        ]
    )


def initial_of(call) -> Announcement | None:
    return Announcement.objects.filter(call=call, kind=Announcement.Kind.INITIAL).first()


def prepare(call, *, title: str, body: str, starts_at, days: int, publisher: str, published_on, actor, now=None):
    """Create or change the call's (unpublished) first announcement; its list is the decision's selection."""
    now = now or timezone.now()
    if not Decision.objects.filter(call=call).exists():
        raise Refused(_("评审组尚未作出评审决定，不能准备公示。"))
    existing = initial_of(call)
    if existing is not None and existing.is_published:
        raise Refused(_("公示已发布，不能再修改；如需更正，请使用“更正”。"))
    title, body, publisher = (title or "").strip(), (body or "").strip(), (publisher or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写标题。")
    if not body:
        errors["body"] = _("请填写正文。")
    if not publisher:
        errors["publisher"] = _("请填写发布单位。")
    if published_on is None:
        errors["published_on"] = _("请填写发布日期。")
    if errors:
        raise Invalid(errors)
    check_body(body)
    counting = review_settings_of(call).counting
    ends_at = _period(starts_at, days, counting, now)
    selected = current_selection(call)
    if not selected:
        raise Refused(_("入选名单为空，不能准备公示。"))
    with transaction.atomic():
        announcement = existing or Announcement(call=call, kind=Announcement.Kind.INITIAL)
        announcement.title, announcement.body, announcement.publisher = title, body, publisher
        announcement.starts_at, announcement.days, announcement.counting = starts_at, days, counting
        announcement.ends_at, announcement.published_on = ends_at, published_on
        announcement.save()
        _fill_entries(announcement, selected)
        record(actor, "announcement.prepared", announcement, starts_at=starts_at.isoformat(), days=days)
    return announcement


def publish(announcement: Announcement, *, actor, now=None) -> Announcement:
    """Publish: public from its start, by itself. A second publish is refused; so is a start already past."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.published_at is not None:
            raise Refused(_("此公示已于%(when)s发布，不能重复发布。") % {"when": moment_text(locked.published_at)})
        if locked.starts_at < now:
            raise Refused(
                _("公示开始时间（%(start)s）已过，请修改开始时间后再发布。") % {"start": moment_text(locked.starts_at)}
            )
        if not locked.entries.exists():
            raise Refused(_("公示名单为空，不能发布。"))
        locked.published_at = now
        locked.published_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["published_at", "published_by", "updated_at"])
        if locked.kind == Announcement.Kind.INITIAL:
            decision = Decision.objects.get(call=locked.call)
            zone = timezone.get_default_timezone()
            decided = datetime.combine(decision.decided_on, datetime.min.time(), tzinfo=zone)
            move_call(locked.call, "review", actor=actor, at=min(decided, now), note=_("专家评审决定"))
            move_call(
                locked.call,
                "announcement",
                actor=actor,
                at=locked.starts_at,
                note=_("结果公示（至%(end)s）") % {"end": day_text(day_counting.last_moment_day(locked.ends_at))},
            )
        record(
            actor,
            "announcement.published",
            locked,
            kind=locked.kind,
            starts_at=locked.starts_at.isoformat(),
            ends_at=locked.ends_at.isoformat(),
            entries=locked.entries.count(),
        )
        transaction.on_commit(clear_public_cache)
    return locked


def correct(announcement: Announcement, *, title: str, body: str, reason: str, actor, now=None) -> Correction:
    """A correction (更正) of a published announcement: the earlier text stays visible as superseded. The period,
    the list and the schedule do not change (nothing restarts silently)."""
    now = now or timezone.now()
    reason, title, body = (reason or "").strip(), (title or "").strip(), (body or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("请填写更正理由。")
    if not title:
        errors["title"] = _("请填写标题。")
    if not body:
        errors["body"] = _("请填写正文。")
    if errors:
        raise Invalid(errors)
    check_body(body)
    with transaction.atomic():
        locked = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if locked.published_at is None:
            raise Refused(_("公示尚未发布，请直接修改。"))
        if locked.title == title and locked.body == body:
            raise Invalid({"body": _("标题和正文均未改动。")})
        correction = Correction.objects.create(
            announcement=locked,
            previous_title=locked.title,
            previous_body=locked.body,
            reason=reason,
            at=now,
            actor=actor if getattr(actor, "pk", None) else None,
        )
        locked.title, locked.body = title, body
        locked.save(update_fields=["title", "body", "updated_at"])
        record(actor, "announcement.corrected", locked, reason=reason, correction=correction.pk)
        transaction.on_commit(clear_public_cache)
    return correction


def record_posting(announcement: Announcement, *, site: str, url: str, posted_on, screenshot=None, actor) -> Posting:
    if announcement.published_at is None:
        raise Refused(_("公示尚未发布，不能登记转载。"))
    posting = Posting(announcement=announcement, site=site.strip(), url=url.strip(), posted_on=posted_on)
    posting.recorded_by = actor if getattr(actor, "pk", None) else None
    if screenshot is not None:
        posting.screenshot = screenshot
    try:
        posting.save()
    except IntegrityError:  # pragma: no cover - no unique constraint today
        raise Refused(_("登记失败，请重试。")) from None
    record(actor, "announcement.posted", announcement, site=posting.site, url=posting.url, posted_on=str(posted_on))
    return posting


def public_announcements(call, now) -> list[Announcement]:
    """The announcements of ``call`` the public may see now, oldest first."""
    return [
        announcement
        for announcement in Announcement.objects.filter(call=call, published_at__isnull=False, starts_at__lte=now)
        .prefetch_related("entries", "corrections")
        .order_by("starts_at", "id")
    ]


def open_announcement(call, now) -> Announcement | None:
    """The announcement whose objection window is open now (server side, Beijing time), if any."""
    return (
        Announcement.objects.filter(call=call, published_at__isnull=False, starts_at__lte=now, ends_at__gt=now)
        .order_by("-starts_at")
        .first()
    )
