"""The provider catalogue kept by staff: edit a provider, stop working with one (with a reason) and resume.
A deactivated provider is no longer offered for new matches or activities (``matching.match`` accepts active ones
only); its requests, activities and ratings stay as they were."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from psyboost.audit.services import record

from ..models import Provider
from .common import refuse, required_text
from .matching import save_provider

EDITABLE = ("name", "qualifications", "services", "districts", "contact_name", "phone", "email")


@transaction.atomic
def edit_provider(provider: Provider, actor, **values) -> Provider:
    """Change the provider's details (same checks as adding one); the audit record names the changed fields."""
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    before = {name: getattr(provider, name) for name in EDITABLE}
    saved = save_provider(
        actor,
        provider=provider,
        name=values.get("name"),
        qualifications=values.get("qualifications", ""),
        services=values.get("services", ()),
        districts_served=values.get("districts", ()),
        contact_name=values.get("contact_name", ""),
        phone=values.get("phone", ""),
        email=values.get("email", ""),
        active=provider.active,
    )
    changed = sorted(name for name in EDITABLE if getattr(saved, name) != before[name])
    record(actor, "projects.provider_edited", saved, changed=changed)
    return saved


@transaction.atomic
def deactivate(provider: Provider, actor, *, reason, now=None) -> Provider:
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not provider.active:
        refuse("reason", _("该机构已停止合作。"))
    reason = required_text(reason, "reason", 2000, _("请填写停止合作的理由。"))
    provider.active, provider.deactivated_at, provider.deactivation_reason = False, now or timezone.now(), reason
    provider.save(update_fields=["active", "deactivated_at", "deactivation_reason"])
    record(actor, "projects.provider_deactivated", provider, reason=reason)
    return provider


@transaction.atomic
def reactivate(provider: Provider, actor) -> Provider:
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if provider.active:
        refuse("__all__", _("该机构仍在合作中。"))
    previous = provider.deactivation_reason
    provider.active, provider.deactivated_at, provider.deactivation_reason = True, None, ""
    provider.save(update_fields=["active", "deactivated_at", "deactivation_reason"])
    record(actor, "projects.provider_reactivated", provider, previous_reason=previous)
    return provider
