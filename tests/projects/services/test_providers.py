"""Staff keep the provider catalogue: edit, stop working with one (reason required, audited), resume. A deactivated
provider is refused for new matches and left out of the choices; its history stays."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from psyboost.audit.models import AuditEntry
from psyboost.projects.models import Provider, ResourceRequest
from psyboost.projects.services import matching, providers
from psyboost.projects.services.common import ProjectRefused
from tests import factories

pytestmark = pytest.mark.django_db
NOW = datetime(2020, 10, 8, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def setup():
    staff = factories.StaffFactory(username="staff")
    provider = matching.save_provider(staff, name="阳光心理", services=["group"], districts_served=["朝阳区"])
    unit = factories.UnitFactory(name="甲单位")
    user = factories.UnitUserFactory(unit=unit)
    return staff, provider, unit, user


def test_edit_changes_the_details_and_audits_the_changed_fields(setup):
    staff, provider, _unit, _user = setup
    saved = providers.edit_provider(
        provider, staff, name="阳光心理咨询中心", services=["group", "eap"], districts=["朝阳区"], phone="010-1234"
    )
    assert (saved.name, saved.services, saved.phone, saved.active) == (
        "阳光心理咨询中心",
        ["group", "eap"],
        "010-1234",
        True,
    )
    entry = AuditEntry.objects.filter(action="projects.provider_edited").get()
    assert entry.data == {"changed": ["name", "phone", "services"]}


def test_edit_refusals_name_their_fields_and_store_nothing(setup):
    staff, provider, _unit, _user = setup
    Provider.objects.create(name="同心EAP")
    with pytest.raises(ProjectRefused) as refusal:
        providers.edit_provider(provider, staff, name="同心EAP", services=["magic"], districts=["火星"], email="x@")
    assert refusal.value.errors == {
        "name": "已有同名机构。",
        "services": "服务项目不在列表中。",
        "districts": "服务区域不在列表中。",
        "email": "联系邮箱格式不正确，例如 name@example.com。",
    }
    provider.refresh_from_db()
    assert (provider.name, provider.services) == ("阳光心理", ["group"])
    assert not AuditEntry.objects.filter(action="projects.provider_edited").exists()


def test_deactivation_needs_a_reason_is_audited_and_keeps_the_history(setup):
    staff, provider, unit, user = setup
    request = matching.file_request(unit, user, kind="social", need="团辅")
    matching.match(request, staff, provider_id=str(provider.pk), arrangement="三日内联系")
    with pytest.raises(ProjectRefused) as refusal:
        providers.deactivate(provider, staff, reason="  ")
    assert refusal.value.errors == {"reason": "请填写停止合作的理由。"}

    providers.deactivate(provider, staff, reason="资质到期", now=NOW)

    provider.refresh_from_db()
    assert (provider.active, provider.deactivated_at, provider.deactivation_reason) == (False, NOW, "资质到期")
    entry = AuditEntry.objects.filter(action="projects.provider_deactivated").get()
    assert (entry.reason, entry.actor, entry.target_id) == ("资质到期", staff, str(provider.pk))
    request.refresh_from_db()
    assert (request.provider, request.state) == (provider, ResourceRequest.State.MATCHED)
    with pytest.raises(ProjectRefused) as again:
        providers.deactivate(provider, staff, reason="再次")
    assert again.value.errors == {"reason": "该机构已停止合作。"}


def test_a_deactivated_provider_is_refused_for_a_new_match_until_resumed(setup):
    staff, provider, unit, user = setup
    providers.deactivate(provider, staff, reason="资质到期", now=NOW)
    request = matching.file_request(unit, user, kind="social", need="团辅")
    with pytest.raises(ProjectRefused) as refusal:
        matching.match(request, staff, provider_id=str(provider.pk), arrangement="联系")
    assert refusal.value.errors == {"provider": "该机构不存在或已停止合作。"}

    providers.reactivate(provider, staff)

    provider.refresh_from_db()
    assert (provider.active, provider.deactivated_at, provider.deactivation_reason) == (True, None, "")
    assert AuditEntry.objects.filter(action="projects.provider_reactivated").get().data == {
        "previous_reason": "资质到期"
    }
    assert matching.match(request, staff, provider_id=str(provider.pk), arrangement="联系").provider == provider
    with pytest.raises(ProjectRefused) as active:
        providers.reactivate(provider, staff)
    assert active.value.message == "该机构仍在合作中。"


def test_the_pages_offer_only_active_providers_and_keep_the_input_on_refusal(client, setup):
    staff, provider, unit, user = setup
    other = Provider.objects.create(name="同心EAP")
    client.force_login(staff)
    response = client.post(f"/projects/providers/{provider.pk}/deactivate/", {"reason": ""})
    assert response.status_code == 200
    assert "请填写停止合作的理由。" in response.content.decode()
    response = client.post(f"/projects/providers/{provider.pk}/deactivate/", {"reason": "资质到期"})
    assert response.status_code == 302
    matching.file_request(unit, user, kind="social", need="团辅")
    page = client.get("/projects/requests/").content.decode()
    assert f'<option value="{other.pk}">同心EAP</option>' in page
    assert f'<option value="{provider.pk}">' not in page
    listing = client.get("/projects/providers/").content.decode()
    assert "已停止合作：资质到期" in listing
    response = client.post(f"/projects/providers/{other.pk}/", {"name": "", "phone": "010-99"})
    page = response.content.decode()
    assert response.status_code == 200 and "请填写机构名称。" in page and 'value="010-99"' in page
    assert Provider.objects.get(pk=other.pk).name == "同心EAP"
