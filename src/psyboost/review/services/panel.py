"""Experts and the panel of a call: create an expert (with an account of role expert and an initial password),
import many from a sheet in one go (all or nothing), put them on a call's panel, take them off, name the chair."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from psyboost.accounts.models import Role, User
from psyboost.accounts.passwords import generate_initial_password, hash_initial_password
from psyboost.accounts.services import free_username
from psyboost.audit.services import record
from psyboost.core.actors import acting_user
from psyboost.core.refusals import Refused
from psyboost.review.models import Assignment, Expert, PanelMember, ReviewSettings

EXPERT_FIELDS = ("kind", "name", "organisation", "title", "expertise", "district_union", "phone", "email")


class PanelRefused(Refused):
    """The change would break a rule of the panel; the message says which, in Chinese."""


@dataclass(frozen=True)
class IssuedExpert:
    """An expert and the initial password their account was just given: the only moment it is known."""

    expert: Expert
    password: str


def review_settings_of(call) -> ReviewSettings:
    """The call's review settings, created with the defaults the first time the review is looked at."""
    review_settings, _created = ReviewSettings.objects.get_or_create(call=call)
    return review_settings


def expert_username(number: int) -> str:
    return f"e{number:04d}"


def create_experts(rows: list[dict], *, actor, call=None) -> list[IssuedExpert]:
    """One expert and one account (role expert, must change the password at first login) per row; rows hold
    ``EXPERT_FIELDS``. With ``call``, they also join its panel. All rows or none."""
    try:
        with transaction.atomic():
            taken = set(Expert.objects.values_list("name", "organisation"))
            for row in rows:
                if (row["name"], row.get("organisation", "")) in taken:
                    raise PanelRefused(
                        _("专家“%(name)s”（%(org)s）已在专家库中，本次没有创建任何专家。")
                        % {"name": row["name"], "org": row.get("organisation") or "—"}
                    )
            issued = []
            next_number = (Expert.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
            for row in rows:
                username = free_username(expert_username(next_number))
                next_number += 1
                password = generate_initial_password()
                user = User.objects.create(
                    username=username,
                    role=Role.EXPERT,
                    display_name=row["name"][:50],
                    phone=row.get("phone", "")[:30],
                    email=row.get("email", ""),
                    password=hash_initial_password(password),
                    must_change_password=True,
                )
                expert = Expert.objects.create(
                    user=user,
                    **{key: row.get(key, "") for key in EXPERT_FIELDS if key != "kind"},
                    kind=row.get("kind") or Expert.Kind.EXPERT,
                )
                record(actor, "review.expert_created", expert, username=username, kind=expert.kind)
                if call is not None:
                    PanelMember.objects.create(call=call, expert=expert)
                    record(actor, "review.panel_member_added", expert, year=call.year)
                issued.append(IssuedExpert(expert, password))
    except IntegrityError as error:
        raise PanelRefused(_("专家或账号刚刚被其他工作人员修改过，本次没有创建任何专家。请刷新页面后重试。")) from error
    return issued


def add_member(call, expert: Expert, *, actor) -> PanelMember:
    if PanelMember.objects.filter(call=call, expert=expert).exists():
        raise PanelRefused(_("“%(name)s”已在本年度评审组中。") % {"name": expert.name})
    if not expert.user.is_active:
        raise PanelRefused(_("“%(name)s”的账号已停用，不能加入评审组。") % {"name": expert.name})
    with transaction.atomic():
        member = PanelMember.objects.create(call=call, expert=expert)
        record(actor, "review.panel_member_added", expert, year=call.year)
    return member


def remove_member(call, expert: Expert, *, actor, reason: str = "") -> None:
    """Off the panel; refused while the expert still has assignments in this call (remove those first)."""
    member = PanelMember.objects.filter(call=call, expert=expert).first()
    if member is None:
        raise PanelRefused(_("“%(name)s”不在本年度评审组中。") % {"name": expert.name})
    if Assignment.objects.filter(application__call=call, expert=expert).exists():
        raise PanelRefused(_("“%(name)s”还有评审分配，请先在“评审分配”中移除后再移出评审组。") % {"name": expert.name})
    with transaction.atomic():
        member.delete()
        record(actor, "review.panel_member_removed", expert, reason=reason, year=call.year, was_chair=member.is_chair)


def set_chair(call, expert: Expert, *, actor) -> None:
    """Make ``expert`` (a member) the one chair of the panel; the former chair stays a member."""
    with transaction.atomic():
        member = PanelMember.objects.select_for_update().filter(call=call, expert=expert).first()
        if member is None:
            raise PanelRefused(_("“%(name)s”不在本年度评审组中，不能担任组长。") % {"name": expert.name})
        if member.is_chair:
            return
        former = PanelMember.objects.filter(call=call, is_chair=True).select_related("expert").first()
        PanelMember.objects.filter(call=call, is_chair=True).update(is_chair=False)
        member.is_chair = True
        member.save(update_fields=["is_chair"])
        record(actor, "review.panel_chair_set", expert, year=call.year, former=former.expert.name if former else "")


SETTINGS_FIELDS = (
    "reviewers_per_application",
    "shortlist_size",
    "method",
    "normalise",
    "materials_weight",
    "onsite_weight",
    "same_district_conflicts",
)


def save_settings(call, values: dict, *, actor) -> ReviewSettings:
    """Change the call's review settings (``SETTINGS_FIELDS``); refused once the selection is decided."""
    from psyboost.review.models import ReviewPhase

    with transaction.atomic():
        review_settings = ReviewSettings.objects.select_for_update().get(pk=review_settings_of(call).pk)
        if review_settings.has_reached(ReviewPhase.DECIDED):
            raise PanelRefused(_("入选名单已确定，评审设置不能再修改。"))
        changes = {}
        for key in SETTINGS_FIELDS:
            if key in values and getattr(review_settings, key) != values[key]:
                changes[key] = [str(getattr(review_settings, key)), str(values[key])]
                setattr(review_settings, key, values[key])
        review_settings.updated_by = acting_user(actor)
        review_settings.save()
        record(actor, "review.settings_changed", call, changes=changes)
    return review_settings
