"""Two tabs on one draft (issue 9): the autosave sends only the inputs the tab changed with the values it started
from (``base``); both tabs' changes to different fields are written, a conflict is only the same field or table
changed by another save, and the user's own save in another tab is called theirs, not someone else's."""

import json

import pytest
from django.urls import reverse

from psyboost.applications import services
from psyboost.applications.errors import StaleDraft
from tests.factories import UnitUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock_in_the_call")]


def autosave(client, application, section, data, base, version=1):
    body = {"section": section, "version": version, "data": data, "base": base}
    return client.post(
        reverse("applications:autosave", args=[application.pk]), json.dumps(body), content_type="application/json"
    )


def test_two_tabs_changing_different_fields_are_both_written(client, application, owner):
    client.force_login(owner)

    first = autosave(client, application, "basic", {"union_leader": "王建设"}, {"union_leader": "王建国"})
    second = autosave(
        client, application, "basic", {"address": "北京市东城区1号"}, {"address": "北京市朝阳区建国路88号"}
    )

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json()["version"] == 3
    assert second.json()["stored"]["union_leader"] == "王建设"  # the other tab learns the first tab's change
    application.refresh_from_db()
    assert (application.union_leader, application.address) == ("王建设", "北京市东城区1号")


def test_the_same_field_changed_in_two_tabs_is_a_conflict_called_ones_own(client, application, owner):
    client.force_login(owner)
    assert (
        autosave(client, application, "basic", {"union_leader": "王建设"}, {"union_leader": "王建国"}).status_code
        == 200
    )

    response = autosave(client, application, "basic", {"union_leader": "王建军"}, {"union_leader": "王建国"})

    assert response.status_code == 409
    answer = response.json()
    assert answer["fields"] == ["union_leader"]
    assert answer["message"] == (
        "保存失败：在您编辑期间，您本人（在另一个窗口或标签页中）保存了新的内容（工会负责人）。"
        "您的输入仍保留在页面上，请核对后再保存。"
    )
    assert answer["changes"] == [{"name": "union_leader", "label": "工会负责人", "saved": "王建设", "yours": "王建军"}]
    application.refresh_from_db()
    assert application.union_leader == "王建设"


def test_a_conflict_with_a_colleague_names_them_and_keep_mine_overwrites(client, application, owner):
    colleague = UnitUserFactory(unit=application.unit, display_name="王强")
    client.force_login(colleague)
    assert (
        autosave(client, application, "basic", {"union_leader": "王建设"}, {"union_leader": "王建国"}).status_code
        == 200
    )
    client.force_login(owner)

    refused = autosave(client, application, "basic", {"union_leader": "王建军"}, {"union_leader": "王建国"})
    assert refused.status_code == 409
    assert "王强保存了新的内容（工会负责人）" in refused.json()["message"]
    kept = autosave(
        client,
        application,
        "basic",
        {"union_leader": "王建军"},
        {"union_leader": refused.json()["stored"]["union_leader"]},
    )

    assert kept.status_code == 200
    application.refresh_from_db()
    assert application.union_leader == "王建军"


def test_a_table_changed_in_one_tab_and_a_field_in_another(client, application, owner):
    client.force_login(owner)
    stored = autosave(client, application, "foundation", {"site_area": "150"}, {"site_area": "120.00"}).json()["stored"]
    table_base = {key: value for key, value in stored.items() if key.startswith("equipment-")}
    table = {**table_base, "equipment-0-name": "宣泄人"}

    response = autosave(
        client, application, "foundation", {**table, "tables": "equipment"}, {**table_base, "tables": "equipment"}
    )

    assert response.status_code == 200, response.json()
    application.refresh_from_db()
    assert application.site_area == 150
    assert application.equipment.get(position=0).name == "宣泄人"


def test_an_unticked_box_not_sent_is_left_alone(client, application, owner):
    client.force_login(owner)
    assert application.privacy_confirmed is True  # a full-page save without it would untick it

    response = autosave(client, application, "signoff", {"declaration_confirmed": "on"}, {"declaration_confirmed": ""})

    assert response.status_code == 200
    application.refresh_from_db()
    assert application.privacy_confirmed is True


def test_service_own_save_in_another_tab_is_not_someone_elses_by_version(application, owner):
    services.save_draft(application, {"headcount": 1300}, expected_version=1, actor=owner)

    with pytest.raises(StaleDraft) as refused:
        services.save_draft(application, {"headcount": 1400}, expected_version=1, actor=owner)

    assert refused.value.actors == ["您本人（在另一个窗口或标签页中）"]
