"""Resource matching: the provider catalogue, units' requests (funded units first), staff's match to a provider
or a pool expert (``review.Expert``: one registry), consultations logged, the unit's rating; load and ratings."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record
from psyboost.calls import districts
from psyboost.review.models import Expert

from ..models import Consultation, Project, Provider, ResourceRequest, ServiceType
from ..workflow import OPEN_STAGES
from .common import ProjectRefused, optional_text, parse_date, refuse, required_text


@transaction.atomic
def save_provider(
    actor,
    *,
    provider=None,
    name,
    qualifications="",
    services=(),
    districts_served=(),
    contact_name="",
    phone="",
    email="",
    active=True,
) -> Provider:
    errors = {}
    name = str(name or "").strip()
    if not name:
        errors["name"] = _("请填写机构名称。")
    elif Provider.objects.filter(name=name).exclude(pk=getattr(provider, "pk", None)).exists():
        errors["name"] = _("已有同名机构。")
    unknown = [s for s in services if s not in ServiceType.values]
    if unknown:
        errors["services"] = _("服务项目不在列表中。")
    bad = [d for d in districts_served if d not in districts.DISTRICT_UNIONS]
    if bad:
        errors["districts"] = _("服务区域不在列表中。")
    email = str(email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("联系邮箱格式不正确，例如 name@example.com。")
    if errors:
        raise ProjectRefused(_("机构信息未保存，请按提示修改。"), errors)
    provider = provider or Provider()
    provider.name, provider.qualifications = name[:200], str(qualifications or "").strip()
    provider.services, provider.districts = list(services), list(districts_served)
    provider.contact_name, provider.phone, provider.email = (
        str(contact_name)[:50],
        str(phone)[:50],
        email[:254],
    )
    provider.active = bool(active)
    provider.save()
    record(actor, "projects.provider_saved", provider, name=provider.name, active=provider.active)
    return provider


@transaction.atomic
def file_request(unit, actor, *, kind, need, preferred_time="", now=None) -> ResourceRequest:
    errors = {}
    if kind not in ResourceRequest.Kind.values:
        errors["kind"] = _("请选择需求类型。")
    try:
        need = required_text(need, "need", 2000, _("请填写需求说明。"))
        preferred_time = optional_text(preferred_time, "preferred_time", 100)
    except ProjectRefused as refusal:
        errors.update(refusal.errors)
    if errors:
        raise ProjectRefused(_("需求未提交，请按提示修改。"), errors)
    project = Project.objects.filter(unit=unit, stage__in=OPEN_STAGES).order_by("-call__year").first()
    request = ResourceRequest.objects.create(
        unit=unit,
        project=project,
        kind=kind,
        need=need,
        preferred_time=preferred_time,
        priority=project is not None,
        created_by=actor,
        created_at=now or timezone.now(),
    )
    record(actor, "projects.request_filed", request, kind=kind, priority=request.priority)
    return request


@transaction.atomic
def match(request: ResourceRequest, actor, *, provider_id="", expert_id="", arrangement, now=None) -> ResourceRequest:
    request = ResourceRequest.objects.select_for_update().get(pk=request.pk)
    if request.state not in (ResourceRequest.State.OPEN, ResourceRequest.State.MATCHED):
        refuse("__all__", _("该需求“%(state)s”，不能再对接。") % {"state": request.get_state_display()})
    provider = expert = None
    if str(provider_id or "").isdigit():
        provider = Provider.objects.filter(pk=int(provider_id), active=True).first()
        if provider is None:
            refuse("provider", _("该机构不存在或已停止合作。"))
    if str(expert_id or "").isdigit():
        expert = Expert.objects.filter(pk=int(expert_id)).first()
        if expert is None:
            refuse("expert", _("该专家不存在。"))
    if provider is None and expert is None:
        refuse("provider", _("请选择服务机构或专家。"))
    arrangement = required_text(arrangement, "arrangement", 2000, _("请填写对接安排（时间、方式、联系人）。"))
    request.provider, request.expert, request.arrangement = provider, expert, arrangement
    request.state, request.matched_by = ResourceRequest.State.MATCHED, actor
    request.matched_at = request.matched_at or now or timezone.now()
    request.save()
    record(
        actor,
        "projects.request_matched",
        request,
        provider=getattr(provider, "pk", None),
        expert=getattr(expert, "pk", None),
    )
    return request


@transaction.atomic
def log_consultation(request: ResourceRequest, actor, *, held_on, who, topic, form="", outcome="") -> Consultation:
    request = ResourceRequest.objects.select_for_update().get(pk=request.pk)
    if request.state == ResourceRequest.State.OPEN:
        refuse("__all__", _("需求尚未对接，不能登记咨询指导。"))
    entry = Consultation.objects.create(
        request=request,
        held_on=parse_date(held_on, "held_on"),
        who=required_text(who, "who", 200, _("请填写参加人员。")),
        topic=required_text(topic, "topic", 200, _("请填写主题。")),
        form=optional_text(form, "form", 50),
        outcome=optional_text(outcome, "outcome", 5000),
        recorded_by=actor,
    )
    record(actor, "projects.consultation_logged", request, consultation=entry.pk)
    return entry


@transaction.atomic
def rate(request: ResourceRequest, actor, *, rating, comment="") -> ResourceRequest:
    request = ResourceRequest.objects.select_for_update().get(pk=request.pk)
    if request.state not in (ResourceRequest.State.MATCHED, ResourceRequest.State.DONE):
        refuse("rating", _("对接完成后才能评价。"))
    text = str(rating or "").strip()
    if text not in {"1", "2", "3", "4", "5"}:
        refuse("rating", _("请选择 1–5 分。"))
    request.rating, request.rating_comment = int(text), optional_text(comment, "comment", 2000)
    request.state = ResourceRequest.State.DONE
    request.save(update_fields=["rating", "rating_comment", "state"])
    record(actor, "projects.request_rated", request, rating=request.rating)
    return request


def load(model_field: str):
    """Each provider's (or expert's) open and total requests and average rating, one query."""
    return (
        ResourceRequest.objects.filter(**{f"{model_field}__isnull": False})
        .values(model_field, f"{model_field}__name")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(state=ResourceRequest.State.MATCHED)),
            rating=Avg("rating"),
        )
        .order_by(f"{model_field}__name")
    )
