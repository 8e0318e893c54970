"""The staff page of one unit: rename, named years, merge, deactivate; a refusal keeps what was typed."""

import pytest

from psyboost.calls.models import Unit
from tests.factories import ApplicationFactory, UnitFactory, UnitUserFactory

pytestmark = pytest.mark.django_db


def test_rename_then_the_list_finds_it_by_its_former_name(staff_client):
    unit = UnitFactory(name="北京甲公司")

    response = staff_client.post(f"/staff/units/{unit.pk}/", {"action": "rename", "name": "北京甲集团"})

    assert response["Location"] == f"/staff/units/{unit.pk}/"
    page = staff_client.get(response["Location"]).content.decode()
    assert "已改名；原名称已记为曾用名。" in page and "北京甲公司" in page
    listed = staff_client.get("/staff/units/?q=甲公司").context["page"]
    assert [u.name for u in listed] == ["北京甲集团"]


def test_years_typed_wrong_are_kept_with_the_message(staff_client):
    unit = UnitFactory(named_year=2017)

    response = staff_client.post(f"/staff/units/{unit.pk}/", {"action": "years", "years": "2017，二〇一九"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "请按四位数字填写命名年份，多个年份用逗号分隔，例如 2016, 2019。" in html
    assert 'value="2017，二〇一九"' in html
    staff_client.post(f"/staff/units/{unit.pk}/", {"action": "years", "years": "2012, 2017"})
    assert Unit.objects.get(pk=unit.pk).named_years == [2012, 2017]


def test_merge_by_name_and_deactivate(staff_client):
    keep, duplicate = UnitFactory(name="北京乙单位"), UnitFactory(name="北京乙单位（重复）")
    user = UnitUserFactory(unit=duplicate)
    ApplicationFactory(unit=duplicate)

    staff_client.post(f"/staff/units/{keep.pk}/", {"action": "merge", "duplicate": "北京乙单位（重复）"})
    refused = staff_client.post(f"/staff/units/{keep.pk}/", {"action": "deactivate", "reason": ""})

    user.refresh_from_db()
    assert user.unit_id == keep.pk
    assert keep.applications.count() == 1
    assert refused.status_code == 400 and "请填写停用理由。" in refused.content.decode()
    staff_client.post(f"/staff/units/{keep.pk}/", {"action": "deactivate", "reason": "单位已注销"})
    assert Unit.objects.get(pk=keep.pk).is_active is False
